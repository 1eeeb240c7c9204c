#include "protocol/Envelope.h"

#include "base/JsonLines.h"
#include "crypto/Base58.h"
#include "protocol/CanonicalJson.h"
#include "protocol/Messages.h"
#include "protocol/SignedJson.h"

#include <QJsonDocument>
#include <QRandomGenerator>

#include <sodium.h>

namespace idleforge::protocol {

namespace {

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
    const auto parsed = parseJsonObject(wire, "protocol.bad_json", "protocol.bad_json");
    if (!parsed)
        return parsed.error();
    const QJsonObject &o = *parsed;

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
    const auto ts = msg::integerField(o, QStringLiteral("ts"));
    if (!ts || *ts < 0)
        return bad(QStringLiteral("\"ts\" must be a non-negative integer (ms since epoch)"));
    e.tsMs = *ts;
    const QJsonValue body = o.value(QLatin1String("body"));
    if (!body.isObject())
        return bad(QStringLiteral("\"body\" must be an object"));
    e.body = body.toObject();

    return withSignedParts(std::move(e), o, bad);
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
