#include "verify/Message.h"

#include <QJsonDocument>

namespace idleforge::verify {

qint64 Message::wireBytes() const
{
    const QJsonObject env{{QStringLiteral("type"), type}, {QStringLiteral("game"), game}, {QStringLiteral("from"), from},
                          {QStringLiteral("to"), to},     {QStringLiteral("seq"), double(seq)}, {QStringLiteral("body"), body},
                          {QStringLiteral("blob"), double(blob.size())}};
    return QJsonDocument(env).toJson(QJsonDocument::Compact).size() + blob.size();
}

Error malformed(const QString &what) { return makeError("verify.malformed", what); }

QJsonObject messageToJson(const Message &m)
{
    return QJsonObject{{QStringLiteral("type"), m.type}, {QStringLiteral("game"), m.game}, {QStringLiteral("from"), m.from},
                       {QStringLiteral("to"), m.to},     {QStringLiteral("seq"), m.seq},   {QStringLiteral("body"), m.body}};
}

Result<Message> messageFromJson(const QJsonObject &o)
{
    Message m;
    for (const char *key : {"type", "game", "from", "to"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isString() || v.toString().isEmpty() || v.toString().size() > 64)
            return malformed(QStringLiteral("message field \"%1\" must be a short string").arg(QLatin1String(key)));
    }
    if (!o.value(QLatin1String("body")).isObject())
        return malformed(QStringLiteral("message field \"body\" must be an object"));
    auto seq = intField(o, "seq", 1, qint64(1) << 40);
    if (!seq)
        return seq.error();
    m.type = o.value(QLatin1String("type")).toString();
    m.game = o.value(QLatin1String("game")).toString();
    m.from = o.value(QLatin1String("from")).toString();
    m.to = o.value(QLatin1String("to")).toString();
    m.seq = *seq;
    m.body = o.value(QLatin1String("body")).toObject();
    return m;
}

Result<void> MessageGate::check(const Message &m, const QStringList &expectedFrom, const QStringList &expectedTypes) const
{
    if (m.to != m_self)
        return makeError("verify.misrouted", QStringLiteral("message for \"%1\" delivered to \"%2\"").arg(m.to, m_self));
    if (m.game != m_game)
        return makeError("verify.wrong_game", QStringLiteral("message of game \"%1\" in game \"%2\"").arg(m.game, m_game));
    if (!expectedFrom.contains(m.from))
        return makeError("verify.unknown_sender", QStringLiteral("\"%1\" is not a party that may send here").arg(m.from));
    const qint64 bodyBytes = QJsonDocument(m.body).toJson(QJsonDocument::Compact).size();
    if (bodyBytes > m_limits.maxBodyBytes)
        return makeError("verify.oversized", QStringLiteral("%1 body of %2 bytes exceeds the limit of %3").arg(m.type).arg(bodyBytes).arg(m_limits.maxBodyBytes));
    if (m.blob.size() > m_limits.maxBlobBytes)
        return makeError("verify.oversized", QStringLiteral("%1 blob of %2 bytes exceeds the limit of %3").arg(m.type).arg(m.blob.size()).arg(m_limits.maxBlobBytes));
    const auto seen = m_lastSeen.find(m.from);
    const qint64 last = seen == m_lastSeen.end() ? 0 : seen->second;
    if (m.seq <= last)
        return makeError("verify.replayed", QStringLiteral("%1 #%2 from %3 was already seen (last accepted #%4)").arg(m.type).arg(m.seq).arg(m.from).arg(last));
    if (m.seq != last + 1)
        return makeError("verify.out_of_order", QStringLiteral("%1 #%2 from %3 skips ahead (expected #%4)").arg(m.type).arg(m.seq).arg(m.from).arg(last + 1));
    if (!expectedTypes.contains(m.type))
        return makeError("verify.out_of_order", QStringLiteral("unexpected %1 from %2 (expecting %3)").arg(m.type, m.from, expectedTypes.isEmpty() ? QStringLiteral("nothing: the exchange is over") : expectedTypes.join(QStringLiteral(" or "))));
    return {};
}

Message MessageGate::make(const QString &to, const QString &type, QJsonObject body, QByteArray blob)
{
    const qint64 seq = ++m_sent[to];
    return Message{type, m_game, m_self, to, seq, std::move(body), std::move(blob)};
}

QString hexOf(const Hash256 &h) { return QString::fromStdString(crypto::toHex(h)); }

QJsonArray hashList(const std::vector<Hash256> &hashes)
{
    QJsonArray a;
    for (const auto &h : hashes)
        a.append(hexOf(h));
    return a;
}

Result<Hash256> hashField(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isString())
        return malformed(QStringLiteral("\"%1\" must be a 64-digit hex hash").arg(QLatin1String(key)));
    const auto h = crypto::hashFromHex(v.toString().toStdString());
    if (!h)
        return malformed(QStringLiteral("\"%1\" must be a 64-digit hex hash").arg(QLatin1String(key)));
    return *h;
}

Result<qint64> intField(const QJsonObject &o, const char *key, qint64 min, qint64 max)
{
    const QJsonValue v = o.value(QLatin1String(key));
    const double d = v.toDouble(-1e300);
    if (!v.isDouble() || d != double(qint64(d)) || qint64(d) < min || qint64(d) > max)
        return malformed(QStringLiteral("\"%1\" must be an integer in %2..%3").arg(QLatin1String(key)).arg(min).arg(max));
    return qint64(d);
}

Result<std::vector<Hash256>> hashListField(const QJsonObject &o, const char *key, qsizetype maxCount)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isArray() || v.toArray().size() > maxCount)
        return malformed(QStringLiteral("\"%1\" must be a list of at most %2 hashes").arg(QLatin1String(key)).arg(maxCount));
    std::vector<Hash256> out;
    for (const auto &e : v.toArray()) {
        const auto h = e.isString() ? crypto::hashFromHex(e.toString().toStdString()) : std::nullopt;
        if (!h)
            return malformed(QStringLiteral("\"%1\" holds something that is not a hex hash").arg(QLatin1String(key)));
        out.push_back(*h);
    }
    return out;
}

QJsonObject proofJson(const crypto::MerkleProof &p)
{
    return {{QStringLiteral("index"), double(p.index)}, {QStringLiteral("count"), double(p.count)},
            {QStringLiteral("siblings"), hashList(p.siblings)}};
}

Result<crypto::MerkleProof> proofField(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isObject())
        return malformed(QStringLiteral("\"%1\" must be a Merkle proof object").arg(QLatin1String(key)));
    const QJsonObject p = v.toObject();
    auto count = intField(p, "count", 1, qint64(1) << 40);
    if (!count)
        return count.error();
    auto index = intField(p, "index", 0, *count - 1);
    if (!index)
        return index.error();
    auto siblings = hashListField(p, "siblings", 64);
    if (!siblings)
        return siblings.error();
    return crypto::MerkleProof{std::uint64_t(*index), std::uint64_t(*count), std::move(siblings).value()};
}

} // namespace idleforge::verify
