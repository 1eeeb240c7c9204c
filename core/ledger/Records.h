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

} // namespace idleforge::ledger
