#pragma once
// The ledger: one SQLite file (WAL) with benchmarks, jobs, checkpoints, verification events,
// receipts and the user-visible activity log.
//
// Threads: one writer thread owns the only read-write connection; every change runs there as
// one transaction. The blocking write methods wait for it (a few ms); the *Async forms return
// at once and call `done` on this object's thread. Reads run on this object's thread on a
// connection of their own, or, with readAsync (for the GUI thread), on a reader thread with a
// third connection. changed() follows every committed change. Use a Ledger from the thread
// that created it.
//
// A receipt is stored only after its signature verified against the coordinator key pinned at
// open(); receipts are idempotent by id.
#include "base/Error.h"
#include "crypto/Ed25519.h"
#include "ledger/LedgerQueries.h"
#include "ledger/Records.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace idleforge::ledger {

class LedgerWriter;

// What Ledger::recover() did with a damaged ledger.
struct LedgerRecovery {
    QString keptAs;    // the damaged file, moved aside byte for byte
    int receipts = 0;  // receipts read back and stored again (their signatures verified anew)
    int refused = 0;   // receipts read back that the new ledger refused (bad signature, no key)
    bool readToEnd = false; // false: damage was met (receipts on damaged pages are lost)
};

class Ledger : public QObject {
    Q_OBJECT
public:
    // Opens or creates the file and migrates it. Errors: ledger.open, ledger.too_new,
    // ledger.too_old, ledger.foreign, ledger.corrupt (Integrity.h), ledger.migration, ledger.sqlite.
    static Result<std::unique_ptr<Ledger>> open(const QString &path, const crypto::PublicKey &coordinatorKey);
    // For a file open() refused as ledger.corrupt: moves it aside to `<path>.damaged-<nowMs>`
    // (never changed), opens a new ledger at `path` and stores in it every receipt still readable
    // from a copy of the damaged one (each verified against `coordinatorKey` again, as addReceipt
    // does; what the coordinator re-sends at registration is idempotent by id). Benchmarks, jobs,
    // history and activity are not carried over (the node benchmarks again); an activity entry
    // says what happened. Errors: ledger.recover (nothing moved), or the new ledger's open().
    static Result<LedgerRecovery> recover(const QString &path, const crypto::PublicKey &coordinatorKey, qint64 nowMs);
    ~Ledger() override;

    QString path() const { return m_path; }

    // Writes (blocking until committed).
    Result<AddOutcome> addReceipt(const QJsonObject &receipt);
    Result<void> recordBenchmark(const BenchmarkRecord &row) { return recordBenchmarks({row}); }
    Result<void> recordBenchmarks(const QList<BenchmarkRecord> &rows); // one transaction
    Result<void> upsertJob(const JobRecord &job);
    Result<void> addCheckpoint(const CheckpointRecord &cp);
    Result<void> addVerificationEvent(const VerificationEvent &ev);
    Result<void> logActivity(const QString &level, const QString &category, const QString &message,
                             const QString &jobId = {});

    // Writes (asynchronous).
    void addReceiptAsync(const QJsonObject &receipt, std::function<void(Result<AddOutcome>)> done);
    void recordBenchmarksAsync(const QList<BenchmarkRecord> &rows, std::function<void(Result<void>)> done);
    // Balance, pending and stake read on the writer thread: for callers on the GUI thread.
    void totalsAsync(std::function<void(Result<Totals>)> done);
    // History (schema v2; core/node's HistoryRecorder writes it): the row id, 0 for none.
    Result<qint64> recordHistory(const HistoryUpdate &update);
    void recordHistoryAsync(const HistoryUpdate &update, std::function<void(Result<qint64>)> done);
    void recordHistoryReceiptAsync(const HistoryReceipt &receipt, std::function<void(Result<qint64>)> done);
    void setHistoryKeep(int rows); // retention (default kHistoryKeep rows); for tests

    // Any read on the reader thread (never blocks the caller): `work` runs there with that
    // thread's queries, `done` on this object's thread, and not at all once `context` is gone.
    template <typename T>
    void readAsync(QObject *context, std::function<Result<T>(const LedgerQueries &)> work, std::function<void(Result<T>)> done)
    {
        onReader([this, guard = QPointer<QObject>(context), work = std::move(work), done = std::move(done)](const LedgerQueries &q) {
            auto result = std::make_shared<Result<T>>(work(q));
            QMetaObject::invokeMethod(this, [guard, done, result] {
                if (guard)
                    done(std::move(*result));
            }, Qt::QueuedConnection);
        });
    }

    // Reads.
    const LedgerQueries &queries() const { return m_queries; }
    Result<qint64> balance() const { return m_queries.balance(); }
    Result<qint64> pending() const { return m_queries.pending(); }
    Result<qint64> staked() const { return m_queries.staked(); }
    Result<qint64> lifetimeEarnings() const { return m_queries.lifetimeEarnings(); }
    Result<QList<DayEarnings>> earningsByDay(QDate from, QDate to) const { return m_queries.earningsByDay(from, to); }
    Result<QList<JobEarnings>> earningsByJob() const { return m_queries.earningsByJob(); }
    Result<QList<BenchmarkRecord>> latestBenchmarks() const { return m_queries.latestBenchmarks(); }
    Result<QList<BenchmarkRecord>> benchmarkHistory(const QString &deviceId, const QString &kind, int limit = 100) const
    {
        return m_queries.benchmarkHistory(deviceId, kind, limit);
    }
    Result<void> exportReceiptsCsv(QIODevice &out) const { return m_queries.exportReceiptsCsv(out); }

Q_SIGNALS:
    void changed(); // a change committed (receipts, history, activity, ...): readers may re-read

private:
    Ledger(QString path, std::unique_ptr<db::Database> readDb, QThread *thread, LedgerWriter *writer);
    void onReader(std::function<void(const LedgerQueries &)> work);
    template <typename T>
    Result<T> notifying(Result<T> r);

    template <typename T>
    Result<T> onWriter(std::function<Result<T>(LedgerWriter &)> work);
    template <typename T>
    void onWriterAsync(std::function<Result<T>(LedgerWriter &)> work, std::function<void(Result<T>)> done, bool notify = true);

    QString m_path;
    std::unique_ptr<db::Database> m_readDb;
    LedgerQueries m_queries;
    QThread *m_thread;
    LedgerWriter *m_writer;
    // readAsync's thread and its own connection (opened here, used only there).
    std::unique_ptr<db::Database> m_asyncDb;
    std::unique_ptr<LedgerQueries> m_asyncQueries;
    QThread *m_readerThread = nullptr;
    QObject *m_readerContext = nullptr;
};

} // namespace idleforge::ledger
