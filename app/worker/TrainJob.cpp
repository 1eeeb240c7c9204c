// Jobs "train" and "replay-step": run a task spec with the repro or fast backend in a job
// folder (checkpoints, resume), or replay one step of such a run with tracing.
//
// params: task::TrainJobParams (task/WorkerJob.h), checked there: the worker trusts nothing it is
// sent, and the spec is validated here again against limits no larger than this machine.
#include "Jobs.h"
#include "VulkanJob.h"
#include "base/BuildFeatures.h"

#include "base/Paths.h"
#include "base/SafeFile.h"
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"
#include "compute/repro/Runtime.h"
#include "compute/torch/TorchBackend.h"
#include "crypto/Blake2b.h"
#include "task/DatasetStore.h"
#include "task/TaskSpec.h"
#include "task/WorkerJob.h"

#include <QDir>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QFile>

#include <exception>
#include <memory>

namespace idleforge::worker {

namespace {

QString hex(const crypto::Hash256 &h) { return QString::fromStdString(crypto::toHex(h)); }

// Everything a train or replay job needs, prepared from its params.
struct PreparedRun {
    task::TrainJobParams params;
    task::TaskSpec spec;
    QByteArray shard;
    QString workdir;
    QString backend;
    std::unique_ptr<graph::Backend> executor;
    std::unique_ptr<ReproDeviceHandle> device; // a Vulkan device running the repro GEMMs, or null (the CPU)
    graph::RunOptions options;

    QJsonObject deviceReport() const
    {
        return device ? device->report() : QJsonObject{{QStringLiteral("id"), QStringLiteral("cpu")}};
    }
};

Result<PreparedRun> prepare(const task::TrainJobParams &params)
{
    PreparedRun run;
    // The node passes what this machine affords; the limits are checked against this machine.
    auto spec = task::parseTaskSpec(params.spec, params.validationLimits());
    if (!spec)
        return spec.error();
    run.spec = std::move(spec).value();
    run.workdir = params.workdir;
    if (!QDir().mkpath(run.workdir))
        return makeError("train.workdir", QStringLiteral("cannot create the job folder %1").arg(run.workdir));
    run.backend = params.backend.isEmpty() ? run.spec.backend : params.backend;
    const int threads = params.threads;
    const task::DatasetStore store(params.storeDir);
    auto shard = store.resolve(run.spec.data);
    if (!shard)
        return shard.error();
    run.shard = std::move(shard).value();
    if (params.device.startsWith(QLatin1String("vulkan:"))) {
        if (run.backend != QLatin1String("repro"))
            return makeError("train.bad_param", QStringLiteral("a Vulkan device runs the repro backend only, not \"%1\"").arg(run.backend));
        QString why;
        run.device = openReproDevice(params.device, &why);
        if (!run.device)
            return makeError("train.device", QStringLiteral("%1: %2").arg(params.device, why));
    }
    try {
        if (run.backend == QLatin1String("repro"))
            run.executor = std::make_unique<graph::ReproExecutor>(run.spec.graph, threads);
        else if (run.backend == QLatin1String("fast"))
            run.executor = std::make_unique<graph::TorchBackend>(run.spec.graph, threads);
        else
            return makeError("train.bad_param", QStringLiteral("backend must be \"repro\" or \"fast\", not \"%1\"").arg(run.backend));
    } catch (const std::exception &e) {
        return makeError("train.backend", QString::fromUtf8(e.what()));
    }
    // Checkpoints of different backends never mix: their states differ in the last bits. Devices
    // share them: a repro state is the same bits on the CPU and on a Vulkan device.
    run.options.checkpointDir = QFile::encodeName(task::checkpointDirOf(run.workdir, run.backend)).toStdString();
    run.options.taskId = run.spec.taskId;
    // Extra checkpoints (the node keeps them in memory, below /dev/shm, which the sandbox allows):
    // one folder per backend as in the job folder. One that cannot be written ends the extras only.
    // The job's twin is made here, below a memory folder that must exist (the node's: one it removed
    // is not made again, Training.h).
    if (!params.extraCheckpointDir.isEmpty()) {
        QDir().mkdir(params.extraCheckpointDir); // one level: a memory folder that is gone stays gone
        run.options.extraCheckpointDir = QFile::encodeName(QDir(params.extraCheckpointDir).filePath(QStringLiteral("checkpoints-") + run.backend)).toStdString();
        run.options.extraCheckpointEvery = params.extraCheckpointEvery;
    }
    run.options.shard = {reinterpret_cast<const std::uint8_t *>(run.shard.constData()), size_t(run.shard.size())};
    return run;
}

// The params checked, then the run prepared from them.
Result<PreparedRun> prepare(const QJsonObject &json)
{
    auto params = task::TrainJobParams::fromJson(json);
    if (!params)
        return params.error();
    auto run = prepare(*params);
    if (run)
        run->params = std::move(params).value();
    return run;
}

QJsonArray lossesJson(const std::vector<float> &losses)
{
    QJsonArray out;
    for (float l : losses)
        out.append(double(l));
    return out;
}

#ifdef IDLEFORGE_FAULT_INJECTION
// Test builds only: {"fault": {"kind": "flip_bit"|"skip_update"|"wrong_batch"|"fabricate_hash", "step": T,
// "node": I, "bit": B, "to": T2}} makes this run cheat on purpose, for verification tests;
// {"fault": {"kind": "disk_full", "bytes": N}} fills the disk: the checkpoint writes fail with
// ENOSPC once N more bytes are written (graph::setCheckpointSpaceForTesting), for this job only.
Result<void> applyFault(const QJsonObject &fault, graph::RunOptions &options)
{
    graph::setCheckpointSpaceForTesting(-1); // a worker that stays up: the next job has room again
    if (fault.isEmpty())
        return {};
    const QString kind = fault.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("disk_full")) {
        graph::setCheckpointSpaceForTesting(qint64(fault.value(QStringLiteral("bytes")).toDouble(0)));
        return {};
    }
    using K = graph::FaultPlan::Kind;
    const K k = kind == QLatin1String("flip_bit") ? K::FlipBit
              : kind == QLatin1String("skip_update") ? K::SkipUpdate
              : kind == QLatin1String("wrong_batch") ? K::WrongBatch
              : kind == QLatin1String("fabricate_hash") ? K::FabricateHash : K::None;
    if (k == K::None)
        return makeError("train.bad_param", QStringLiteral("unknown fault kind \"%1\"").arg(kind));
    options.fault = {k, qint64(fault.value(QStringLiteral("step")).toDouble(-1)), fault.value(QStringLiteral("node")).toInt(),
                     fault.value(QStringLiteral("bit")).toInt(), qint64(fault.value(QStringLiteral("to")).toDouble(-1))};
    return {};
}
#endif

} // namespace

Result<QJsonObject> runTrainJob(const QJsonObject &json, JobContext &ctx)
{
    auto prepared = prepare(json);
    if (!prepared)
        return prepared.error();
    PreparedRun &run = prepared.value();
    QElapsedTimer sinceReport;
    sinceReport.start();
    run.options.onStep = [&](std::int64_t done, std::int64_t total, float loss) {
        if (done != total && sinceReport.elapsed() < 250)
            return;
        sinceReport.restart();
        ctx.progress(double(done) / double(total), QStringLiteral("step %1/%2 loss %3").arg(done).arg(total).arg(double(loss), 0, 'f', 4),
                     {{QStringLiteral("step"), double(done)}, {QStringLiteral("loss"), double(loss)}});
    };
    run.options.cancelled = [&ctx] { return ctx.cancelled(); };
#ifdef IDLEFORGE_FAULT_INJECTION
    if (auto f = applyFault(run.params.fault, run.options); !f)
        return f.error();
#endif
    graph::RunResult r;
    try {
        r = graph::runTraining(run.spec.graph, *run.executor, run.options);
    } catch (const std::exception &e) {
        return makeError("train.failed", QString::fromUtf8(e.what()));
    }
    if (r.cancelled)
        return makeError("train.cancelled", QStringLiteral("stopped at step %1 of %2 with a checkpoint; run it again to resume").arg(r.steps).arg(run.spec.graph.config.steps));
    QJsonObject result{
        {QStringLiteral("task_id"), hex(run.spec.taskId)},
        {QStringLiteral("backend"), run.backend},
        {QStringLiteral("commitment"), hex(r.commitment)},
        {QStringLiteral("final_state_hash"), hex(r.finalStateHash)},
        {QStringLiteral("model_hash"), hex(r.modelHash)},
        {QStringLiteral("steps"), double(r.steps)},
        {QStringLiteral("checkpoint_every"), double(run.spec.graph.config.checkpointEvery)},
        {QStringLiteral("resumed_from"), double(r.resumedFrom)},
        {QStringLiteral("losses"), lossesJson(r.losses)},
        {QStringLiteral("tokens_per_s"), r.tokensPerSecond},
        {QStringLiteral("compute_s"), r.computeSeconds},
        {QStringLiteral("hash_share"), r.computeSeconds > 0 ? r.hashSeconds / r.computeSeconds : 0.0},
        {QStringLiteral("hash_place"), QString::fromStdString(r.hashPlace)},
        {QStringLiteral("device"), run.deviceReport()},
        {QStringLiteral("extra_checkpoints"), double(r.extraCheckpoints)},
        {QStringLiteral("extra_checkpoint_s"), r.extraCheckpointSeconds},
    };
    if (!r.extraCheckpointError.empty())
        result.insert(QStringLiteral("extra_checkpoint_error"), QString::fromStdString(r.extraCheckpointError));
    if (run.backend == QLatin1String("repro"))
        result.insert(QStringLiteral("repro_isa"), QString::fromLatin1(repro::isaName(repro::activeIsa()).data()));
    // Written with O_NOFOLLOW: a link planted at the name is replaced, its target untouched.
    if (auto w = writeFileReplacing(task::resultFileOf(run.workdir, run.backend), QJsonDocument(result).toJson()); !w)
        return w.error();
    return result;
}

Result<QJsonObject> runReplayStepJob(const QJsonObject &json, JobContext &ctx)
{
    auto prepared = prepare(json);
    if (!prepared)
        return prepared.error();
    const qint64 step = prepared->params.step.value_or(-1);
    PreparedRun &run = prepared.value();
    if (step < 0 || step >= run.spec.graph.config.steps)
        return makeError("train.bad_param", QStringLiteral("step must be an integer in 0..%1").arg(run.spec.graph.config.steps - 1));
    ctx.progress(0.0, QStringLiteral("replaying to step %1").arg(qint64(step)));
    graph::StepTrace trace;
    try {
        trace = graph::traceStep(run.spec.graph, *run.executor, run.options, std::int64_t(step));
    } catch (const std::exception &e) {
        return makeError("train.replay_failed", QString::fromUtf8(e.what()));
    }
    QJsonArray nodes;
    for (const auto &n : trace.nodes)
        nodes.append(QJsonObject{{QStringLiteral("index"), n.index},
                                 {QStringLiteral("phase"), QString::fromStdString(n.phase)},
                                 {QStringLiteral("op"), QString::fromStdString(n.op)},
                                 {QStringLiteral("name"), QString::fromStdString(n.name)},
                                 {QStringLiteral("hash"), hex(n.hash)}});
    return QJsonObject{{QStringLiteral("step"), double(trace.step)},
                       {QStringLiteral("root"), hex(trace.root)},
                       {QStringLiteral("state_before"), hex(trace.stateBefore)},
                       {QStringLiteral("state_after"), hex(trace.stateAfter)},
                       {QStringLiteral("loss"), double(trace.loss)},
                       {QStringLiteral("device"), run.deviceReport()},
                       {QStringLiteral("nodes"), nodes}};
}

} // namespace idleforge::worker
