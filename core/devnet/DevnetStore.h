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
// Ids on the wire: task "t<n>", lease "l<n>" (n = the row id).
#include "base/Error.h"
#include "db/Sqlite.h"
#include "protocol/CapabilityRecord.h"

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

struct CommitmentRow {
    qint64 taskId = 0;
    qint64 leaseId = 0;
    QString nodeId;
    QString runRoot;   // 64 hex
    QString finalHash; // 64 hex
    qint64 steps = 0;
    qint64 checkpointEvery = 0;
    QJsonArray losses; // strings
    qint64 ms = 0;
};

// An audit (kind "audit": verifier re-executes sampled steps of the solver's run) or a dispute
// (kind "dispute": the pinpoint game between solver "a" and verifier "b", the coordinator
// refereeing). "g<n>" on the wire.
struct GameRow {
    qint64 id = 0;
    QString kind;
    qint64 taskId = 0;
    std::optional<qint64> parent; // the audit a dispute came from
    QString solver;
    QString verifier; // empty while waiting for one
    QString state;    // waiting | open | replicating | passed | failed | decided | abandoned
    QString seed;     // 64 hex, drawn after the commitment
    qint64 samples = 0;
    QString ready;    // dispute: the parties ready for the game ("a", "b", "ab")
    QJsonObject outcome;
    qint64 messages = 0;
    qint64 bytes = 0;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QString wireId() const { return QStringLiteral("g%1").arg(id); }
};

// One relayed verification message (schema v3): every message the coordinator passed on in a
// game, from the parties and from its own referee, in the order it handled them. It makes the
// relay exactly-once across restarts: a re-sent message (same game, sender, receiver, seq) is
// recognised, a node that reconnects gets what was addressed to it again (its state machine
// skips what it already has, by seq), and a referee lost in a restart is rebuilt by replaying
// what it was told.
struct RelayRow {
    qint64 game = 0;
    QString from;     // role: solver | verifier | a | b | referee
    QString to;
    qint64 seq = 0;
    QJsonObject message; // the verify message (verify::messageToJson)
    QString blob;        // 64 hex or empty
};

struct ReceiptRow {
    QString id;
    QString nodeId;
    QString kind;
    qint64 amount = 0;
    qint64 signedAmount = 0;
    std::optional<qint64> taskId;
    QJsonObject json; // the signed wire form
    qint64 ms = 0;
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

    // The solver's commitment: lease completed, task committed, one transaction. A second
    // commit of the same lease with the same run root is idempotent (returns the stored row,
    // `resent` set); with another root it fails with devnet.recommit. Errors as heartbeat's for
    // a foreign or dead lease.
    struct Committed {
        CommitmentRow row;
        bool resent = false;
    };
    Result<Committed> commit(qint64 leaseId, const QString &nodeId, const CommitmentRow &c, qint64 nowMs);
    Result<std::optional<CommitmentRow>> commitment(qint64 taskId) const;

    Result<GameRow> addGame(const GameRow &g, qint64 nowMs);
    Result<std::optional<GameRow>> game(qint64 id) const;
    Result<QList<GameRow>> gamesInState(const QString &state) const;
    // false: this (game, from, to, seq) was logged before (a re-send), nothing written.
    Result<bool> logRelay(const RelayRow &r, qint64 nowMs);
    // A game's relayed messages in the order they were logged; `to` empty: all of them.
    Result<QList<RelayRow>> relayLog(qint64 game, const QString &to = {}) const;
    Result<void> updateGame(const GameRow &g, qint64 nowMs); // state, verifier, ready, outcome, counters
    Result<void> setTaskState(qint64 taskId, const QString &state, qint64 nowMs);
    Result<void> addReputation(const QString &nodeId, qint64 delta);

    // Stores a signed receipt; idempotent by id (true: new).
    Result<bool> addReceipt(const ReceiptRow &r);
    Result<QList<ReceiptRow>> receiptsOf(const QString &nodeId) const;
    Result<qint64> balanceOf(const QString &nodeId) const; // spendable: sum of signed amounts (protocol/Receipt.h)
    Result<qint64> stakeOf(const QString &nodeId) const;   // stake - slash
    Result<bool> hasReceipt(const QString &id) const;
    Result<QList<QString>> providerIds() const;

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

    // Counts for `status`: providers, tasks per state, active leases, events.
    Result<QJsonObject> summary() const;

private:
    DevnetStore(db::Database db, QString path) : m_db(std::move(db)), m_path(std::move(path)) {}
    Result<std::optional<TaskRow>> taskWhere(const char *sql, qint64 arg) const;

    Result<qint64> sumOfReceipts(const char *expression, const QString &nodeId) const;
    // A receipt's amount in the stake (stake +, slash -; as LedgerQueries::staked), over the receipts table.
    static constexpr const char *kStakedAmount = "CASE kind WHEN 'stake' THEN amount WHEN 'slash' THEN -amount ELSE 0 END";

    mutable db::Database m_db;
    QString m_path;
};

} // namespace idleforge::devnet
