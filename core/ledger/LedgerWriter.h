#pragma once
// The ledger's only writer. Lives on the ledger's writer thread and owns the one read-write
// connection; every change is one transaction (multi-row changes included). Ledger is the
// public face; nothing else touches this class.
#include "base/Error.h"
#include "crypto/Ed25519.h"
#include "ledger/Records.h"
#include "db/Sqlite.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <algorithm>
#include <optional>

namespace idleforge::ledger {

class LedgerWriter : public QObject {
    Q_OBJECT
public:
    LedgerWriter(QString path, crypto::PublicKey coordinator) : m_path(std::move(path)), m_coordinator(coordinator) {}

    Result<void> open(); // connect, WAL, migrate
    void close() { m_db = db::Database(); }

    Result<AddOutcome> addReceipt(const QJsonObject &json);
    Result<void> recordBenchmarks(const QList<BenchmarkRecord> &rows);
    Result<void> upsertJob(const JobRecord &job);
    Result<void> addCheckpoint(const CheckpointRecord &cp);
    Result<void> addVerificationEvent(const VerificationEvent &ev);
    Result<void> logActivity(const QString &level, const QString &category, const QString &message,
                             const QString &jobId = {});
    Result<Totals> totals() const; // read on the writer's connection, off the GUI thread

    // History (HistoryWriter.cpp): the row id, or 0 when the update names no row and cannot
    // create one (a receipt of a task we have no row for stays in the receipts table only).
    Result<qint64> recordHistory(const HistoryUpdate &update);
    Result<qint64> recordHistoryReceipt(const HistoryReceipt &receipt);
    void setHistoryKeep(int rows) { m_historyKeep = std::max(1, rows); }

private:
    Result<std::optional<HistoryEntry>> historyRow(const HistoryUpdate &u);
    Result<qint64> applyHistory(const HistoryUpdate &u, qint64 now);
    Result<void> addHistoryEvent(qint64 historyId, qint64 ts, const HistoryEvent &ev);
    Result<std::optional<qint64>> receiptRow(const HistoryReceipt &r);
    Result<void> pruneHistory();

    Result<void> insertActivity(const QString &level, const QString &category, const QString &message,
                                const QString &jobId);

    QString m_path;
    crypto::PublicKey m_coordinator;
    db::Database m_db;
    int m_historyKeep = kHistoryKeep;
};

} // namespace idleforge::ledger
