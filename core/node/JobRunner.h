#pragma once
// The provider's training jobs, one at a time, in an idleforge-worker process:
//   lease -> dataset fetched by hash -> (the lease names a checkpoint newer than ours: fetched,
//   checked, installed) -> worker "train" job in its job folder (resumes from the newest
//   checkpoint there) -> `commit` through the outbox -> finished().
// While it trains, the newest checkpoint is uploaded as a blob (at most every
// checkpointUploadMs) and named in the next heartbeat, so a solver that takes over an expired
// lease resumes from it (CheckpointTransfer.h).
//
// A replica is an honest re-run of someone else's task for a dispute (we play role b): the
// GameRelay asks for one (runReplica), we announce it done (replicaReady); the relay never
// waits on us and we never call it. Replicas queue behind a running job; one per game (a
// dispute_open re-sent after a reconnect asks again).
//
// The spec is parsed once, when the job is made, and kept on it (Job::task).
//
// pause() (the policy says the machine is the user's): the worker checkpoints at its next step
// boundary and exits, killed after the supervisor's deadline (1 s) if it does not, so its memory
// is freed at once; the job stays, its lease keeps being heartbeaten. resume() starts the worker
// again, which resumes from that checkpoint. handBack() gives a lease paused for too long back to
// the network with its newest checkpoint uploaded, so the task is not stuck behind a gamer.
#include "node/CoordinatorClient.h"
#include "task/TaskSpec.h"

#include <QObject>

#include <deque>
#include <optional>

namespace idleforge::node {

class WorkerSupervisor;
struct ProviderContext;

class JobRunner : public QObject {
    Q_OBJECT
public:
    JobRunner(const ProviderContext &ctx, QObject *parent = nullptr);

    void runLease(const LeaseInfo &lease);
    void runReplica(const QString &game, const QString &taskId, const QJsonObject &spec, const QUrl &blobs);
    void cancelLease(const QString &leaseId); // the coordinator took it back
    void stop();
    QString device() const { return m_device; } // where repro tasks train: "cpu" or "vulkan:N"                              // the worker checkpoints; stopped() follows
    void pause();
    void resume();
    void handBack();
    bool paused() const { return m_paused; }
    bool busy() const { return m_job.has_value() || !m_waiting.empty(); }
    bool holdsLease() const { return m_job && !m_job->replica; }
    qint64 workerPid() const; // 0 when no worker runs

    struct Snapshot {
        QString taskId, kind;
        qint64 step = 0, steps = 0;
        qint64 tokensPerStep = 0; // batch x context of the task's model
    };
    std::optional<Snapshot> current() const;
    QSet<QString> tasksInPlay() const; // the running and queued jobs' tasks

Q_SIGNALS:
    void changed();  // a job started, progressed or ended
    void finished(); // ready for the next lease
    void replicaReady(const QString &game, const QString &workdir, const QJsonObject &spec);
    void committed(const QString &taskId, const QString &runRoot, qint64 steps); // our run's commitment is on its way
    void stopped();

private:
    struct Job {
        bool replica = false;
        QString leaseId;
        QString taskId;
        QString game; // replica: the dispute
        QJsonObject specJson;
        task::TaskSpec task;
        QString workdir;
        QString workerJob;
        bool ready = false; // dataset and checkpoint in place: only the worker is left to start
        qint64 step = 0;
        int auditSamples = 0;             // the lease's hint (0: plan for a new host's m)
        std::optional<qint64> resumeStep; // the coordinator's newest checkpoint of the task
        QString resumeHash;
        qint64 uploadedStep = 0;          // newest checkpoint the coordinator knows of
        bool uploading = false;
        qint64 lastUploadMs = 0;
        qint64 steps() const { return task.graph.config.steps; }
    };

    void start(Job job, const QUrl &blobs);
    void fetchResumeCheckpoint(const QUrl &blobs, std::function<void()> then);
    void installCheckpoint(QByteArray bytes, std::function<void()> then);
    void startWorker();
    void maybeUploadCheckpoint(bool now = false, std::function<void()> then = {});
    void uploadCheckpoint(const QString &leaseId, QByteArray bytes, qint64 step, std::function<void()> then = {});
    void onProgress(const QString &id, const QJsonObject &line);
    void onResult(const QString &id, const QJsonObject &result);
    void onFailed(const QString &id, const QString &code, const QString &message);
    void commit(const Job &job, const QJsonObject &result);
    void next();
    void backOff(); // after a failure: wait (1 s, doubling to 5 min) before the next lease

    const ProviderContext &m_ctx;
    QString m_device; // where repro tasks train: the options' choice, "cpu" once that device failed
    double m_extraWriteSteps = 0; // an extra checkpoint's cost in steps, as measured here (0: not yet)
    WorkerSupervisor *m_worker;
    std::optional<Job> m_job;
    std::deque<std::pair<Job, QUrl>> m_waiting;
    bool m_stopping = false;
    bool m_paused = false;
    bool m_restartWhenStopped = false; // resumed while the paused worker was still exiting
    QString m_stoppedForPause;         // the worker job pause() stopped: its failure is no failure
    int m_failures = 0;
    int m_busyRetries = 0; // worker.busy answers to the current job (JobRunner.cpp, kMaxBusyRetries)
};

} // namespace idleforge::node
