#pragma once
// The coordinator's state in one SQLite file (<data dir>/devnet.sqlite): providers with their
// capability records and reputation, the task pool, leases with expiry, and an event log of
// refused messages. WAL, synchronous=NORMAL (a committed change survives a kill -9 of the
// process; a power cut may lose the last moments, acceptable for a devnet).
//
// Single-threaded by contract: the devnet runs its server, timers and this store on one
// thread; every multi-row change is one BEGIN IMMEDIATE transaction, so a crash leaves either
// the whole change or none (a lease is never granted without its task leaving the pool).
//
// The same connection carries what follows a commitment, each part with a class of its own:
// GameStore (commitments, games, the relay log; games()) and ReceiptStore (the providers'
// receipts, balances and stakes; receipts()). Submitters' funds are here (DevnetStoreFunds.cpp):
// a task is pooled in one transaction with its escrow. What may be forgotten is here too
// (DevnetStorePrune.cpp): its queries span every table. Row reading: DevnetRows.h.
//
// Ids on the wire: task "t<n>", lease "l<n>" (n = the row id).
#include "base/Error.h"
#include "db/Sqlite.h"
#include "devnet/GameStore.h"
#include "devnet/ReceiptStore.h"
#include "protocol/CapabilityRecord.h"
#include "protocol/MessageBodies.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QStringList>

#include <memory>
#include <limits>
#include <optional>

namespace idleforge::devnet {

struct ProviderRow {
    QString nodeId;
    QString payout;
    QStringList backends;
    qint64 memoryBytes = 0;
    qint64 fp32Mflops = 0;
    qint64 reputation = 0;
    qint64 registeredMs = 0;
    qint64 lastSeenMs = 0;
    QJsonObject capability; // the signed record as received
};

struct NewTask {
    QJsonObject spec;
    QString specHash;
    QString name;
    QString backend;
    qint64 peakBytes = 0;
    double totalFlops = 0;
    qint64 reward = 0;
    QString submitter;
};

struct TaskRow : NewTask {
    qint64 id = 0;
    QString state;
    qint64 attempts = 0;
    std::optional<qint64> checkpointStep;
    QString checkpointHash;
    QString checkpointNode; // the lease holder that uploaded it
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QString wireId() const { return QStringLiteral("t%1").arg(id); }
};

struct LeaseRow {
    qint64 id = 0;
    qint64 taskId = 0;
    QString nodeId;
    QString state;
    qint64 grantedMs = 0;
    qint64 expiresMs = 0;
    qint64 step = 0;
    // The checkpoint this lease was told to resume from (the task's at grant time), and its uploader.
    std::optional<qint64> resumeStep;
    QString resumeHash;
    QString resumeNode;
    QString wireId() const { return QStringLiteral("l%1").arg(id); }
};

std::optional<qint64> parseWireId(const QString &text, QChar prefix); // "t12" -> 12

class DevnetStore {
public:
    static Result<std::unique_ptr<DevnetStore>> open(const QString &path);
    const QString &path() const { return m_path; }

    // Registers or refreshes a provider (reputation is kept across re-registrations).
    Result<ProviderRow> upsertProvider(const protocol::CapabilityRecord &record, qint64 nowMs);
    Result<std::optional<ProviderRow>> provider(const QString &nodeId) const;

    Result<TaskRow> addTask(const NewTask &task, qint64 nowMs);
    Result<std::optional<TaskRow>> task(qint64 id) const;

    // The provider's active lease if it holds one (a reconnecting node gets its lease back),
    // else a new lease on the best-paying pooled task it can run (backend offered, peak memory
    // within its memory), else nullopt.
    struct Granted {
        TaskRow task;
        LeaseRow lease;
        bool resumed = false; // an existing active lease handed back
    };
    // Only tasks whose reward (what a cheat would be slashed) is at most `maxReward`.
    Result<std::optional<Granted>> leaseFor(const ProviderRow &provider, qint64 nowMs, qint64 leaseMs,
                                            qint64 maxReward = std::numeric_limits<qint64>::max());

    // Extends an active lease of this node. Errors: devnet.no_lease (unknown or someone
    // else's), devnet.lease_gone (expired, released or completed).
    struct Checkpoint {
        qint64 step = 0;
        QString hash;
    };
    Result<LeaseRow> heartbeat(qint64 leaseId, const QString &nodeId, qint64 step, const std::optional<Checkpoint> &checkpoint,
                               qint64 nowMs, qint64 leaseMs);
    // The node gives the lease up; its task returns to the pool.
    Result<void> release(qint64 leaseId, const QString &nodeId, qint64 nowMs);
    // Every active lease with expires <= now: marked expired, task back to the pool, the
    // holder's reputation lowered by one. Returns the expired leases.
    Result<QList<LeaseRow>> expireLeases(qint64 nowMs);
    Result<std::optional<LeaseRow>> lease(qint64 id) const;

    Result<void> logEvent(const QString &kind, const QString &nodeId, const QString &detail, qint64 nowMs);
    Result<qint64> eventCount(const QString &kind) const;

    Result<void> setTaskState(qint64 taskId, const QString &state, qint64 nowMs);
    Result<void> addReputation(const QString &nodeId, qint64 delta);

    // Commitments, games and the relay log (GameStore.h); receipts, balances and stakes
    // (ReceiptStore.h): on this connection.
    GameStore &games() { return m_games; }
    const GameStore &games() const { return m_games; }
    ReceiptStore &receipts() { return m_receipts; }
    const ReceiptStore &receipts() const { return m_receipts; }

    // Submitters' money (schema v5, DevnetStoreFunds.cpp). A grant is applied once per
    // (submitter, note): true if new. Amounts in micro-credits.
    Result<bool> grantFunds(const QString &submitter, qint64 amount, const QString &note, qint64 nowMs);
    Result<qint64> fundsOf(const QString &submitter) const;
    // addTask with the reward escrowed from the submitter's funds, in one transaction:
    // devnet.insufficient_funds when they do not cover it (nothing written).
    Result<TaskRow> addFundedTask(const NewTask &task, qint64 nowMs);
    // Pooled tasks created at or before `createdBeforeMs` (at most `limit`, oldest first):
    // cancelled and their escrow refunded, one transaction. Returns them.
    Result<QList<TaskRow>> expirePooledTasks(qint64 createdBeforeMs, qint64 nowMs, int limit = 100);

    // What may be forgotten (DevnetStorePrune.cpp). The blobs (64 hex) an open task, game or
    // lease refers to: datasets and checkpoints of tasks not settled (or with an open game), the
    // resume checkpoints of their leases, and the blobs relayed in open games.
    Result<QSet<QString>> referencedBlobs() const;
    // Deletes the relay log of games settled at or before `settledBeforeMs` (a settled game is
    // never replayed); returns the rows deleted.
    Result<qint64> pruneRelayLog(qint64 settledBeforeMs);
    // Keeps at most the newest `keepRows` events, none older than `olderThanMs`.
    Result<qint64> pruneEvents(qint64 keepRows, qint64 olderThanMs);

    // Counts for `status`: providers, tasks per state (every state, 0 too), games per kind and
    // state, balances, leases, refused messages. Time and key are the coordinator's to add.
    Result<protocol::StatusReplyBody> summary() const;

private:
    DevnetStore(db::Database db, QString path) : m_db(std::move(db)), m_path(std::move(path)) {}
    DevnetStore(const DevnetStore &) = delete;
    DevnetStore &operator=(const DevnetStore &) = delete;
    Result<LeaseRow> heldLease(qint64 leaseId, const QString &nodeId) const; // else devnet.no_lease

    mutable db::Database m_db;
    QString m_path;
    GameStore m_games{m_db};
    ReceiptStore m_receipts{m_db};
};

} // namespace idleforge::devnet
