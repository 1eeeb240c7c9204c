#pragma once
// Checkpoints that travel between providers (issue 7: "an expired lease returns the task to
// the pool and a new solver resumes from the last checkpoint it can fetch").
//
// The solver uploads its newest checkpoint file as a blob (content-addressed, like datasets)
// and names it in its next heartbeat; the coordinator hands it to the next solver with the
// lease. The file is the worker's own checkpoint (compute/graph/Checkpoint.h): s_k plus h_0..h_k
// and the losses so far, so a run resumed from it ends with the same commitment as one
// uninterrupted run. Only "repro" runs travel: their states are the same bits on any machine.
//
// Both functions do file I/O and hash the state: call them off the GUI thread.
#include "base/Error.h"
#include "crypto/Blake2b.h"

#include <QByteArray>
#include <QString>

namespace idleforge::task {
struct TaskSpec;
}

namespace idleforge::node {

struct CheckpointFile {
    qint64 step = 0;
    QByteArray bytes;
};

// The folder the worker writes a run's checkpoints to, inside its job folder.
QString checkpointDirOf(const QString &workdir, const QString &backend);

// The step of the newest checkpoint file in `dir` (by name; 0 when none). JobCheckpoints.cpp.
qint64 newestCheckpointStep(const QString &dir);

// The newest intact checkpoint in `dir` newer than `after`, read whole. node.no_checkpoint when
// there is none.
Result<CheckpointFile> newestCheckpoint(const QString &dir, const crypto::Hash256 &taskId, qint64 after);

// Checks a fetched checkpoint before the worker may resume from it: intact, of this task, at
// `expectedStep`, its state shaped like the task's graph and hashing to the h_k it carries.
// Then installs it atomically in `dir`. Errors: node.bad_checkpoint, node.io.
Result<void> installCheckpoint(const QString &dir, const task::TaskSpec &spec, qint64 expectedStep, const QByteArray &bytes);

} // namespace idleforge::node
