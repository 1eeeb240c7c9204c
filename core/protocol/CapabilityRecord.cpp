#include "protocol/CapabilityRecord.h"

#include "crypto/Base58.h"
#include "protocol/CanonicalJson.h"
#include "protocol/SignedJson.h"
#include "protocol/Messages.h"

namespace idleforge::protocol {

namespace {
Error bad(const QString &why)
{
    return makeError("protocol.bad_capability", QStringLiteral("invalid capability record: %1").arg(why));
}
} // namespace

QJsonObject CapabilityRecord::fieldsJson() const
{
    return QJsonObject{{QStringLiteral("v"), 1},
                       {QStringLiteral("node"), node},
                       {QStringLiteral("payout"), payout},
                       {QStringLiteral("backends"), QJsonArray::fromStringList(backends)},
                       {QStringLiteral("memory_bytes"), memoryBytes},
                       {QStringLiteral("fp32_mflops"), fp32Mflops},
                       {QStringLiteral("threads"), threads},
                       {QStringLiteral("hardware"), hardware},
                       {QStringLiteral("ts"), tsMs}};
}

Result<CapabilityRecord> CapabilityRecord::sign(CapabilityRecord fields, const Signer &signer)
{
    fields.node = keyToBase58(signer.publicKey);
    const QJsonObject unsignedPart = fields.fieldsJson();
    auto canonical = canonicalJson(unsignedPart);
    if (!canonical)
        return bad(canonical.error().message);
    fields.signedJson = unsignedPart;
    fields.signedJson.insert(QStringLiteral("sig"),
                             signatureText(signer.sign(bytesOf(*canonical))));
    return fields;
}

Result<CapabilityRecord> CapabilityRecord::fromJson(const QJsonObject &json)
{
    if (msg::integerField(json, QStringLiteral("v")) != 1)
        return bad(QStringLiteral("\"v\" must be 1"));
    CapabilityRecord r;
    r.node = json.value(QLatin1String("node")).toString();
    r.payout = json.value(QLatin1String("payout")).toString();
    const auto key = keyFromBase58(r.node);
    if (!key)
        return bad(QStringLiteral("\"node\" is not a base58 public key"));
    if (r.payout.isEmpty() || r.payout.size() > 64)
        return bad(QStringLiteral("\"payout\" must be an address"));
    for (const QJsonValue &b : json.value(QLatin1String("backends")).toArray()) {
        if (b.toString() != QLatin1String("repro") && b.toString() != QLatin1String("fast"))
            return bad(QStringLiteral("unknown backend \"%1\"").arg(b.toString()));
        r.backends << b.toString();
    }
    if (r.backends.isEmpty())
        return bad(QStringLiteral("\"backends\" must name at least one backend"));
    const auto mem = msg::integerField(json, QStringLiteral("memory_bytes"));
    const auto mflops = msg::integerField(json, QStringLiteral("fp32_mflops"));
    const auto threads = msg::integerField(json, QStringLiteral("threads"));
    const auto ts = msg::integerField(json, QStringLiteral("ts"));
    if (!mem || *mem <= 0 || !mflops || *mflops <= 0 || !threads || *threads <= 0 || !ts || *ts < 0)
        return bad(QStringLiteral("memory_bytes, fp32_mflops and threads must be positive integers, ts an integer"));
    r.memoryBytes = *mem;
    r.fp32Mflops = *mflops;
    r.threads = *threads;
    r.tsMs = *ts;
    if (!json.value(QLatin1String("hardware")).isObject())
        return bad(QStringLiteral("\"hardware\" must be an object"));
    r.hardware = json.value(QLatin1String("hardware")).toObject();

    auto parts = splitSigned(json);
    if (!parts)
        return bad(parts.error().message);
    if (!crypto::ed25519Verify(*key, bytesOf(parts->canonical), parts->signature))
        return bad(QStringLiteral("the signature does not verify against \"node\""));
    r.signedJson = json;
    return r;
}

} // namespace idleforge::protocol
