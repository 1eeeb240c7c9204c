#include "protocol/Envelope.h"

#include "crypto/Base58.h"
#include "protocol/CanonicalJson.h"

#include <QJsonDocument>
#include <QRandomGenerator>

#include <sodium.h>

namespace idleforge::protocol {

namespace {

std::span<const std::uint8_t> bytesOf(const QByteArray &b)
{
    return {reinterpret_cast<const std::uint8_t *>(b.constData()), static_cast<std::size_t>(b.size())};
}

Error bad(const QString &why)
{
    return makeError("protocol.bad_envelope", QStringLiteral("malformed envelope: %1").arg(why));
}

bool validNonce(const QString &n)
{
    if (n.size() < 16 || n.size() > 64)
        return false;
    for (const QChar c : n) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-' ||
                        u == u'_';
        if (!ok)
            return false;
    }
    return true;
}

bool validType(const QString &t)
{
    if (t.isEmpty() || t.size() > 64)
        return false;
    for (const QChar c : t) {
        const char16_t u = c.unicode();
        if (!((u >= u'a' && u <= u'z') || u == u'_' || (u >= u'0' && u <= u'9')))
            return false;
    }
    return true;
}

} // namespace

Signer Signer::of(const crypto::Ed25519KeyPair &key)
{
    return Signer{key.publicKey(), [&key](std::span<const std::uint8_t> m) { return key.sign(m); }};
}

QString keyToBase58(const crypto::PublicKey &key)
{
    return QString::fromStdString(crypto::base58Encode(key));
}

std::optional<crypto::PublicKey> keyFromBase58(const QString &text)
{
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    const auto bytes = crypto::base58Decode(text.toStdString());
    if (!bytes)
        return std::nullopt;
    return crypto::publicKeyFromBytes(*bytes);
}

QString makeNonce()
{
    std::array<std::uint8_t, 16> raw{};
    randombytes_buf(raw.data(), raw.size());
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(raw.data()), raw.size())
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<Envelope> Envelope::parse(const QByteArray &wire)
{
    if (wire.size() > kMaxMessageBytes)
        return makeError("protocol.oversized", QStringLiteral("message of %1 bytes is over the limit of %2 bytes")
                                                   .arg(wire.size())
                                                   .arg(kMaxMessageBytes));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(wire, &err);
    if (err.error != QJsonParseError::NoError)
        return makeError("protocol.bad_json",
                         QStringLiteral("not JSON (offset %1: %2)").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        return makeError("protocol.bad_json", QStringLiteral("a message must be a JSON object"));
    const QJsonObject o = doc.object();

    const QJsonValue v = o.value(QLatin1String("v"));
    if (!v.isDouble() || double(v.toInteger(-1)) != v.toDouble())
        return bad(QStringLiteral("\"v\" must be an integer"));
    if (v.toInteger() != kProtocolVersion)
        return makeError("protocol.bad_version", QStringLiteral("protocol version %1 is not supported (this build speaks %2)")
                                                     .arg(v.toInteger())
                                                     .arg(kProtocolVersion));
    static const QStringList allowed{QStringLiteral("v"),     QStringLiteral("type"), QStringLiteral("from"),
                                     QStringLiteral("nonce"), QStringLiteral("ts"),   QStringLiteral("body"),
                                     QStringLiteral("sig")};
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!allowed.contains(it.key()))
            return bad(QStringLiteral("unknown field \"%1\"").arg(it.key().left(64)));

    Envelope e;
    e.version = kProtocolVersion;
    e.type = o.value(QLatin1String("type")).toString();
    if (!validType(e.type))
        return bad(QStringLiteral("\"type\" must be 1..64 characters of [a-z0-9_]"));
    e.from = o.value(QLatin1String("from")).toString();
    const auto key = keyFromBase58(e.from);
    if (!key)
        return bad(QStringLiteral("\"from\" is not a base58 Ed25519 public key"));
    e.fromKey = *key;
    e.nonce = o.value(QLatin1String("nonce")).toString();
    if (!validNonce(e.nonce))
        return bad(QStringLiteral("\"nonce\" must be 16..64 characters of [A-Za-z0-9_-]"));
    const QJsonValue ts = o.value(QLatin1String("ts"));
    if (!ts.isDouble() || ts.toInteger(-1) < 0 || double(ts.toInteger(-1)) != ts.toDouble())
        return bad(QStringLiteral("\"ts\" must be a non-negative integer (ms since epoch)"));
    e.tsMs = ts.toInteger();
    const QJsonValue body = o.value(QLatin1String("body"));
    if (!body.isObject())
        return bad(QStringLiteral("\"body\" must be an object"));
    e.body = body.toObject();

    const auto sig = crypto::base58Decode(o.value(QLatin1String("sig")).toString().left(128).toStdString());
    const auto signature = sig ? crypto::signatureFromBytes(*sig) : std::nullopt;
    if (!signature)
        return bad(QStringLiteral("\"sig\" is not a base58 64-byte signature"));
    e.signature = *signature;

    QJsonObject unsignedPart = o;
    unsignedPart.remove(QLatin1String("sig"));
    auto canonical = canonicalJson(unsignedPart);
    if (!canonical)
        return bad(canonical.error().message);
    e.canonical = *canonical;
    return e;
}

bool Envelope::signatureValid() const
{
    return !canonical.isEmpty() && crypto::ed25519Verify(fromKey, bytesOf(canonical), signature);
}

QByteArray Envelope::toWire() const
{
    // "sig" appended last: not the canonical key order, which is fine, since receivers sign and
    // verify their own canonical form of the parsed object, never the wire bytes.
    QByteArray out = canonical;
    out.chop(1);
    out += ",\"sig\":\"";
    out += QByteArray::fromStdString(crypto::base58Encode(signature));
    out += "\"}";
    return out;
}

Result<Envelope> signEnvelope(const QString &type, const QJsonObject &body, const Signer &signer, qint64 tsMs,
                              const QString &nonce)
{
    Envelope e;
    e.type = type;
    e.fromKey = signer.publicKey;
    e.from = keyToBase58(signer.publicKey);
    e.nonce = nonce;
    e.tsMs = tsMs;
    e.body = body;
    const QJsonObject unsignedPart{{QStringLiteral("v"), kProtocolVersion}, {QStringLiteral("type"), type},
                                   {QStringLiteral("from"), e.from},        {QStringLiteral("nonce"), nonce},
                                   {QStringLiteral("ts"), tsMs},            {QStringLiteral("body"), body}};
    auto canonical = canonicalJson(unsignedPart);
    if (!canonical)
        return canonical.error();
    e.canonical = *canonical;
    e.signature = signer.sign(bytesOf(e.canonical));
    return e;
}

} // namespace idleforge::protocol
