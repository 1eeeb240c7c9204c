#include "ledger/LedgerQueries.h"

#include "base/Credits.h"
#include "db/Query.h"

#include "protocol/Receipt.h"

#include <QDateTime>

namespace idleforge::ledger {

namespace {
// Receipt::signedAmount: the spendable balance (a slash comes out of the stake).
constexpr const char *kSigned =
    "CASE kind WHEN 'reward' THEN amount WHEN 'slash' THEN 0 ELSE -amount END";
// The stake: stake +, slash -.
constexpr const char *kStaked =
    "CASE kind WHEN 'stake' THEN amount WHEN 'slash' THEN -amount ELSE 0 END";
// What was earned or lost: a stake is a transfer into the provider's own stake, not a loss; a
// slash is one.
constexpr const char *kEarned =
    "CASE kind WHEN 'reward' THEN amount WHEN 'stake' THEN 0 ELSE -amount END";

Result<qint64> sumWhere(const db::Database &db, const QByteArray &sqlText)
{
    return db.queryInt(sqlText.constData());
}

QByteArray csvField(const QString &s)
{
    QByteArray u = s.toUtf8();
    if (u.contains(',') || u.contains('"') || u.contains('\n') || u.contains('\r')) {
        u.replace("\"", "\"\"");
        return '"' + u + '"';
    }
    return u;
}

// One reader per row type: column i into the i-th member named.
const auto readDayEarnings = db::into(&DayEarnings::day, &DayEarnings::net, &DayEarnings::rewards,
                                      &DayEarnings::deductions, &DayEarnings::receipts);
const auto readJobEarnings = db::into(&JobEarnings::jobId, &JobEarnings::net, &JobEarnings::receipts);
const auto readReceiptRow = db::into(&ReceiptRow::id, &ReceiptRow::kind, &ReceiptRow::amount, &ReceiptRow::status,
                                     &ReceiptRow::jobId, &ReceiptRow::payee, &ReceiptRow::issuedMs,
                                     &ReceiptRow::receivedMs);
const auto readJob = db::into(&JobRecord::id, &JobRecord::role, &JobRecord::taskId, &JobRecord::state,
                              &JobRecord::createdMs, &JobRecord::updatedMs, &JobRecord::commitment,
                              &JobRecord::detailJson);
const auto readCheckpoint = db::into(&CheckpointRecord::jobId, &CheckpointRecord::step, &CheckpointRecord::stateHash,
                                     &CheckpointRecord::path, &CheckpointRecord::bytes, &CheckpointRecord::ts);
const auto readVerificationEvent = db::into(&VerificationEvent::jobId, &VerificationEvent::ts,
                                            &VerificationEvent::kind, &VerificationEvent::outcome,
                                            &VerificationEvent::detailJson);
const auto readActivity = db::into(&ActivityEntry::id, &ActivityEntry::ts, &ActivityEntry::level,
                                   &ActivityEntry::category, &ActivityEntry::message, &ActivityEntry::jobId);

BenchmarkRecord benchmarkFrom(const db::Statement &st)
{
    BenchmarkRecord b;
    db::columns(st, b.ts, b.deviceId, b.deviceName, b.kind, b.value, b.unit, b.peak, b.efficiency, b.driver,
                b.hardwareFingerprint, b.rawJson);
    return b;
}
} // namespace

Result<qint64> LedgerQueries::balance() const
{
    return sumWhere(m_db, QByteArray("SELECT coalesce(sum(") + kSigned + "), 0) FROM receipts WHERE status = 'verified'");
}

Result<qint64> LedgerQueries::staked() const
{
    return sumWhere(m_db, QByteArray("SELECT coalesce(sum(") + kStaked + "), 0) FROM receipts WHERE status = 'verified'");
}

Result<qint64> LedgerQueries::pending() const
{
    return sumWhere(m_db, QByteArray("SELECT coalesce(sum(") + kSigned + "), 0) FROM receipts WHERE status = 'pending'");
}

Result<qint64> LedgerQueries::lifetimeEarnings() const
{
    return m_db.queryInt("SELECT coalesce(sum(amount), 0) FROM receipts WHERE status = 'verified' AND kind = 'reward'");
}

Result<QList<DayEarnings>> LedgerQueries::earningsByDay(QDate from, QDate to) const
{
    const qint64 start = QDateTime(from, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 end = QDateTime(to.addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const QByteArray q = QByteArray("SELECT strftime('%Y-%m-%d', issued_ts / 1000, 'unixepoch') AS day, sum(") + kEarned +
                         "), sum(CASE kind WHEN 'reward' THEN amount ELSE 0 END), "
                         "sum(CASE kind WHEN 'reward' THEN 0 WHEN 'stake' THEN 0 ELSE amount END), count(*) "
                         "FROM receipts WHERE status = 'verified' AND issued_ts >= ? AND issued_ts < ? "
                         "GROUP BY day ORDER BY day";
    return db::allRows(m_db, q.constData(), readDayEarnings, start, end);
}

Result<QList<JobEarnings>> LedgerQueries::earningsByJob() const
{
    const QByteArray q = QByteArray("SELECT job_id, sum(") + kEarned +
                         "), count(*) FROM receipts WHERE status = 'verified' AND job_id <> '' GROUP BY job_id "
                         "ORDER BY job_id";
    return db::allRows(m_db, q.constData(), readJobEarnings);
}

Result<QList<ReceiptRow>> LedgerQueries::receipts(int limit) const
{
    return db::allRows(m_db,
                       "SELECT id, kind, amount, status, job_id, payee, issued_ts, received_ts FROM receipts "
                       "ORDER BY issued_ts DESC, id DESC LIMIT ?", readReceiptRow, qint64(limit));
}

Result<QList<BenchmarkRecord>> LedgerQueries::latestBenchmarks() const
{
    return db::allRows(m_db,
                       "SELECT ts, device_id, device_name, kind, value, unit, peak, efficiency, driver, hardware_fingerprint, "
                       "raw_json FROM benchmarks b WHERE id = (SELECT id FROM benchmarks WHERE device_id = b.device_id AND "
                       "kind = b.kind ORDER BY ts DESC, id DESC LIMIT 1) ORDER BY device_id, kind",
                       benchmarkFrom);
}

Result<QList<BenchmarkRecord>> LedgerQueries::benchmarkHistory(const QString &deviceId, const QString &kind, int limit) const
{
    return db::allRows(m_db,
                       "SELECT ts, device_id, device_name, kind, value, unit, peak, efficiency, driver, hardware_fingerprint, "
                       "raw_json FROM benchmarks WHERE device_id = ? AND kind = ? ORDER BY ts DESC, id DESC LIMIT ?",
                       benchmarkFrom, deviceId, kind, qint64(limit));
}

Result<QList<JobRecord>> LedgerQueries::jobs(int limit) const
{
    return db::allRows(m_db,
                       "SELECT id, role, task_id, state, created_ts, updated_ts, commitment, detail_json FROM jobs "
                       "ORDER BY updated_ts DESC LIMIT ?",
                       readJob, qint64(limit));
}

Result<QList<CheckpointRecord>> LedgerQueries::checkpoints(const QString &jobId) const
{
    return db::allRows(m_db, "SELECT job_id, step, state_hash, path, bytes, ts FROM checkpoints WHERE job_id = ? ORDER BY step",
                       readCheckpoint, jobId);
}

Result<QList<VerificationEvent>> LedgerQueries::verificationEvents(const QString &jobId) const
{
    return db::allRows(m_db,
                       "SELECT job_id, ts, kind, outcome, detail_json FROM verification_events WHERE job_id = ? "
                       "ORDER BY ts, id",
                       readVerificationEvent, jobId);
}

Result<QList<ActivityEntry>> LedgerQueries::activity(int limit) const
{
    return db::allRows(m_db, "SELECT id, ts, level, category, message, job_id FROM activity ORDER BY id DESC LIMIT ?",
                       readActivity, qint64(limit));
}

Result<void> LedgerQueries::exportReceiptsCsv(QIODevice &out) const
{
    auto st = m_db.prepare("SELECT id, issued_ts, kind, status, amount, job_id, payee FROM receipts ORDER BY issued_ts, id");
    if (!st)
        return st.error();
    QByteArray text = "id,issued_utc,kind,status,amount_micro,amount_credits,signed_credits,job,payee\r\n";
    auto done = st->forEachRow([&](const db::Statement &row) {
        const qint64 amount = row.int64(4);
        const qint64 spendable = protocol::spendableAmount(row.text(2), amount);
        const QString issued = QDateTime::fromMSecsSinceEpoch(row.int64(1), Qt::UTC).toString(Qt::ISODateWithMs);
        text += csvField(row.text(0)) + ',' + csvField(issued) + ',' + csvField(row.text(2)) + ',' +
                csvField(row.text(3)) + ',' + QByteArray::number(amount) + ',' + formatCredits(amount).toUtf8() + ',' +
                formatCredits(spendable).toUtf8() + ',' + csvField(row.text(5)) + ',' +
                csvField(row.text(6)) + "\r\n";
    });
    if (!done)
        return done.error();
    if (out.write(text) != text.size())
        return makeError("ledger.io", QStringLiteral("cannot write the CSV export: %1").arg(out.errorString()));
    return {};
}

} // namespace idleforge::ledger
