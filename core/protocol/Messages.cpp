#include "protocol/Messages.h"

#include "protocol/BodyFields.h"
#include "protocol/MessageBodies.h"

#include <limits>

namespace idleforge::protocol::msg {

QJsonObject errorBody(const Error &error, const QString &re)
{
    return ErrorBody::of(error, re).toJson();
}

Error errorFromBody(const QJsonObject &body)
{
    auto b = ErrorBody::fromJson(body);
    if (!b)
        return makeError("protocol.bad_error", QStringLiteral("not an error message: %1").arg(b.error().message));
    return b->toError();
}

void setReplyTo(QJsonObject &body, const QString &re)
{
    body.insert(field::kRe, re);
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
