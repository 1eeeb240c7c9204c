#pragma once
// Read-only queries for the dashboard and the command line, on a connection of the caller's
// thread (WAL lets them run while the writer commits). Balance and earnings count verified
// receipts only; "pending" is the sum of receipts still pending.
#include "base/Error.h"
#include "ledger/Records.h"
#include "db/Sqlite.h"

#include <QIODevice>
#include <QList>

#include <algorithm>

namespace idleforge::ledger {

class LedgerQueries {
public:
    explicit LedgerQueries(const db::Database &db) : m_db(db) {}

    Result<qint64> balance() const;          // spendable: sum of signed verified amounts (Receipt.h)
    Result<qint64> staked() const;           // verified stake - slash
    Result<qint64> pending() const;          // sum of signed pending amounts
    Result<qint64> lifetimeEarnings() const; // sum of verified rewards
    // Inclusive UTC day range; days without receipts are omitted.
    Result<QList<DayEarnings>> earningsByDay(QDate from, QDate to) const;
    Result<QList<JobEarnings>> earningsByJob() const;
    Result<QList<ReceiptRow>> receipts(int limit = 1000) const; // newest first

    Result<QList<BenchmarkRecord>> latestBenchmarks() const; // newest row per (device, kind)
    Result<QList<BenchmarkRecord>> benchmarkHistory(const QString &deviceId, const QString &kind, int limit = 100) const;

    Result<QList<JobRecord>> jobs(int limit = 200) const;
    Result<QList<CheckpointRecord>> checkpoints(const QString &jobId) const;
    Result<QList<VerificationEvent>> verificationEvents(const QString &jobId) const;
    Result<QList<ActivityEntry>> activity(int limit = 200) const; // newest first

    // History (HistoryQueries.cpp): rows newest first (by start), a row's events oldest first.
    Result<QList<HistoryEntry>> history(int limit = kHistoryKeep) const;
    Result<QList<HistoryEvent>> historyEvents(qint64 historyId) const;

    // RFC 4180 CSV of all receipts, oldest first:
    // id,issued_utc,kind,status,amount_micro,amount_credits,signed_credits,job,payee
    Result<void> exportReceiptsCsv(QIODevice &out) const;

private:
    const db::Database &m_db;
};

} // namespace idleforge::ledger
