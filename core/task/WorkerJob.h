#pragma once
// The parameters of the worker's "train" and "replay-step" jobs, written once for both sides:
// the node builds a TrainJobParams and sends toJson(); idleforge-worker reads it back with
// fromJson(), which trusts nothing it is sent (types, ranges, and limits no larger than this
// machine has). The job folder's layout lives here too, so the node, the worker, idleforgectl and
// the verifier name the same files.
//
//   <workdir>/spec.json                the task spec the job runs
//   <workdir>/checkpoints-<backend>/   step-<t>.ckpt (compute/graph/Checkpoint.h); backends never mix
//   <workdir>/result-<backend>.json    the worker's result of a finished run
//   <workdir>/fault.json               test builds only: the fault a cheating test node injected
#include "base/Error.h"
#include "task/TaskSpec.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace idleforge::task {

// The least memory budget a job may be given, and the machine's physical memory (the most).
inline constexpr qint64 kMinJobMemoryBytes = qint64(64) << 20;
qint64 physicalMemoryBytes();

struct JobLimits {
    qint64 maxMemoryBytes = 0;  // the tensors' peak (TaskSpec's estimate) must fit in it
    double maxFlopsPerStep = 0; // 0: the spec validator's default
};

struct TrainJobParams {
    QJsonObject spec;
    QString workdir;               // the job folder (created by the worker)
    QString sandboxRoot;           // where a worker that runs more jobs may write: the node's jobs
                                   // folder (JobRunner); empty: workdir alone (app/worker/Sandbox.h)
    QString storeDir;              // datasets by hash; empty: the data dir's store
    QString backend;               // "repro" | "fast"; empty: the spec's
    int threads = 0;               // 0: default
    QString device;                // "cpu" or empty: the CPU; "vulkan:N": the repro GEMMs on that
                                   // Vulkan device (repro backend only; the same state bits)
    std::optional<JobLimits> limits;
    QJsonObject fault;             // test builds only (see app/worker/TrainJob.cpp)
    std::optional<qint64> step;    // replay-step only
    // train only: extra checkpoints every extraCheckpointEvery steps, besides the task's own
    // (graph::RunOptions), in checkpointDirOf(extraCheckpointDir, backend): a job folder the node
    // keeps in memory (an absolute path below /dev/shm, JobFolders.h). Empty: none.
    QString extraCheckpointDir;
    qint64 extraCheckpointEvery = 0;

    QJsonObject toJson() const;
    // Fails with "train.bad_param" naming the field.
    static Result<TrainJobParams> fromJson(const QJsonObject &params);
    // The validator limits to parse the spec with: the given ones, else the defaults capped by
    // this machine's memory.
    ValidationLimits validationLimits() const;
};

// "cpu" or "vulkan:N" (N < 1000): where a train job runs its repro kernels.
bool isDeviceId(const QString &id);

// Whether `path` is `root` or lies below it (both made absolute and cleaned; no link resolved).
bool liesBelow(const QString &path, const QString &root);

QString specFileOf(const QString &workdir);
QString checkpointDirOf(const QString &workdir, const QString &backend);
QString resultFileOf(const QString &workdir, const QString &backend);

} // namespace idleforge::task
