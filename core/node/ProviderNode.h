#pragma once
// The node as a provider on the network (issue 7): the coordinator session (CoordinatorClient),
// the training jobs it leases (run in an idleforge-worker process), its commitments, the
// verification games it plays for itself and for others, and the receipts it is paid with.
//
//   lease -> dataset fetched by hash -> (the lease names a checkpoint newer than ours: fetched,
//   checked, installed) -> worker "train" job in <jobs>/<task>-<spec hash> (resumes from the
//   newest checkpoint there) -> `commit` through the outbox -> next lease. While it trains, the
//   newest checkpoint is uploaded as a blob (at most every checkpointUploadMs) and named in the
//   next heartbeat, so a solver that takes over an expired lease resumes from it
//   (CheckpointTransfer.h).
//
// A fetched checkpoint carries h_0..h_k of the previous solver. We check that its state hashes
// to h_k, not that the earlier steps were computed honestly: an audit of a step before k tests
// the previous solver's work, and the coordinator blames a losing claim of those steps on the
// checkpoint's uploader (CoordinatorGames.cpp, inheritedClaimOf).
//   audit_assign -> AuditVerifier (the seed the coordinator drew after the commitment) ->
//   `verify` messages relayed by the coordinator -> `audit_result` through the outbox.
//   verify "audit.request" for one of our runs -> AuditSolver over the job folder.
//   dispute_open -> role a: our run; role b: re-run the task honestly first -> PinpointParty.
//   receipt -> the ledger (which checks the coordinator's signature; idempotent by id).
//
// The verification machines (core/verify, repro kernels, no torch) run on a thread of their
// own, so the GUI thread never waits for a replayed step. Messages are relayed in order: one
// incoming message at a time (its blob fetched and hash-checked first), one outgoing at a
// time (its blob uploaded first).
//
// The outbox (<jobs>/outbox.sqlite) holds every commitment, audit result and outgoing
// verification message until the coordinator acknowledged it: a dropped connection or a
// restart (ours or the coordinator's) re-sends it, and the coordinator treats a re-send as the
// same message (its relay log, by game, sender, receiver and seq). In the other direction the
// coordinator re-sends a game's messages when we register again, and what our state machines
// already took is skipped by seq.
#include "base/Error.h"
#include "crypto/Blake2b.h"
#include "node/CoordinatorClient.h"

#include <QJsonObject>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace idleforge::ledger {
class Ledger;
}
namespace idleforge::protocol {
class BlobFetcher;
class BlobUploader;
}
namespace idleforge::verify {
struct Message;
}

namespace idleforge::node {

class Outbox;
class WorkerSupervisor;
class VerifyHost;

class ProviderNode : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl url = QUrl(QStringLiteral("ws://127.0.0.1:7800"));
        std::optional<crypto::PublicKey> coordinatorKey; // pinned; receipts are checked against it
        QList<QSslCertificate> trustedCas; // wss:// and https://: trusted besides the system CAs
        QString payout;         // payout address; empty: the node id (devnet)
        QString jobsDir;        // job folders, outbox; required
        QString storeDir;       // datasets by hash (default: paths::storeDir())
        QString workerProgram;  // default: paths::workerProgram()
        int threads = 0;        // worker and verification threads (0: default)
        bool trainTasks = true; // false: an auditor that only verifies (and re-runs for disputes)
        QJsonObject fault;      // test builds only: the worker's "fault" parameter for every run
        QString name = QStringLiteral("node"); // in log lines
        int minBackoffMs = 500;
        int checkpointUploadMs = 60'000; // least time between two checkpoint uploads (0: each one)
    };

    // `identity` must outlive this object; `ledger` may be null (receipts are then only logged).
    ProviderNode(const wallet::NodeIdentity &identity, Options options, ledger::Ledger *ledger = nullptr,
                 QObject *parent = nullptr);
    ~ProviderNode() override;

    // Fails when the outbox cannot be opened. `capability` is the node's hardware record
    // (CapabilityRecord.h); without one the minimum is offered.
    Result<void> start(const QJsonObject &capability = {});
    void stop(); // stops the worker (it checkpoints) and the session; stopped() follows
    QString nodeId() const;

    // What `idleforgectl status` and the dashboard show.
    QJsonObject statusSnapshot() const;
    QString connectionText() const;
    qint64 receiptsStored() const { return m_receiptsStored; }

Q_SIGNALS:
    void activity(const QString &line);          // one human-readable event
    void statusChanged();                        // connection, job or progress changed
    void receiptStored(const QJsonObject &receipt);
    void settledTask(const QJsonObject &settled);
    void stopped();

private:
    struct Job {
        QString kind; // "train" (a lease) or "replica" (dispute role b)
        QString leaseId;
        QString taskId;
        QString game; // replica: the dispute
        QJsonObject spec;
        QString workdir;
        QString workerJob;
        qint64 step = 0;
        qint64 steps = 0;
        QString backend;
        crypto::Hash256 specHash{};     // the task id the worker's checkpoints carry
        std::optional<qint64> resumeStep; // the coordinator's newest checkpoint of the task
        QString resumeHash;
        qint64 uploadedStep = 0;        // newest checkpoint the coordinator knows of
        bool uploading = false;
        qint64 lastUploadMs = 0;
    };

    void onStateChanged(CoordinatorClient::State s);
    void onRegistered();
    void askForWork();
    void onLease(const LeaseInfo &lease);
    void runJob(Job job, const QUrl &blobs);
    void startWorkerJob();
    void fetchResumeCheckpoint(const QUrl &blobs, std::function<void()> then);
    void maybeUploadCheckpoint();
    void onWorkerProgress(const QString &id, double fraction, const QString &message, const QJsonObject &line);
    void onWorkerResult(const QString &id, const QJsonObject &result);
    void onWorkerFailed(const QString &id, const QString &code, const QString &message);
    void onPushed(const protocol::Envelope &e);
    void onAuditAssign(const QJsonObject &body);
    void onDisputeOpen(const QJsonObject &body);
    void onReceipt(const QJsonObject &body);
    void startAudit(const QJsonObject &assignBody);
    void enqueueIncoming(const QJsonObject &body, bool assignment = false);
    void pumpIncoming();
    void sendOut(const QString &game, std::vector<verify::Message> messages);
    void pumpOutgoing();
    void auditFinished(const QString &game, const QJsonObject &report);
    void partyReady(const QString &game, const QString &role, const QString &error);
    // Persisted, then sent; `then` runs once the coordinator answered or the send failed.
    void deliverOutbox(const QString &type, const QString &key, const QJsonObject &body, std::function<void()> then = {});
    void flushOutbox();
    void retryOutbox(const QString &key, const QString &type, const QJsonObject &body);
    static constexpr int kOutboxRetryMs = 10'000;
    void ensureDataset(const QJsonObject &spec, const QUrl &blobs, std::function<void(Result<void>)> done);
    QString workdirFor(const QString &taskId, const QJsonObject &spec, const QString &suffix = {}) const;
    QString findWorkdir(const QString &taskId) const;
    void say(const QString &line);

    const wallet::NodeIdentity &m_identity;
    Options m_options;
    ledger::Ledger *m_ledger;
    CoordinatorClient *m_client = nullptr;
    WorkerSupervisor *m_worker = nullptr;
    protocol::BlobFetcher *m_fetcher = nullptr;
    protocol::BlobUploader *m_uploader = nullptr;
    std::unique_ptr<Outbox> m_outbox;
    QThread m_verifyThread;
    QObject *m_verifyContext = nullptr; // lives in m_verifyThread; the host is used only there
    VerifyHost *m_host = nullptr;
    std::optional<Job> m_job;
    std::deque<Job> m_waiting; // replicas queued behind a running job
    struct Incoming {
        QJsonObject body;
        bool assignment = false; // audit_assign (else a relayed verify message)
    };
    std::deque<Incoming> m_incoming;
    std::map<QString, qint64> m_seenSeq; // "game/from/to" -> last seq our machines took
    bool m_incomingBusy = false;
    struct Outgoing {
        QString game;
        QJsonObject msg;
        QByteArray blob;
    };
    std::deque<Outgoing> m_outgoing;
    bool m_outgoingBusy = false;
    bool m_stopping = false;
    bool m_askPending = false;
    qint64 m_receiptsStored = 0;
    QJsonObject m_lastSettled;
    QList<QJsonObject> m_lastReceipts;
};

} // namespace idleforge::node
