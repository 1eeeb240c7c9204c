#include "ledger/LedgerWriter.h"

#include "db/Query.h"

#include "ledger/LedgerQueries.h"

#include "base/Clock.h"
#include "base/Credits.h"
#include "ledger/Integrity.h"
#include "ledger/Log.h"
#include "protocol/Receipt.h"
#include "ledger/Schema.h"

namespace idleforge::ledger {

Result<void> LedgerWriter::open()
{
    auto db = db::Database::open(m_path);
    if (!db)
        return db.error();
    m_db = std::move(*db);
    // A damaged file is refused before anything reads its schema (Integrity.h).
    if (auto ok = checkLedgerFile(m_db, m_path); !ok) {
        m_db = db::Database();
        return ok.error();
    }
    // Version checks come first: a too-new or foreign file must not be touched, and switching
    // to WAL rewrites the file header.
    auto v = migrate(m_db, m_path);
    if (!v) {
        m_db = db::Database();
        return v.error();
    }
    if (auto ok = checkReceipts(m_db, m_path); !ok) {
        m_db = db::Database();
        return ok.error();
    }
    // WAL: readers never block the writer; FULL: a committed receipt survives power loss too.
    if (auto r = m_db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"); !r) {
        m_db = db::Database();
        return r;
    }
    return {};
}

Result<void> LedgerWriter::insertActivity(const QString &level, const QString &category, const QString &message,
                                          const QString &jobId)
{
    return db::execute(m_db, "INSERT INTO activity(ts, level, category, message, job_id) VALUES (?,?,?,?,?)",
                       Clock::instance().msecsSinceEpoch(), level, category, message, db::orNull(jobId));
}

Result<void> LedgerWriter::logActivity(const QString &level, const QString &category, const QString &message,
                                       const QString &jobId)
{
    return db::inTransaction(m_db, [&] { return insertActivity(level, category, message, jobId); });
}

Result<AddOutcome> LedgerWriter::addReceipt(const QJsonObject &json)
{
    auto parsed = protocol::Receipt::fromJson(json);
    if (!parsed) {
        (void)logActivity(QStringLiteral("error"), QStringLiteral("receipt"),
                          QStringLiteral("refused a malformed receipt: %1").arg(parsed.error().message));
        return parsed.error();
    }
    const protocol::Receipt &r = *parsed;
    if (!r.verify(m_coordinator)) {
        qCWarning(lcLedger) << "receipt" << r.id << "has a bad signature; not stored";
        (void)logActivity(QStringLiteral("error"), QStringLiteral("receipt"),
                          QStringLiteral("refused receipt %1: its signature is not the coordinator's").arg(r.id),
                          r.jobId);
        return makeError("ledger.bad_signature",
                         QStringLiteral("receipt %1 is not signed by the pinned coordinator key; it was not stored")
                             .arg(r.id));
    }

    auto tx = db::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto existing = m_db.prepare("SELECT canonical, status, kind, amount, job_id, node_id, payee FROM receipts WHERE id = ?");
    if (!existing)
        return existing.error();
    existing->bind(1, r.id);
    auto found = existing->step();
    if (!found)
        return found.error();
    const qint64 now = Clock::instance().msecsSinceEpoch();
    const QByteArray signature(reinterpret_cast<const char *>(r.signature.data()), 64);
    AddOutcome outcome = AddOutcome::Inserted;
    if (*found) {
        if (existing->text(0).toUtf8() == r.canonical)
            return AddOutcome::Duplicate; // idempotent: the same signed receipt again
        const bool sameDeal = existing->text(2) == r.kind && existing->int64(3) == r.amount &&
                              existing->text(4) == r.jobId && existing->text(5) == r.nodeId &&
                              existing->text(6) == r.payee;
        if (!sameDeal || existing->text(1) != QLatin1String("pending") || r.state == QLatin1String("pending"))
            return makeError("ledger.receipt_conflict",
                             QStringLiteral("receipt %1 is already stored with different content (%2); the new "
                                            "one was not stored")
                                 .arg(r.id, existing->text(1)));
        if (auto u = db::execute(m_db, "UPDATE receipts SET status = ?, canonical = ?, signature = ?, received_ts = ? WHERE id = ?",
                                 r.status(), QString::fromUtf8(r.canonical), signature, now, r.id);
            !u)
            return u.error();
        outcome = AddOutcome::Updated;
    } else {
        if (auto i = db::execute(m_db,
                                 "INSERT INTO receipts(id, kind, amount, status, job_id, node_id, payee, issued_ts, "
                                 "received_ts, canonical, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                 r.id, r.kind, r.amount, r.status(), r.jobId, r.nodeId, r.payee, r.issuedMs, now,
                                 QString::fromUtf8(r.canonical), signature);
            !i)
            return i.error();
    }
    const QString msg = QStringLiteral("%1 %2 credits (%3), receipt %4")
                            .arg(r.kind, formatCredits(r.signedAmount()), r.status(), r.id);
    if (auto a = insertActivity(QStringLiteral("info"), QStringLiteral("receipt"), msg, r.jobId); !a)
        return a.error();
    if (auto c = tx->commit(); !c)
        return c.error();
    return outcome;
}

Result<void> LedgerWriter::recordBenchmarks(const QList<BenchmarkRecord> &rows)
{
    auto tx = db::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("INSERT INTO benchmarks(ts, device_id, device_name, kind, value, unit, peak, efficiency, "
                           "driver, hardware_fingerprint, raw_json) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        return st.error();
    for (const BenchmarkRecord &b : rows) {
        st->reset();
        st->bind(1, b.ts).bind(2, b.deviceId).bind(3, b.deviceName).bind(4, b.kind).bind(5, b.value).bind(6, b.unit)
            .bind(7, b.peak).bind(8, b.efficiency).bind(9, b.driver).bind(10, b.hardwareFingerprint).bind(11, b.rawJson);
        if (auto r = st->run(); !r)
            return r;
    }
    return tx->commit();
}

// One statement each: SQLite runs it as a transaction of its own.
Result<void> LedgerWriter::upsertJob(const JobRecord &job)
{
    return db::execute(
        m_db,
        "INSERT INTO jobs(id, role, task_id, state, created_ts, updated_ts, commitment, detail_json) VALUES (?,?,?,?,?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_ts = excluded.updated_ts, "
        "commitment = excluded.commitment, detail_json = excluded.detail_json",
        job.id, job.role, job.taskId, job.state, job.createdMs, job.updatedMs, job.commitment, job.detailJson);
}

Result<void> LedgerWriter::addCheckpoint(const CheckpointRecord &cp)
{
    return db::execute(m_db, "INSERT OR REPLACE INTO checkpoints(job_id, step, state_hash, path, bytes, ts) VALUES (?,?,?,?,?,?)",
                       cp.jobId, cp.step, cp.stateHash, cp.path, cp.bytes, cp.ts);
}

Result<void> LedgerWriter::addVerificationEvent(const VerificationEvent &ev)
{
    return db::execute(m_db, "INSERT INTO verification_events(job_id, ts, kind, outcome, detail_json) VALUES (?,?,?,?,?)",
                       ev.jobId, ev.ts, ev.kind, ev.outcome, ev.detailJson);
}

Result<Totals> LedgerWriter::totals() const
{
    const LedgerQueries q(m_db);
    auto balance = q.balance();
    auto pending = q.pending();
    auto staked = q.staked();
    if (!balance || !pending || !staked)
        return !balance ? balance.error() : !pending ? pending.error() : staked.error();
    return Totals{*balance, *pending, *staked};
}

} // namespace idleforge::ledger
