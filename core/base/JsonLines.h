#pragma once
// Newline-delimited JSON framing, used by the worker pipe and the local status socket.
// A LineBuffer accumulates bytes and hands out complete lines; an over-long line is an error,
// never unbounded memory.
#include "base/Error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace idleforge {

class LineBuffer {
public:
    explicit LineBuffer(qsizetype maxLineBytes = 16 * 1024 * 1024) : m_max(maxLineBytes) {}

    // Appends bytes; complete lines (without '\n', '\r' trimmed) are returned.
    // Sets overflowed() when a line grows past the limit; that partial line is dropped.
    QList<QByteArray> append(const QByteArray &bytes);
    bool overflowed() const { return m_overflowed; }
    // Bytes of an unterminated last line (truncated output when the stream ended).
    const QByteArray &pending() const { return m_buf; }

private:
    QByteArray m_buf;
    qsizetype m_max;
    bool m_overflowed = false;
    bool m_discarding = false;
};

// `text` as a JSON object: `malformedCode` ("malformed JSON at offset N: why") when it is not
// JSON, `notObjectCode` ("expected a JSON object") when it is another value.
Result<QJsonObject> parseJsonObject(const QByteArray &text, const char *malformedCode, const char *notObjectCode);

// Parses one line as a JSON object with a string "type" field.
Result<QJsonObject> parseJsonLine(const QByteArray &line);

// One compact JSON line, '\n'-terminated.
QByteArray toJsonLine(const QJsonObject &obj);

} // namespace idleforge
