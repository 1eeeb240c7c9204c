// The local status/command socket's request side (node/StatusRequest.h): the framing of a
// client's byte stream and the check of each line, as StatusServer runs them before it looks
// up a command. The first byte cuts the rest into reads. Properties: a line never holds a
// '\n' nor exceeds the limit; every over-long line is reported once, before its end.
#include "FuzzUtil.h"

#include "node/StatusRequest.h"

using namespace idleforge;
using namespace idleforge::node;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = 1 + data[0] % 64;
    const QByteArray input = fuzz::bytes(data + 1, size - 1);
    constexpr qsizetype kMax = 512; // small, so over-long lines are reached
    StatusRequestFramer framer(kMax);
    bool inDroppedLine = false;
    for (qsizetype pos = 0; pos < input.size(); pos += chunk) {
        for (const auto &event : framer.append(input.mid(pos, chunk))) {
            switch (event.kind) {
            case StatusRequestFramer::Event::Kind::TooLong:
                FUZZ_CHECK(!inDroppedLine);
                inDroppedLine = true;
                break;
            case StatusRequestFramer::Event::Kind::Dropped:
                FUZZ_CHECK(inDroppedLine);
                inDroppedLine = false;
                break;
            case StatusRequestFramer::Event::Kind::Line: {
                FUZZ_CHECK(!inDroppedLine);
                FUZZ_CHECK(!event.line.contains('\n') && event.line.size() <= kMax);
                const auto request = parseStatusRequest(event.line);
                if (request)
                    FUZZ_CHECK(request->value(QStringLiteral("request")).isString());
                else
                    FUZZ_CHECK(request.error().code == QStringLiteral("status.bad_request"));
                break;
            }
            }
        }
    }
    return 0;
}
