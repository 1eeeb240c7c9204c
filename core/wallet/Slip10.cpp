#include "wallet/Slip10.h"

#include "crypto/Hmac.h"

#include <QStringList>

#include <cstring>
#include <stdexcept>

namespace idleforge::wallet::slip10 {

namespace {
ExtendedKey split(const crypto::SecureBuffer &i)
{
    return {crypto::SecureBuffer::copyOf(i.span().first(32)), crypto::SecureBuffer::copyOf(i.span().subspan(32, 32))};
}
} // namespace

ExtendedKey master(std::span<const std::uint8_t> seed)
{
    static constexpr char curve[] = "ed25519 seed";
    return split(crypto::hmacSha512(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(curve), sizeof curve - 1), seed));
}

ExtendedKey child(const ExtendedKey &parent, std::uint32_t index)
{
    if (index < kHardened)
        throw std::invalid_argument("SLIP-0010 Ed25519 supports hardened derivation only");
    // Data = 0x00 || ser256(k_par) || ser32(i)
    crypto::SecureBuffer data(1 + 32 + 4);
    std::memcpy(data.data() + 1, parent.key.data(), 32);
    data.data()[33] = static_cast<std::uint8_t>(index >> 24);
    data.data()[34] = static_cast<std::uint8_t>(index >> 16);
    data.data()[35] = static_cast<std::uint8_t>(index >> 8);
    data.data()[36] = static_cast<std::uint8_t>(index);
    return split(crypto::hmacSha512(parent.chainCode.span(), data.span()));
}

Result<std::vector<std::uint32_t>> parsePath(const QString &path)
{
    const QStringList parts = path.trimmed().split(QLatin1Char('/'));
    if (parts.isEmpty() || parts.first() != QLatin1String("m"))
        return makeError("wallet.bad_path", QStringLiteral("a derivation path starts with \"m\": %1").arg(path));
    std::vector<std::uint32_t> out;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        QString p = parts[i];
        if (!(p.endsWith(QLatin1Char('\'')) || p.endsWith(QLatin1Char('h')) || p.endsWith(QLatin1Char('H'))))
            return makeError("wallet.bad_path",
                             QStringLiteral("component \"%1\" is not hardened; Ed25519 (SLIP-0010) derives "
                                            "hardened keys only, write it as %1'")
                                 .arg(p));
        p.chop(1);
        bool ok = false;
        const qulonglong v = p.toULongLong(&ok, 10);
        if (!ok || v >= kHardened || p.startsWith(QLatin1Char('+')))
            return makeError("wallet.bad_path", QStringLiteral("bad path component \"%1\"").arg(parts[i]));
        out.push_back(static_cast<std::uint32_t>(v) | kHardened);
    }
    return out;
}

ExtendedKey derive(std::span<const std::uint8_t> seed, const std::vector<std::uint32_t> &path)
{
    ExtendedKey k = master(seed);
    for (std::uint32_t index : path)
        k = child(k, index);
    return k;
}

} // namespace idleforge::wallet::slip10
