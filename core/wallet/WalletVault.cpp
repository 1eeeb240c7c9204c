#include "wallet/WalletVault.h"

#include "base/BoundedRead.h"

#include "base/Paths.h"
#include "secrets/SecretStore.h"
#include "wallet/Bip39.h"
#include "wallet/Log.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstring>

namespace idleforge::wallet {

using crypto::SecureBuffer;

SecureBuffer PayoutSecret::encode() const
{
    const std::string head = "IFW1\n" + std::to_string(account) + "\n";
    SecureBuffer out(head.size() + mnemonic.size() + 1 + passphrase.size());
    std::uint8_t *p = out.data();
    std::memcpy(p, head.data(), head.size());
    p += head.size();
    if (mnemonic.size())
        std::memcpy(p, mnemonic.data(), mnemonic.size());
    p += mnemonic.size();
    *p++ = '\n';
    if (passphrase.size())
        std::memcpy(p, passphrase.data(), passphrase.size());
    return out;
}

Result<PayoutSecret> PayoutSecret::decode(std::span<const std::uint8_t> bytes)
{
    const std::string_view s(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    const auto bad = [] {
        return makeError("wallet.bad_secret", QStringLiteral("the stored wallet entry is not in a known format"));
    };
    if (!s.starts_with("IFW1\n"))
        return bad();
    const std::size_t a = 5;
    const std::size_t b = s.find('\n', a);
    if (b == std::string_view::npos)
        return bad();
    const std::size_t c = s.find('\n', b + 1);
    if (c == std::string_view::npos)
        return bad();
    const QString acc = QString::fromLatin1(s.substr(a, b - a).data(), static_cast<qsizetype>(b - a));
    bool ok = false;
    const uint account = acc.toUInt(&ok);
    if (!ok)
        return bad();
    PayoutSecret secret;
    secret.account = account;
    secret.mnemonic = SecureBuffer::copyOf(s.substr(b + 1, c - b - 1));
    secret.passphrase = SecureBuffer::copyOf(s.substr(c + 1));
    return secret;
}

QString WalletInfo::infoFile()
{
    return paths::dataDir() + QStringLiteral("/wallet.json");
}

Result<void> WalletInfo::save() const
{
    QJsonObject o{{QStringLiteral("address"), address},
                  {QStringLiteral("path"), path},
                  {QStringLiteral("account"), static_cast<qint64>(account)},
                  {QStringLiteral("nodeId"), nodeId},
                  {QStringLiteral("store"), store},
                  {QStringLiteral("created"), createdUtc}};
    QSaveFile f(infoFile());
    if (!f.open(QIODevice::WriteOnly))
        return makeError("wallet.io", QStringLiteral("cannot write %1: %2").arg(infoFile(), f.errorString()));
    f.write(QJsonDocument(o).toJson());
    if (!f.commit())
        return makeError("wallet.io", QStringLiteral("cannot write %1: %2").arg(infoFile(), f.errorString()));
    return {};
}

Result<WalletInfo> WalletInfo::load()
{
    QFile f(infoFile());
    if (!f.exists())
        return makeError("wallet.no_wallet",
                         QStringLiteral("no wallet yet: run 'idleforgectl wallet create' or 'wallet import'"));
    if (auto opened = openRegularFile(f); !opened) // a FIFO or device there is refused, not waited on
        return makeError("wallet.io", QStringLiteral("cannot read %1: %2").arg(infoFile(), opened.error().message));
    auto text = readAtMost(f, qint64(1) << 20); // a few hundred bytes
    if (!text)
        return makeError("wallet.io", QStringLiteral("cannot read %1: %2").arg(infoFile(), text.error().message));
    const QJsonObject o = QJsonDocument::fromJson(*text).object();
    WalletInfo info;
    info.address = o.value(QLatin1String("address")).toString();
    info.path = o.value(QLatin1String("path")).toString();
    info.account = static_cast<std::uint32_t>(o.value(QLatin1String("account")).toInteger());
    info.nodeId = o.value(QLatin1String("nodeId")).toString();
    info.store = o.value(QLatin1String("store")).toString();
    info.createdUtc = o.value(QLatin1String("created")).toString();
    if (info.address.isEmpty())
        return makeError("wallet.io", QStringLiteral("%1 is damaged (no address)").arg(infoFile()));
    return info;
}

Result<PayoutWallet> WalletVault::storePayout(const PayoutSecret &secret)
{
    auto wallet = secret.wallet();
    if (!wallet)
        return wallet.error();
    PayoutSecret normalised;
    normalised.mnemonic = bip39::normalizeMnemonic(secret.mnemonic.view());
    normalised.passphrase = SecureBuffer::copyOf(secret.passphrase.span());
    normalised.account = secret.account;
    if (auto r = secrets::writeNow(m_store, kPayoutSecretName, normalised.encode().span()); !r)
        return r.error();
    qCInfo(lcWallet) << "payout wallet stored in" << m_store.describe();
    return wallet;
}

Result<PayoutSecret> WalletVault::loadPayout()
{
    auto raw = secrets::readNow(m_store, kPayoutSecretName);
    if (!raw) {
        if (raw.error().code == QLatin1String("secrets.not_found"))
            return makeError("wallet.no_wallet",
                             QStringLiteral("%1 holds no payout wallet: run 'idleforgectl wallet create' or "
                                            "'wallet import'")
                                 .arg(m_store.describe()));
        return raw.error();
    }
    return PayoutSecret::decode(raw->span());
}

bool WalletVault::hasPayout()
{
    return secrets::readNow(m_store, kPayoutSecretName).ok();
}

Result<NodeIdentity> WalletVault::loadIdentity()
{
    auto raw = secrets::readNow(m_store, kIdentitySecretName);
    if (!raw)
        return raw.error();
    if (raw->size() != 32)
        return makeError("wallet.bad_secret", QStringLiteral("the stored node identity is not a 32-byte seed"));
    return NodeIdentity::fromSeed(raw->span());
}

Result<NodeIdentity> WalletVault::loadOrCreateIdentity()
{
    auto existing = loadIdentity();
    if (existing || existing.error().code != QLatin1String("secrets.not_found"))
        return existing;
    return rotateIdentity();
}

Result<NodeIdentity> WalletVault::rotateIdentity()
{
    NodeIdentity id = NodeIdentity::generate();
    if (auto r = secrets::writeNow(m_store, kIdentitySecretName, id.seed()); !r)
        return r.error();
    qCInfo(lcWallet) << "new node identity" << id.nodeId();
    return id;
}

} // namespace idleforge::wallet
