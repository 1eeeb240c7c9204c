#pragma once
// The request side of the status socket (StatusServer.h has the protocol), from bytes alone:
// the framing of a client's byte stream into request lines and the check of one line. The
// server only answers what these return, so both are tested, and fuzzed
// (tests/fuzz/fuzz_status_request), without a socket.
#include "base/Error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace idleforge::node {

// One client's bytes as request lines. Not base::LineBuffer: its overflow flag is sticky, and
// every over-long line here needs its own answer, in order with the answers around it.
class StatusRequestFramer {
public:
    struct Event {
        enum class Kind {
            Line,    // a complete request line (without its '\n')
            TooLong, // the current line just went past the limit; the rest of it is dropped
            Dropped, // the '\n' that ends a dropped line
        };
        Kind kind;
        QByteArray line; // Line only
    };
    explicit StatusRequestFramer(qsizetype maxLineBytes) : m_max(maxLineBytes) {}
    // The events `bytes` complete, in order; a line without its '\n' yet stays pending.
    QList<Event> append(const QByteArray &bytes);

private:
    qsizetype m_max;
    QByteArray m_line;
    bool m_discarding = false; // the rest of an over-long line, up to its '\n', is dropped
};

// One request line (a trailing '\r' forgiven) as its JSON object, which has a string field
// "request". Error status.bad_request, its message saying what is wrong.
Result<QJsonObject> parseStatusRequest(const QByteArray &line);

} // namespace idleforge::node
