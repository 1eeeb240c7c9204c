#include "protocol/Messages.h"

#include <limits>

namespace idleforge::protocol::msg {

QJsonObject errorBody(const Error &error, const QString &re)
{
    QJsonObject b{{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message.left(2000)}};
    if (!re.isEmpty())
        b.insert(QStringLiteral("re"), re);
    return b;
}

Error errorFromBody(const QJsonObject &body)
{
    const QString code = body.value(QLatin1String("code")).toString();
    if (code.isEmpty())
        return makeError("protocol.bad_error", QStringLiteral("an error message without a code"));
    return Error{code, body.value(QLatin1String("message")).toString()};
}

std::optional<qint64> integerField(const QJsonObject &body, const QString &key)
{
    const QJsonValue v = body.value(key);
    if (!v.isDouble())
        return std::nullopt;
    const qint64 n = v.toInteger(std::numeric_limits<qint64>::min());
    if (n == std::numeric_limits<qint64>::min() || double(n) != v.toDouble())
        return std::nullopt;
    return n;
}

} // namespace idleforge::protocol::msg
