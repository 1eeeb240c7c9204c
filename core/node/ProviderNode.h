#pragma once
// The node as a provider on the network (issue 7): the coordinator session and the wiring of the
// rooms that do the work (core/node/README.md tells the node's life):
//   JobRunner     leases -> dataset -> checkpoint -> worker -> commit; replicas for disputes
//   GameRelay     audits and disputes: the verification machines and their relayed messages
//   OutboxSender  what must reach the coordinator, kept until acknowledged
//   JobFolders    the job folders on disk: kept until the task's game settled, within a budget
//   MemoryKeeper  the extra checkpoints' memory, given back when a game starts or memory runs short
// ProviderNode itself keeps the session (CoordinatorClient), receipts into the ledger, and the
// status snapshot, which is cached here and never reads SQL on the caller's thread.
//
// A fetched checkpoint carries h_0..h_k of the previous solver. We check that its state hashes
// to h_k, not that the earlier steps were computed honestly: an audit of a step before k tests
// the previous solver's work, and the coordinator blames a losing claim of those steps on the
// checkpoint's uploader (CoordinatorGames.cpp, inheritedClaimOf).
#include "base/Error.h"
#include "node/CoordinatorClient.h"
#include "node/ProviderContext.h"
#include "node/ProviderOptions.h"

#include <QJsonObject>
#include <QObject>

class QTimer;

#include <memory>
#include <optional>

namespace idleforge::ledger {
class Ledger;
}

namespace idleforge::node {

class DatasetFetch;
class GameRelay;
class JobFolders;
class JobRunner;
class MemoryKeeper;
class Outbox;
class OutboxSender;

// What the dashboard and `idleforgectl status` show, kept current from the rooms' signals.
struct ProviderStatus {
    QString connection;
    std::optional<qint64> balance, stake, pending; // the ledger's totals, read off the GUI thread
    qint64 receiptsStored = 0;
    qint64 outboxPending = 0;
    struct Disk {
        qint64 usedBytes = 0, freeBytes = 0, budgetBytes = 0;
        bool blocked = false; // no new lease: over the budget or short of free space
    } disk;
    bool computeAllowed = true; // the policy lets this node compute (PolicyDriver)
};

class ProviderNode : public QObject {
    Q_OBJECT
public:
    using Options = ProviderOptions;

    // `identity` must outlive this object; `ledger` may be null (receipts are then only logged).
    ProviderNode(const wallet::NodeIdentity &identity, Options options, ledger::Ledger *ledger = nullptr,
                 QObject *parent = nullptr);
    ~ProviderNode() override;

    // Fails when the outbox cannot be opened. `capability` is the node's hardware record
    // (CapabilityRecord.h); without one the minimum is offered.
    Result<void> start(const QJsonObject &capability = {});
    void stop(); // stops the worker (it checkpoints) and the session; stopped() follows
    QString nodeId() const;
    // "cpu" or "vulkan:N": where this node's repro tasks train (resolved by start(); "cpu" once
    // the device failed to train).
    QString reproDevice() const;
    // The policy's word (node/PolicyDriver.h): false pauses the training job (the worker
    // checkpoints and exits within 1 s) and verification work, and takes no new lease; true
    // resumes from the checkpoint. A lease paused for pausedLeaseGraceMs is handed back.
    void setComputeAllowed(bool allowed);
    // The extra checkpoints' memory back to the machine (MemoryKeeper::release): the app calls it
    // when a game or an exclusive app starts (MemoryKeeper::memoryWantedBy).
    void releaseMemory(const QString &why);
    qint64 workerPid() const; // 0: none running (the policy does not count it as another's load)

    // What `idleforgectl status` and the dashboard show (no I/O: cached).
    QJsonObject statusSnapshot() const;
    const ProviderStatus &status() const { return m_status; }
    QString connectionText() const;
    qint64 receiptsStored() const { return m_status.receiptsStored; }

Q_SIGNALS:
    void activity(const QString &line);          // one human-readable event
    void statusChanged();                        // connection, job, progress, totals or disk changed
    void receiptStored(const QJsonObject &receipt);
    void settledTask(const QJsonObject &settled);
    // What the history (HistoryRecorder) keeps, besides receipts and settlements:
    void taskStarted(const QString &taskId, qint64 steps);             // our training run of a lease began
    void taskCommitted(const QString &taskId, const QString &runRoot, qint64 steps);
    void gameJoined(const QString &type, const QJsonObject &body);      // an audit_assign or dispute_open push
    void auditReported(const QString &game, const QJsonObject &report); // our audit's result, as sent
    void stopped();

private:
    Result<std::unique_ptr<Outbox>> openOutbox();
    void onRegistered();
    void askForWork();
    void onPushed(const protocol::Envelope &e);
    void onSettled(const QJsonObject &body);
    void onReceipt(const QJsonObject &body);
    void refreshTotals();
    void measureDisk(std::function<void()> then = {});
    void collectStale();
    void say(const QString &line);

    const wallet::NodeIdentity &m_identity;
    Options m_options;
    ledger::Ledger *m_ledger;
    ProviderContext m_ctx;
    std::unique_ptr<JobFolders> m_folders;
    std::unique_ptr<DatasetFetch> m_datasets;
    CoordinatorClient *m_client = nullptr;
    OutboxSender *m_outbox = nullptr;
    JobRunner *m_jobs = nullptr;
    GameRelay *m_games = nullptr;
    MemoryKeeper *m_memory = nullptr;
    bool m_stopping = false;
    bool m_askPending = false;
    QTimer *m_pauseGrace = nullptr;
    bool m_measuring = false;
    qint64 m_measuredAtMs = 0;
    ProviderStatus m_status;
    QJsonObject m_lastSettled;
    QList<QJsonObject> m_lastReceipts;
    QString m_startedTask; // the training run taskStarted last named
};

} // namespace idleforge::node
