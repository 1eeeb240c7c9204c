#include "base/JsonLines.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace idleforge {

QList<QByteArray> LineBuffer::append(const QByteArray &bytes)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', start);
        const qsizetype end = nl < 0 ? bytes.size() : nl;
        if (!m_discarding)
            m_buf.append(bytes.constData() + start, end - start);
        if (m_buf.size() > m_max) {
            m_overflowed = true;
            m_discarding = true;
            m_buf.clear();
        }
        if (nl < 0)
            break;
        if (!m_discarding) {
            if (m_buf.endsWith('\r'))
                m_buf.chop(1);
            lines.append(m_buf);
        }
        m_buf.clear();
        m_discarding = false;
        start = nl + 1;
    }
    return lines;
}

Result<QJsonObject> parseJsonObject(const QByteArray &text, const char *malformedCode, const char *notObjectCode)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError)
        return makeError(malformedCode,
                         QStringLiteral("malformed JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        return makeError(notObjectCode, QStringLiteral("expected a JSON object"));
    return doc.object();
}

Result<QJsonObject> parseJsonLine(const QByteArray &line)
{
    auto obj = parseJsonObject(line, "json.malformed", "json.not_object");
    if (obj && !obj->value(QLatin1String("type")).isString())
        return makeError("json.no_type", QStringLiteral("missing string field \"type\""));
    return obj;
}

QByteArray toJsonLine(const QJsonObject &obj)
{
    QByteArray out = QJsonDocument(obj).toJson(QJsonDocument::Compact);
    out.append('\n');
    return out;
}

} // namespace idleforge
