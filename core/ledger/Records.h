#pragma once
// Plain rows of the ledger tables, as the API hands them in and out. Times are ms since the
// Unix epoch (UTC); money is integer micro-credits (1 credit = 1,000,000).
#include "base/Credits.h"

#include <QDate>
#include <QString>

#include <optional>

namespace idleforge::ledger {

using idleforge::kMicroPerCredit; // base/Credits.h

// One measured figure of one device (issue 4 writes these after a benchmark run).
struct BenchmarkRecord {
    qint64 ts = 0;
    QString deviceId;   // stable id, e.g. "cuda:0:<uuid>" or "cpu"
    QString deviceName; // for people
    QString kind;       // e.g. "gemm_fp32", "memory_bandwidth"
    double value = 0;
    QString unit; // e.g. "GFLOP/s"
    std::optional<double> peak;       // theoretical peak in the same unit, when known
    std::optional<double> efficiency; // value / peak
    QString driver;
    QString hardwareFingerprint;
    QString rawJson; // the full result as the worker reported it
};

struct JobRecord {
    QString id;
    QString role; // solver / verifier / dispute
    QString taskId;
    QString state; // running, committed, audited, verified, disputed, won, slashed, ...
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QString commitment;
    QString detailJson;
};

struct CheckpointRecord {
    QString jobId;
    qint64 step = 0;
    QString stateHash;
    QString path;
    qint64 bytes = 0;
    qint64 ts = 0;
};

struct VerificationEvent {
    QString jobId;
    qint64 ts = 0;
    QString kind;    // sampled, opened, verified, challenged, bisect, referee, ...
    QString outcome; // ok, mismatch, won, slashed, ...
    QString detailJson;
};

struct ActivityEntry {
    qint64 id = 0;
    qint64 ts = 0;
    QString level; // info / warning / error
    QString category;
    QString message;
    QString jobId;
};

struct ReceiptRow {
    QString id;
    QString kind;
    qint64 amount = 0;
    QString status;
    QString jobId;
    QString payee;
    qint64 issuedMs = 0;
    qint64 receivedMs = 0;
};

struct DayEarnings {
    QDate day; // UTC
    qint64 net = 0;        // verified rewards - deductions (a stake moves credit, it is no loss)
    qint64 rewards = 0;    // verified rewards
    qint64 deductions = 0; // verified fee + slash + payout
    int receipts = 0;
};

struct JobEarnings {
    QString jobId;
    qint64 net = 0;
    int receipts = 0;
};

// The wallet's totals in micro-credits (LedgerQueries: balance, pending, staked).
struct Totals {
    qint64 balance = 0;
    qint64 pending = 0;
    qint64 staked = 0;
};

enum class AddOutcome { Inserted, Duplicate, Updated };

// ---- history (schema v2): what the node took part in, for the dashboard -----------------

// One task, audit or dispute. Its key is (kind, taskId, game); game is empty for a task.
// States: running -> committed -> audited -> verified, or disputed -> won / lost -> slashed.
struct HistoryEntry {
    qint64 id = 0;
    QString kind;    // task / audit / dispute
    QString taskId;  // "t<n>"
    QString game;    // the audit's or dispute's game ("g<n>"); empty for a task
    QString role;    // solver / auditor / a / b
    QString state;
    QString runRoot; // the run commitment (hex)
    qint64 steps = 0;
    qint64 startedMs = 0;
    qint64 updatedMs = 0;
    qint64 credits = 0; // net micro-credits of its verified receipts (a slash counts as a loss)
};

struct HistoryEvent {
    qint64 id = 0;
    qint64 historyId = 0;
    qint64 ts = 0;
    QString kind;       // state, sample, verdict, receipt
    qint64 step = -1;   // sample: the sampled step; verdict: the pinpointed step; -1: none
    QString outcome;    // state: the new state; sample: ok / mismatch; verdict: the winner; receipt: its status
    QString ref;        // receipt: its id
    qint64 amount = 0;  // receipt: its signed earning in micro-credits
    QString detailJson; // verdict: the referee's ruling (operator, node, reason); receipt: kind
};

// One change to a history row, made by core/node's HistoryRecorder. The row is created when its
// key is new. The state only moves forward (historyStateRank); empty fields leave the row's.
struct HistoryUpdate {
    QString kind, taskId, game, role;
    QString state;
    QString runRoot;
    qint64 steps = -1;     // < 0: unchanged
    qint64 ts = 0;         // 0: now
    // Which row: the key (kind, taskId, game), the row of (kind, game) when the task is unknown,
    // or the newest row of (kind, taskId) when the game is unknown.
    enum class Match { Key, Game, Task } match = Match::Key;
    bool create = true;           // false: only an existing row is updated
    // A dispute's winner ("a", "b" or "none"): the state becomes won when the row's side (a: the
    // solver's, b: the auditor's) is the winner, else lost.
    QString winner;
    bool replaceSamples = false;  // this update's sample events replace the row's
    QList<HistoryEvent> events;   // appended (sample, verdict); state events are written by the ledger
};

// A stored receipt as history sees it (HistoryRecorder): it is counted in the row it belongs to.
struct HistoryReceipt {
    QString id, kind, status, jobId; // jobId "t<n>" (a task) or "t<n>/g<m>" (an audit)
    qint64 amount = 0;
    qint64 ts = 0;
};

// running 0, committed 1, audited 2, verified 3, disputed 4, won / lost 5, slashed 6; -1: unknown.
inline int historyStateRank(const QString &state)
{
    static const char *const order[] = {"running", "committed", "audited", "verified", "disputed", "won", "slashed"};
    if (state == QLatin1String("lost"))
        return 5;
    for (int i = 0; i < 7; ++i)
        if (state == QLatin1String(order[i]))
            return i;
    return -1;
}

// The history keeps this many rows (the newest by last update) with their events.
inline constexpr int kHistoryKeep = 10'000;

} // namespace idleforge::ledger
