#include "Replay.h"

#include "task/TaskSpec.h"

namespace idleforge::ctl {

Result<verify::TaskContext> reproContext(const QString &path, const QString &whyRepro)
{
    auto spec = task::loadTaskSpec(path);
    if (!spec)
        return spec.error();
    if (spec->backend != QLatin1String("repro"))
        return makeError("task.not_repro", QStringLiteral("%1 (this spec uses %2)").arg(whyRepro, spec->backend));
    return verify::loadTaskContext(*spec);
}

} // namespace idleforge::ctl
