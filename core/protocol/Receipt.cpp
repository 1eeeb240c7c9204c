#include "protocol/Receipt.h"

#include "crypto/Base58.h"
#include "protocol/CanonicalJson.h"
#include "protocol/Messages.h"
#include "protocol/SignedJson.h"

#include <QJsonDocument>

namespace idleforge::protocol {

namespace {
Error bad(const QString &why)
{
    return makeError("ledger.bad_receipt", QStringLiteral("invalid receipt: %1").arg(why));
}
} // namespace

bool isKnownReceiptKind(const QString &kind)
{
    static const QStringList kinds{QStringLiteral("reward"), QStringLiteral("fee"), QStringLiteral("stake"),
                                   QStringLiteral("slash"), QStringLiteral("payout")};
    return kinds.contains(kind);
}

Result<Receipt> Receipt::fromJson(const QJsonObject &json)
{
    if (json.value(QLatin1String("v")).toInteger(-1) != 1)
        return bad(QStringLiteral("unknown version (\"v\" must be 1)"));
    Receipt r;
    r.id = json.value(QLatin1String("id")).toString();
    r.kind = json.value(QLatin1String("kind")).toString();
    r.state = json.value(QLatin1String("state")).toString();
    r.jobId = json.value(QLatin1String("job")).toString();
    r.nodeId = json.value(QLatin1String("node")).toString();
    r.payee = json.value(QLatin1String("payee")).toString();
    const auto amount = msg::integerField(json, QStringLiteral("amount"));
    const auto ts = msg::integerField(json, QStringLiteral("ts"));
    if (r.id.isEmpty() || r.id.size() > 128)
        return bad(QStringLiteral("missing or over-long \"id\""));
    if (!isKnownReceiptKind(r.kind))
        return bad(QStringLiteral("unknown kind \"%1\"").arg(r.kind));
    if (r.state != QLatin1String("pending") && r.state != QLatin1String("settled") && r.state != QLatin1String("cancelled"))
        return bad(QStringLiteral("unknown state \"%1\"").arg(r.state));
    if (!amount || *amount < 0)
        return bad(QStringLiteral("\"amount\" must be a non-negative integer (micro-credits)"));
    if (!ts || *ts < 0)
        return bad(QStringLiteral("\"ts\" must be a non-negative integer"));
    r.amount = *amount;
    r.issuedMs = *ts;

    return withSignedParts(std::move(r), json, bad);
}

QJsonObject Receipt::toJson() const
{
    QJsonObject o = QJsonDocument::fromJson(canonical).object();
    o.insert(QStringLiteral("sig"), signatureText(signature));
    return o;
}

bool Receipt::verify(const crypto::PublicKey &coordinator) const
{
    return !canonical.isEmpty() && crypto::ed25519Verify(coordinator, bytesOf(canonical), signature);
}

QString Receipt::status() const
{
    if (state == QLatin1String("settled"))
        return QStringLiteral("verified");
    if (state == QLatin1String("cancelled"))
        return QStringLiteral("rejected");
    return QStringLiteral("pending");
}

qint64 spendableAmount(const QString &kind, qint64 amount)
{
    if (kind == QLatin1String("reward"))
        return amount;
    return kind == QLatin1String("slash") ? 0 : -amount;
}

qint64 Receipt::signedAmount() const
{
    return spendableAmount(kind, amount);
}


Result<Receipt> Receipt::sign(QJsonObject fields, const crypto::Ed25519KeyPair &coordinator)
{
    fields.remove(QLatin1String("sig"));
    auto canonical = protocol::canonicalJson(fields);
    if (!canonical)
        return canonical.error();
    const crypto::Signature sig = coordinator.sign(bytesOf(*canonical));
    fields.insert(QStringLiteral("sig"), signatureText(sig));
    return fromJson(fields);
}

} // namespace idleforge::protocol
