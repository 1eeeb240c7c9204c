// The JSON-lines framing of the worker pipe (base/JsonLines.h: LineBuffer, parseJsonLine), as
// idleforge-worker reads its stdin (app/worker/WorkerLoop.cpp) and the node reads the worker's
// stdout. The first byte cuts the rest into chunks, as pipe reads would. Properties: lines
// never hold a '\n' nor exceed the limit, and every byte is in a line, the pending tail or a
// dropped over-long line.
#include "FuzzUtil.h"

#include "base/JsonLines.h"

using namespace idleforge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t chunk = 1 + data[0] % 64;
    const QByteArray input = fuzz::bytes(data + 1, size - 1);
    constexpr qsizetype kMax = 256; // small, so over-long lines are reached
    LineBuffer buffer(kMax);
    qsizetype accounted = 0;
    for (qsizetype pos = 0; pos < input.size(); pos += qsizetype(chunk)) {
        for (const QByteArray &line : buffer.append(input.mid(pos, qsizetype(chunk)))) {
            FUZZ_CHECK(!line.contains('\n'));
            FUZZ_CHECK(line.size() <= kMax);
            accounted += line.size() + 1;
            const auto parsed = parseJsonLine(line);
            if (parsed)
                FUZZ_CHECK(parsed->value(QStringLiteral("type")).isString());
        }
    }
    FUZZ_CHECK(buffer.pending().size() <= kMax);
    if (!buffer.overflowed())
        FUZZ_CHECK(accounted + buffer.pending().size() <= input.size());
    return 0;
}
