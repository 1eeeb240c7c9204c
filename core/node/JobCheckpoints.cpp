// JobRunner's checkpoint transfer: a lease's newest network checkpoint fetched and installed
// before the worker starts (a takeover), and ours uploaded while it trains, so that another
// provider can take the task over (DESIGN.md, "takeovers").
#include "node/CheckpointTransfer.h"
#include "node/JobRunner.h"
#include "node/Log.h"
#include "node/OffThread.h"
#include "node/ProviderContext.h"
#include "node/ProviderOptions.h"
#include "compute/graph/Checkpoint.h"
#include "node/CoordinatorClient.h"
#include "protocol/BlobFetcher.h"
#include "protocol/BlobUploader.h"
#include "task/WorkerJob.h"

#include <QDateTime>
#include <QFile>
#include <QScopeGuard>

namespace idleforge::node {

namespace {
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
constexpr qint64 kMaxCheckpointFetch = qint64(4) << 30;
} // namespace

qint64 newestCheckpointStep(const QString &dir)
{
    const auto steps = graph::listCheckpoints(QFile::encodeName(dir).toStdString());
    return steps.empty() ? 0 : steps.back();
}

void JobRunner::fetchResumeCheckpoint(const QUrl &blobs, std::function<void()> then)
{
    const Job &job = *m_job;
    if (job.replica || !job.resumeStep || *job.resumeStep <= 0 || job.task.backend != QLatin1String("repro"))
        return then();
    const QString dir = task::checkpointDirOf(job.workdir, job.task.backend);
    if (newestCheckpointStep(dir) >= *job.resumeStep)
        return then(); // ours is as new (a re-sent lease after our own restart)
    const auto hash = crypto::hashFromHex(job.resumeHash.toStdString());
    if (!hash) {
        m_ctx.say(QStringLiteral("the lease names a malformed checkpoint hash; starting %1 from our own state").arg(job.taskId));
        return then();
    }
    m_ctx.say(QStringLiteral("fetching the checkpoint of %1 at step %2").arg(job.taskId).arg(*job.resumeStep));
    m_ctx.fetcher->fetch(blobs, *hash, [this, taskId = job.taskId, dir, then](Result<QByteArray> bytes) {
        if (!m_job || m_job->taskId != taskId)
            return;
        if (!bytes) {
            m_ctx.say(QStringLiteral("cannot fetch the checkpoint of %1 (%2); training from step %3")
                          .arg(taskId, bytes.error().message).arg(newestCheckpointStep(dir)));
            m_job->step = newestCheckpointStep(dir);
            return then();
        }
        installCheckpoint(std::move(bytes).value(), then);
    }, kMaxCheckpointFetch);
}

void JobRunner::installCheckpoint(QByteArray bytes, std::function<void()> then)
{
    const QString taskId = m_job->taskId;
    const QString dir = task::checkpointDirOf(m_job->workdir, m_job->task.backend);
    const qint64 step = *m_job->resumeStep;
    offThread<QString>(this, [dir, step, spec = m_job->task, bytes = std::move(bytes)]() -> QString {
        auto r = node::installCheckpoint(dir, spec, step, bytes);
        return r ? QString() : r.error().message;
    }, [this, dir, step, taskId, then](QString error) {
        if (!m_job || m_job->taskId != taskId)
            return;
        if (error.isEmpty()) {
            m_ctx.say(QStringLiteral("resuming %1 from the network's checkpoint at step %2").arg(taskId).arg(step));
        } else {
            m_ctx.say(QStringLiteral("%1; training %2 from step %3").arg(error, taskId).arg(newestCheckpointStep(dir)));
            m_job->step = newestCheckpointStep(dir);
        }
        then();
    });
}

// `now`: whatever the upload interval (a hand-back); `then` runs once it is done or not needed.
void JobRunner::maybeUploadCheckpoint(bool now, std::function<void()> then)
{
    const auto done = [then] { if (then) then(); };
    if (!m_job || m_job->replica || m_job->task.backend != QLatin1String("repro") || m_job->uploading)
        return done();
    Job &job = *m_job;
    if (!now && nowMs() - job.lastUploadMs < m_ctx.options.checkpointUploadMs)
        return done();
    const QString dir = task::checkpointDirOf(job.workdir, job.task.backend);
    if (newestCheckpointStep(dir) <= job.uploadedStep || job.step >= job.steps())
        return done(); // nothing new, or the run is done (the commitment follows)
    job.uploading = true;
    offThread<Result<CheckpointFile>>(this, [dir, taskHash = job.task.taskId, after = job.uploadedStep] {
        return newestCheckpoint(dir, taskHash, after);
    }, [this, leaseId = job.leaseId, done](Result<CheckpointFile> file) {
        if (!m_job || m_job->leaseId != leaseId)
            return;
        if (!file) {
            m_job->uploading = false;
            return done();
        }
        uploadCheckpoint(leaseId, std::move(file->bytes), file->step, done);
    });
}

void JobRunner::uploadCheckpoint(const QString &leaseId, QByteArray bytes, qint64 step, std::function<void()> then)
{
    m_ctx.uploader->upload(m_ctx.client->blobBase(), bytes, [this, leaseId, step, then](Result<crypto::Hash256> h) {
        if (!m_job || m_job->leaseId != leaseId)
            return;
        m_job->uploading = false;
        m_job->lastUploadMs = nowMs();
        const auto finally = qScopeGuard([then] { if (then) then(); });
        if (!h) {
            m_ctx.say(QStringLiteral("cannot upload the checkpoint at step %1: %2").arg(step).arg(h.error().message));
            return;
        }
        m_job->uploadedStep = step;
        m_ctx.client->reportProgress(m_job->step, QString::fromStdString(crypto::toHex(*h)), step);
        qCInfo(lcNode).noquote() << m_ctx.options.name + QLatin1Char(':') << "uploaded the checkpoint of" << m_job->taskId
                                 << "at step" << step;
    });
}

} // namespace idleforge::node
