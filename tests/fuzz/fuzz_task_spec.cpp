// The task spec parser and validator (task/TaskSpec.h): a spec arrives as JSON text in a lease
// or from `idleforgectl task`. validateTaskSpec must name problems, never crash, whatever the
// shapes, counts and references. Property: a valid spec's task id is the hash of its canonical
// form, so parsing it again gives the same id.
#include "FuzzUtil.h"

#include "task/TaskSpec.h"

using namespace idleforge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QJsonObject json;
    if (!fuzz::jsonObject(fuzz::bytes(data, size), &json))
        return 0;
    const auto spec = task::parseTaskSpec(json);
    if (!spec)
        return 0;
    (void)spec->cost.toJson();
    const auto again = task::parseTaskSpec(spec->json);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->taskId == spec->taskId);
    return 0;
}
