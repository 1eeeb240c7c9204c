// Canonical JSON (protocol/CanonicalJson.h), the bytes every signature covers, on any text.
// Properties: the canonical form is a fixed point (canonicalising it again changes nothing),
// and the form of the parsed object agrees with the form of the text.
#include "FuzzUtil.h"

#include "protocol/CanonicalJson.h"

using namespace idleforge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray text = fuzz::bytes(data, size);
    const auto canonical = protocol::canonicalizeJsonText(text);
    if (!canonical)
        return 0;
    const auto again = protocol::canonicalizeJsonText(*canonical);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == *canonical);
    QJsonObject object;
    if (fuzz::jsonObject(*canonical, &object)) {
        const auto ofObject = protocol::canonicalJson(object);
        FUZZ_CHECK(ofObject.ok());
        FUZZ_CHECK(*ofObject == *canonical);
    }
    return 0;
}
