#include "node/StatusRequest.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace idleforge::node {

QList<StatusRequestFramer::Event> StatusRequestFramer::append(const QByteArray &bytes)
{
    QList<Event> events;
    qsizetype start = 0;
    while (start < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', start);
        const qsizetype end = nl < 0 ? bytes.size() : nl;
        if (!m_discarding) {
            m_line.append(bytes.constData() + start, end - start);
            if (m_line.size() > m_max) {
                m_line.clear();
                m_discarding = true;
                events.append({Event::Kind::TooLong, {}});
            }
        }
        if (nl < 0)
            break;
        events.append(m_discarding ? Event{Event::Kind::Dropped, {}} : Event{Event::Kind::Line, m_line});
        m_line.clear();
        m_discarding = false;
        start = nl + 1;
    }
    return events;
}

Result<QJsonObject> parseStatusRequest(const QByteArray &rawLine)
{
    const auto bad = [](const QString &message) { return makeError("status.bad_request", message); };
    QByteArray line = rawLine;
    if (line.endsWith('\r'))
        line.chop(1);
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError)
        return bad(QStringLiteral("malformed JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        return bad(QStringLiteral("a request is a JSON object, e.g. {\"request\":\"status\"}"));
    if (!doc.object().value(QLatin1String("request")).isString())
        return bad(QStringLiteral("missing string field \"request\""));
    return doc.object();
}

} // namespace idleforge::node
