#include "protocol/BodyFields.h"

#include "crypto/Blake2b.h"
#include "protocol/Envelope.h"
#include "protocol/Messages.h"

#include <QJsonDocument>

namespace idleforge::protocol::field {

Reader::Reader(const QJsonObject &body, const QString &what)
    : Reader(body, what, QString(), std::make_shared<std::optional<Error>>())
{
}

Reader::Reader(const QJsonObject &body, QString what, QString path, std::shared_ptr<std::optional<Error>> error)
    : m_body(body), m_what(std::move(what)), m_path(std::move(path)), m_error(std::move(error))
{
}

Reader Reader::nested(QLatin1String key)
{
    return Reader(object(key), m_what, m_path + key + QLatin1Char('.'), m_error);
}

Reader Reader::within(const QJsonObject &object, const QString &label)
{
    return Reader(object, m_what, m_path + label + QLatin1Char('.'), m_error);
}

void Reader::refuse(QLatin1String key, const QString &why)
{
    if (!*m_error)
        *m_error = makeError("protocol.bad_body", QStringLiteral("%1: field \"%2%3\" %4").arg(m_what, m_path, key, why));
}

QJsonValue Reader::need(QLatin1String key, bool (QJsonValue::*is)() const, const char *kind)
{
    const QJsonValue v = m_body.value(key);
    if (v.isUndefined())
        refuse(key, QStringLiteral("is missing"));
    else if (!(v.*is)())
        refuse(key, QStringLiteral("must be %1").arg(QLatin1String(kind)));
    else
        return v;
    return QJsonValue();
}

void Reader::read(QLatin1String key, QString &out, const Check &check)
{
    switch (check.kind) {
    case Check::Kind::Plain: out = string(key); return;
    case Check::Kind::WireId: out = wireId(key, QChar(check.prefix)); return;
    case Check::Kind::Hex64: out = hex64(key); return;
    case Check::Kind::NodeKey: out = nodeKey(key); return;
    case Check::Kind::JsonText: out = jsonText(key); return;
    case Check::Kind::OneOf: out = oneOf(key, *check.allowed); return;
    }
}

QString Reader::string(QLatin1String key)
{
    return need(key, &QJsonValue::isString, "a string").toString();
}

QString Reader::oneOf(QLatin1String key, const QStringList &allowed)
{
    const QString s = string(key);
    if (ok() && !allowed.contains(s))
        refuse(key, QStringLiteral("must be one of %1").arg(allowed.join(QLatin1Char('|'))));
    return s;
}

QString Reader::wireId(QLatin1String key, QChar prefix)
{
    const QString s = string(key);
    bool numeric = false;
    const qint64 n = s.size() >= 2 && s.size() <= 20 && s.at(0) == prefix ? QStringView(s).mid(1).toLongLong(&numeric) : 0;
    if (ok() && (!numeric || n <= 0 || QStringLiteral("%1%2").arg(prefix).arg(n) != s))
        refuse(key, QStringLiteral("must be an id %1<n>").arg(prefix));
    return s;
}

QString Reader::hex64(QLatin1String key)
{
    const QString s = string(key);
    if (ok() && !crypto::hashFromHex(s.toStdString()))
        refuse(key, QStringLiteral("must be a hash of 64 hex digits"));
    return s;
}

QString Reader::nodeKey(QLatin1String key)
{
    const QString s = string(key);
    if (ok() && !keyFromBase58(s))
        refuse(key, QStringLiteral("must be a base58 Ed25519 public key"));
    return s;
}

QString Reader::jsonText(QLatin1String key)
{
    const QString s = string(key);
    QJsonParseError e{};
    if (ok() && (!QJsonDocument::fromJson(s.toUtf8(), &e).isObject() || e.error != QJsonParseError::NoError))
        refuse(key, QStringLiteral("must be a JSON object as text (a string)"));
    return s;
}

qint64 Reader::integer(QLatin1String key, qint64 min, qint64 max)
{
    need(key, &QJsonValue::isDouble, "a number");
    if (!ok())
        return min;
    const auto n = msg::integerField(m_body, key);
    if (!n || *n < min || *n > max) {
        refuse(key, QStringLiteral("must be an integer %1..%2").arg(min).arg(max));
        return min;
    }
    return *n;
}

bool Reader::boolean(QLatin1String key)
{
    return need(key, &QJsonValue::isBool, "true or false").toBool();
}

QJsonObject Reader::object(QLatin1String key)
{
    return need(key, &QJsonValue::isObject, "an object").toObject();
}

QJsonArray Reader::array(QLatin1String key, qsizetype maxCount)
{
    const QJsonArray a = need(key, &QJsonValue::isArray, "a list").toArray();
    if (a.size() > maxCount) {
        refuse(key, QStringLiteral("holds %1 entries, at most %2").arg(a.size()).arg(maxCount));
        return {};
    }
    return a;
}

QStringList Reader::strings(QLatin1String key, qsizetype maxCount)
{
    QStringList out;
    const QJsonArray a = array(key, maxCount);
    for (qsizetype i = 0; i < a.size() && ok(); ++i) {
        if (!a.at(i).isString())
            refuse(key, QStringLiteral("must hold strings only (entry %1 is not one)").arg(i));
        out << a.at(i).toString();
    }
    return out;
}

std::map<QString, qint64> Reader::counts(QLatin1String key, qsizetype maxCount)
{
    std::map<QString, qint64> out;
    const QJsonObject o = object(key);
    if (o.size() > maxCount)
        refuse(key, QStringLiteral("holds %1 entries, at most %2").arg(o.size()).arg(maxCount));
    for (auto it = o.begin(); it != o.end() && ok(); ++it) {
        const auto n = msg::integerField(o, it.key());
        if (!n || *n < 0)
            refuse(key, QStringLiteral("must map names to integers >= 0 (\"%1\" does not)").arg(it.key()));
        else
            out.emplace(it.key(), *n);
    }
    return out;
}

QJsonObject countsJson(const std::map<QString, qint64> &counts)
{
    QJsonObject o;
    for (const auto &[name, n] : counts)
        o.insert(name, n);
    return o;
}

} // namespace idleforge::protocol::field
