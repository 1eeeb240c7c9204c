#pragma once
// audit and dispute: both replay repro runs of one spec in this process.
#include "verify/GraphRun.h"

namespace idleforge::ctl {

// The task context of the spec at `path`, which must use the repro backend: otherwise
// task.not_repro with `whyRepro` ("the pinpoint game needs repro runs") and the spec's backend.
Result<verify::TaskContext> reproContext(const QString &path, const QString &whyRepro);

} // namespace idleforge::ctl
