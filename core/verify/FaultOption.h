#pragma once
// `--inject-fault KIND:key=value,...` (test builds only, see IDLEFORGE_FAULT_INJECTION):
//   bitflip:step=T,node=I[,bit=B]  flip bit B (default 16) of element 0 of node I's first output
//                                  while computing step T (s_T -> s_T+1)
//   fabricate:from=T1,to=T2        h_{t+1} made up for every step t in T1..T2 (the real state
//                                  goes on underneath, so s_{T2+1} no longer matches either)
//   wrong-batch:step=T             step T trains on batch T+1
//   skip-update:step=T             step T is claimed but its update is not applied
// parseFaultOption gives the worker's "fault" job parameter ({"kind": "flip_bit" | ...}).
//
// A cheating run records its fault in <workdir>/fault.json, so the same party replays its own
// steps consistently when audited or disputed (a cheater defends what it committed to; an
// honest replay of a cheater's folder would only make it easier to catch).
#include "base/BuildFeatures.h"
#include "base/Error.h"

#include <QJsonObject>
#include <QString>

#ifdef IDLEFORGE_FAULT_INJECTION
#include "compute/graph/Training.h"
#endif

namespace idleforge::verify {

Result<QJsonObject> parseFaultOption(const QString &text);

// The steps an audit must fail on for this fault in a run of `steps` steps (the ground truth the
// tests compare against): [first, last], empty when first > last.
struct StepRange {
    qint64 first = 0;
    qint64 last = -1;
    qint64 size() const { return last >= first ? last - first + 1 : 0; }
};
StepRange faultyAuditSteps(const QJsonObject &fault, qint64 steps);

QString faultRecordPath(const QString &workdir);
Result<void> writeFaultRecord(const QString &workdir, const QJsonObject &fault);
// Empty object when the folder holds no record.
Result<QJsonObject> readFaultRecord(const QString &workdir);

#ifdef IDLEFORGE_FAULT_INJECTION
Result<graph::FaultPlan> faultPlanFromJson(const QJsonObject &fault);
#endif

} // namespace idleforge::verify
