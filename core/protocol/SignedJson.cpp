#include "protocol/SignedJson.h"

#include "crypto/Base58.h"
#include "protocol/CanonicalJson.h"

namespace idleforge::protocol {

std::span<const std::uint8_t> bytesOf(const QByteArray &b)
{
    return {reinterpret_cast<const std::uint8_t *>(b.constData()), static_cast<std::size_t>(b.size())};
}

Result<SignedParts> splitSigned(const QJsonObject &signedObject)
{
    // 128 characters are more than any 64-byte value needs in base58 (at most 88).
    const auto sig = crypto::base58Decode(signedObject.value(QLatin1String("sig")).toString().left(128).toStdString());
    const auto signature = sig ? crypto::signatureFromBytes(*sig) : std::nullopt;
    if (!signature)
        return makeError("protocol.bad_signature", QStringLiteral("\"sig\" is not a base58 64-byte signature"));
    QJsonObject unsignedPart = signedObject;
    unsignedPart.remove(QLatin1String("sig"));
    auto canonical = canonicalJson(unsignedPart);
    if (!canonical)
        return canonical.error();
    return SignedParts{*canonical, *signature};
}

QString signatureText(const crypto::Signature &signature)
{
    return QString::fromStdString(crypto::base58Encode(signature));
}

} // namespace idleforge::protocol
