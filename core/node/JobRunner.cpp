#include "node/JobRunner.h"
#include "base/BuildFeatures.h"
#include "base/Paths.h"
#include "base/SafeFile.h"
#include "compute/graph/Checkpoint.h"
#include "node/CheckpointTransfer.h"
#include "node/DatasetFetch.h"
#include "node/JobFolders.h"
#include "node/Log.h"
#include "node/MemoryKeeper.h"
#include "node/OffThread.h"
#include "node/OutboxSender.h"
#include "node/ProviderContext.h"
#include "node/ProviderOptions.h"
#include "node/WorkerSupervisor.h"
#include "protocol/BlobFetcher.h"
#include "protocol/BlobUploader.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "task/WorkerJob.h"
#include "verify/AuditPolicy.h"
#include "verify/FaultOption.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QScopeGuard>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace idleforge::node {

namespace {
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
constexpr int kFirstBackoffMs = 1000;
constexpr int kMaxBackoffMs = 5 * 60 * 1000;
// The worker answers worker.busy for a moment after its result (it is still winding the job
// down): the next job is submitted again every kBusyRetryMs, kMaxBusyRetries times at most.
constexpr int kBusyRetryMs = 100;
constexpr int kMaxBusyRetries = 50;
// Free memory left on the tmpfs of the extra checkpoints (others use it too: /dev/shm).
constexpr qint64 kRamReserveBytes = qint64(256) << 20;

// Extra checkpoints in memory for a run (ProviderOptions::ramCheckpointsDir): as dense as the
// allowance holds for the audit the lease says our run would get (`samples`; a new host's m
// where it says none), and as pays (verify::extraCheckpointEvery). The allowance is what
// ramCheckpointBytes leaves over after the other tasks' twins (those not settled yet), counts what
// this job's twin holds already (a resumed run), leaves kRamReserveBytes of the tmpfs free and
// stays within the machine's headroom (MemoryKeeper: MemAvailable less twice its low water mark).
// Their cost a write is what the last runs measured (commit), kMemoryCheckpointWriteSteps before.
// A quick statvfs and a walk of a few files on tmpfs: no disk is touched.
void planExtraCheckpoints(const ProviderContext &ctx, const task::TaskSpec &task, const QString &workdir, int samples,
                          double writeSteps, task::TrainJobParams &params)
{
    const QString twin = ctx.folders->ramWorkdirOf(workdir);
    if (twin.isEmpty() || ctx.options.ramCheckpointBytes <= 0)
        return;
    const qint64 allowance = ctx.folders->memoryAllowance(twin, ctx.options.ramCheckpointBytes, kRamReserveBytes,
                                                          ctx.memory ? ctx.memory->headroomBytes() : std::numeric_limits<qint64>::max());
    const int m = samples > 0 ? samples : verify::ReputationPolicy{}.newHostSamples();
    const qint64 every = verify::extraCheckpointEvery(task.graph.config.steps, task.graph.config.checkpointEvery, m,
                                                      task.cost.stateBytes, allowance,
                                                      writeSteps > 0 ? writeSteps : verify::kMemoryCheckpointWriteSteps);
    if (every <= 0)
        return;
    params.extraCheckpointDir = twin;
    params.extraCheckpointEvery = every;
}
} // namespace

JobRunner::JobRunner(const ProviderContext &ctx, QObject *parent) : QObject(parent), m_ctx(ctx), m_device(ctx.options.reproDevice)
{
    m_worker = new WorkerSupervisor(this);
    m_worker->setProgram(ctx.options.workerProgram.isEmpty() ? paths::workerProgram() : ctx.options.workerProgram);
    connect(m_worker, &WorkerSupervisor::progress, this,
            [this](const QString &id, double, const QString &, const QJsonObject &line) { onProgress(id, line); });
    connect(m_worker, &WorkerSupervisor::resultReady, this, &JobRunner::onResult);
    connect(m_worker, &WorkerSupervisor::failed, this, &JobRunner::onFailed);
    connect(m_worker, &WorkerSupervisor::finished, this, [this](bool) {
        if (m_stopping)
            return Q_EMIT stopped();
        if (m_job && m_job->workerJob == m_stoppedForPause)
            m_job->workerJob.clear(); // gone without a word about its job (killed)
        m_stoppedForPause.clear();
        if (m_restartWhenStopped && !m_paused && m_job) {
            m_restartWhenStopped = false;
            startWorker();
        }
    });
}

qint64 JobRunner::workerPid() const
{
    return m_worker->state() == WorkerSupervisor::State::NotRunning ? 0 : m_worker->pid();
}

void JobRunner::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    m_restartWhenStopped = false;
    if (m_worker->state() != WorkerSupervisor::State::NotRunning) {
        m_ctx.say(m_job ? QStringLiteral("pausing %1 at step %2: the machine is yours").arg(m_job->taskId).arg(m_job->step)
                        : QStringLiteral("pausing: the machine is yours"));
        m_stoppedForPause = m_job ? m_job->workerJob : QString();
        m_worker->stop(); // checkpoint at the next step, exit; killed after the deadline
    }
    Q_EMIT changed();
}

void JobRunner::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    Q_EMIT changed();
    if (!m_job)
        return next();
    if (!m_job->ready)
        return; // still fetching its dataset or checkpoint: startWorker() comes then
    if (m_worker->state() != WorkerSupervisor::State::Stopping && !m_job->workerJob.isEmpty())
        return; // never stopped (a worker still on its way out: startWorker() waits for it)
    m_ctx.say(QStringLiteral("resuming %1 from its checkpoint").arg(m_job->taskId));
    startWorker();
}

void JobRunner::handBack()
{
    if (!holdsLease())
        return;
    const QString leaseId = m_job->leaseId;
    maybeUploadCheckpoint(/*now=*/true, [this, leaseId] {
        if (!m_job || m_job->leaseId != leaseId)
            return;
        m_ctx.say(QStringLiteral("handing %1 back to the network at step %2 (paused too long)").arg(m_job->taskId).arg(m_job->step));
        m_ctx.client->releaseLease();
        m_job.reset();
        Q_EMIT changed();
        next();
    });
}

std::optional<JobRunner::Snapshot> JobRunner::current() const
{
    if (!m_job)
        return std::nullopt;
    return Snapshot{m_job->taskId, m_job->replica ? QStringLiteral("replica") : QStringLiteral("train"), m_job->step, m_job->steps(), m_job->task.graph.rows()};
}

QSet<QString> JobRunner::tasksInPlay() const
{
    QSet<QString> tasks;
    if (m_job)
        tasks.insert(m_job->taskId);
    for (const auto &[job, blobs] : m_waiting)
        tasks.insert(job.taskId);
    return tasks;
}

void JobRunner::stop()
{
    m_stopping = true;
    if (m_worker->state() != WorkerSupervisor::State::NotRunning)
        m_worker->stop(); // it checkpoints; finished() completes the stop
    else
        Q_EMIT stopped();
}

void JobRunner::runLease(const LeaseInfo &lease)
{
    auto parsed = task::parseNamedTaskSpec(lease.spec, lease.specHash);
    if (!parsed) {
        m_ctx.say(QStringLiteral("leased %1 with a spec we cannot run: %2").arg(lease.taskId, parsed.error().message));
        m_ctx.client->releaseLease();
        return backOff();
    }
    Job job;
    job.leaseId = lease.leaseId;
    job.taskId = lease.taskId;
    job.specJson = lease.spec;
    job.task = std::move(parsed).value();
    job.step = lease.resumeStep.value_or(0);
    job.resumeStep = lease.resumeStep;
    job.resumeHash = lease.resumeHash;
    job.auditSamples = lease.auditSamples;
    job.uploadedStep = lease.resumeStep.value_or(0);
    job.lastUploadMs = nowMs();
    job.workdir = m_ctx.folders->workdirFor(lease.taskId, lease.spec);
    m_ctx.say(QStringLiteral("leased %1 (%2, reward %3 micro-credits%4)")
                  .arg(lease.taskId, lease.leaseId).arg(lease.reward)
                  .arg(lease.resumeStep ? QStringLiteral(", checkpoint at step %1").arg(*lease.resumeStep) : QString()));
    start(std::move(job), lease.blobs);
}

void JobRunner::runReplica(const QString &game, const QString &taskId, const QJsonObject &spec, const QUrl &blobs)
{
    const auto sameGame = [&](const Job &j) { return j.replica && j.game == game; };
    if ((m_job && sameGame(*m_job)) || std::any_of(m_waiting.begin(), m_waiting.end(), [&](const auto &w) { return sameGame(w.first); }))
        return; // asked again (a dispute_open re-sent after a reconnect): one replica per game
    auto parsed = task::parseTaskSpec(spec);
    if (!parsed) {
        m_ctx.say(QStringLiteral("cannot re-run %1 for dispute %2: %3").arg(taskId, game, parsed.error().message));
        return;
    }
    Job job;
    job.replica = true;
    job.taskId = taskId;
    job.game = game;
    job.specJson = spec;
    job.task = std::move(parsed).value();
    job.workdir = m_ctx.folders->workdirFor(taskId, spec, /*replica=*/true);
    start(std::move(job), blobs);
}

void JobRunner::cancelLease(const QString &leaseId)
{
    if (m_job && !m_job->replica && m_job->leaseId == leaseId && !m_job->workerJob.isEmpty())
        m_worker->cancel(m_job->workerJob);
    else if (!busy())
        Q_EMIT finished();
}

void JobRunner::start(Job job, const QUrl &blobs)
{
    if (m_job) {
        m_waiting.emplace_back(std::move(job), blobs);
        return;
    }
    m_job = std::move(job);
    m_busyRetries = 0;
    Q_EMIT changed();
    const QString taskId = m_job->taskId;
    m_ctx.datasets->ensure(m_job->task.data, blobs, [this, taskId, blobs](Result<void> r) {
        if (!m_job || m_job->taskId != taskId)
            return;
        if (!r) {
            m_ctx.say(QStringLiteral("cannot get the dataset of %1: %2").arg(taskId, r.error().message));
            if (!m_job->replica)
                m_ctx.client->releaseLease();
            m_job.reset();
            Q_EMIT changed();
            return backOff();
        }
        fetchResumeCheckpoint(blobs, [this, taskId] {
            if (m_job && m_job->taskId == taskId)
                startWorker();
        });
    });
}

void JobRunner::startWorker()
{
    Job &job = *m_job;
    job.ready = true;
    job.workerJob.clear();
    if (m_paused)
        return; // resume() starts it
    if (m_worker->state() == WorkerSupervisor::State::Stopping)
        return void(m_restartWhenStopped = true); // not gone yet: finished() starts a fresh one
    job.step = std::max(job.step, newestCheckpointStep(task::checkpointDirOf(job.workdir, job.task.backend)));
    QDir().mkpath(job.workdir);
    if (auto w = writeFileReplacing(task::specFileOf(job.workdir), QJsonDocument(job.specJson).toJson()); !w)
        m_ctx.say(w.error().message);
    task::TrainJobParams params;
    params.spec = job.specJson;
    params.workdir = job.workdir;
    params.sandboxRoot = m_ctx.folders->dir(); // the jobs folder: this worker runs the next task too
    params.storeDir = m_ctx.datasets->storeDir();
    params.threads = m_ctx.options.threads;
    params.device = job.task.backend == QLatin1String("repro") ? m_device : QString(); // the same bits anywhere
    // What this machine offers the network (CoordinatorClient::summarize), checked by the worker again.
    params.limits = task::JobLimits{std::max(m_ctx.client->offeredMemoryBytes(), task::kMinJobMemoryBytes), 0};
    planExtraCheckpoints(m_ctx, job.task, job.workdir, job.auditSamples, m_extraWriteSteps, params);
    if (params.extraCheckpointEvery <= 0 && m_extraWriteSteps > verify::kMemoryCheckpointWriteSteps) // one slow run keeps them off
        m_extraWriteSteps = (m_extraWriteSteps + verify::kMemoryCheckpointWriteSteps) / 2;            // for a while, not for good
#ifdef IDLEFORGE_FAULT_INJECTION
    if (!m_ctx.options.fault.isEmpty() && !job.replica) {
        // A cheating test node records its fault so that it defends what it committed to.
        params.fault = m_ctx.options.fault;
        if (auto r = verify::writeFaultRecord(job.workdir, m_ctx.options.fault); !r)
            m_ctx.say(QStringLiteral("cannot record the fault: %1").arg(r.error().message));
    }
#endif
    if (!m_worker->isRunning())
        m_worker->start();
    job.workerJob = m_worker->submit(QStringLiteral("train"), params.toJson());
    m_ctx.say(QStringLiteral("training %1%2 in %3%4")
                  .arg(job.taskId, job.replica ? QStringLiteral(" (re-run for a dispute)") : QString(), job.workdir,
                       params.extraCheckpointEvery > 0
                           ? QStringLiteral(" (extra checkpoints every %1 steps in memory, the task's every %2)")
                                 .arg(params.extraCheckpointEvery).arg(job.task.graph.config.checkpointEvery)
                           : QString()));
}

void JobRunner::onProgress(const QString &id, const QJsonObject &line)
{
    if (!m_job || m_job->workerJob != id)
        return;
    const qint64 step = line.value(QLatin1String("step")).toInteger(m_job->step);
    if (step != m_job->step) {
        m_job->step = step;
        if (!m_job->replica)
            m_ctx.client->reportProgress(step);
        Q_EMIT changed();
    }
    maybeUploadCheckpoint();
}

void JobRunner::onResult(const QString &id, const QJsonObject &result)
{
    // A job stopped for a pause may still finish its last step on the way out: its result counts.
    if (!m_job || (m_job->workerJob != id && m_stoppedForPause != id))
        return;
    Job job = std::move(*m_job);
    m_job.reset();
    m_restartWhenStopped = false;
    m_failures = 0;
    m_busyRetries = 0;
    if (!job.replica) {
        commit(job, result);
    } else {
        m_ctx.say(QStringLiteral("re-ran %1 for dispute %2").arg(job.taskId, job.game));
        Q_EMIT replicaReady(job.game, job.workdir, job.specJson);
    }
    Q_EMIT changed();
    next();
}

void JobRunner::commit(const Job &job, const QJsonObject &result)
{
    // The worker's result (task/WorkerJob.h) becomes the commitment; losses travel as text.
    protocol::CommitBody body;
    body.lease = job.leaseId;
    body.runRoot = result.value(QLatin1String("commitment")).toString();
    body.finalHash = result.value(QLatin1String("final_state_hash")).toString();
    body.steps = result.value(QLatin1String("steps")).toInteger();
    body.checkpointEvery = result.value(QLatin1String("checkpoint_every")).toInteger();
    for (const QJsonValue &l : result.value(QLatin1String("losses")).toArray())
        body.losses << QString::number(l.toDouble(), 'g', 9);
    const QStringList &losses = body.losses;
    const QString device = result.value(QLatin1String("device")).toObject().value(QLatin1String("id")).toString(QStringLiteral("cpu"));
    const qint64 extras = result.value(QLatin1String("extra_checkpoints")).toInteger();
    const QString extraError = result.value(QLatin1String("extra_checkpoint_error")).toString();
    // What this machine's extras cost, for the next run's interval (a mean of the last two measures).
    const auto w = verify::measuredWriteSteps(result.value(QLatin1String("extra_checkpoint_s")).toDouble(-1), extras,
                                              result.value(QLatin1String("compute_s")).toDouble(),
                                              body.steps - result.value(QLatin1String("resumed_from")).toInteger());
    if (w)
        m_extraWriteSteps = m_extraWriteSteps > 0 ? (m_extraWriteSteps + *w) / 2 : *w;
    QString extrasNote;
    if (extras > 0 || !extraError.isEmpty())
        extrasNote = QStringLiteral(", %1 extra checkpoints in memory%2%3")
                         .arg(extras)
                         .arg(w ? QStringLiteral(" (%1 step each)").arg(*w, 0, 'f', 3) : QString(),
                              extraError.isEmpty() ? QString() : QStringLiteral(" (stopped: %1)").arg(extraError));
    m_ctx.say(QStringLiteral("finished %1 on %5: commitment %2, loss %3 -> %4%6")
                  .arg(job.taskId, body.runRoot.left(16), losses.isEmpty() ? QString() : losses.first(),
                       losses.isEmpty() ? QString() : losses.last(), device, extrasNote));
    m_ctx.client->leaseCompleted();
    m_ctx.outbox->deliver(protocol::msg::kCommit, QStringLiteral("commit:") + job.leaseId, body.toJson());
    Q_EMIT committed(job.taskId, body.runRoot, body.steps);
}

void JobRunner::next()
{
    if (!m_waiting.empty()) {
        auto [job, blobs] = std::move(m_waiting.front());
        m_waiting.pop_front();
        start(std::move(job), blobs);
        return;
    }
    Q_EMIT finished();
}

void JobRunner::onFailed(const QString &id, const QString &code, const QString &message)
{
    if (m_stopping)
        return;
    if (m_job && !m_stoppedForPause.isEmpty() && (id.isEmpty() || id == m_stoppedForPause)) {
        // Stopped (or killed past the deadline) for a pause: the job and its checkpoints stay.
        if (m_job->workerJob == m_stoppedForPause)
            m_job->workerJob.clear();
        if (!id.isEmpty())
            m_stoppedForPause.clear();
        return;
    }
    if (!m_job || (!id.isEmpty() && m_job->workerJob != id)) {
        if (id.isEmpty())
            m_ctx.say(QStringLiteral("worker: %1 (%2)").arg(message, code));
        return;
    }
    if (code == QLatin1String("worker.busy") && m_busyRetries < kMaxBusyRetries) {
        // Before, such a job failed at once: a dispute's replica queued behind another one was
        // dropped, and the dispute waited for a re-run that never came.
        ++m_busyRetries;
        m_job->workerJob.clear();
        QTimer::singleShot(kBusyRetryMs, this, [this, workdir = m_job->workdir] {
            if (m_job && m_job->workdir == workdir && m_job->workerJob.isEmpty())
                startWorker();
        });
        return;
    }
    if (code == QLatin1String("train.device") && m_device != QLatin1String("cpu")) { // the CPU gives the same bits
        m_ctx.say(QStringLiteral("%1; repro tasks train on the CPU from now on").arg(message));
        m_device = QStringLiteral("cpu");
        return startWorker(); // the same job, from its checkpoint
    }
    const Job job = std::move(*m_job);
    m_job.reset();
    m_ctx.say(QStringLiteral("job %1 failed: %2 (%3)").arg(job.taskId, message, code));
    if (!job.replica && code != QLatin1String("train.cancelled"))
        m_ctx.client->releaseLease(); // someone else may have better luck; our checkpoint stays
    Q_EMIT changed();
    if (code == QLatin1String("train.cancelled"))
        return next();
    backOff();
}

void JobRunner::backOff()
{
    // A machine that fails every task (a broken worker, a full disk) must not spin on leases.
    const int ms = std::min(kMaxBackoffMs, kFirstBackoffMs << std::min(m_failures, 9));
    ++m_failures;
    QTimer::singleShot(ms, this, &JobRunner::next);
}

} // namespace idleforge::node
