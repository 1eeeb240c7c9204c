#include "ledger/LedgerQueries.h"

#include "base/Credits.h"

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

QString creditsText(qint64 micro) { return formatCredits(micro); }

QByteArray csvField(const QString &s)
{
    QByteArray u = s.toUtf8();
    if (u.contains(',') || u.contains('"') || u.contains('\n') || u.contains('\r')) {
        u.replace("\"", "\"\"");
        return '"' + u + '"';
    }
    return u;
}

BenchmarkRecord benchmarkFrom(const db::Statement &st)
{
    BenchmarkRecord b;
    b.ts = st.int64(0);
    b.deviceId = st.text(1);
    b.deviceName = st.text(2);
    b.kind = st.text(3);
    b.value = st.real(4);
    b.unit = st.text(5);
    if (!st.isNull(6))
        b.peak = st.real(6);
    if (!st.isNull(7))
        b.efficiency = st.real(7);
    b.driver = st.text(8);
    b.hardwareFingerprint = st.text(9);
    b.rawJson = st.text(10);
    return b;
}

// Prepares, binds and maps each row.
template <typename T, typename Bind, typename Map>
Result<QList<T>> collect(const db::Database &db, const char *sqlText, Bind bind, Map map)
{
    auto st = db.prepare(sqlText);
    if (!st)
        return st.error();
    bind(*st);
    return st->readRows(map);
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
    return collect<DayEarnings>(
        m_db, q.constData(), [&](db::Statement &st) { st.bind(1, start).bind(2, end); },
        [](const db::Statement &st) {
            return DayEarnings{QDate::fromString(st.text(0), Qt::ISODate), st.int64(1), st.int64(2), st.int64(3),
                               static_cast<int>(st.int64(4))};
        });
}

Result<QList<JobEarnings>> LedgerQueries::earningsByJob() const
{
    const QByteArray q = QByteArray("SELECT job_id, sum(") + kEarned +
                         "), count(*) FROM receipts WHERE status = 'verified' AND job_id <> '' GROUP BY job_id "
                         "ORDER BY job_id";
    return collect<JobEarnings>(
        m_db, q.constData(), [](db::Statement &) {},
        [](const db::Statement &st) { return JobEarnings{st.text(0), st.int64(1), static_cast<int>(st.int64(2))}; });
}

Result<QList<ReceiptRow>> LedgerQueries::receipts(int limit) const
{
    return collect<ReceiptRow>(
        m_db,
        "SELECT id, kind, amount, status, job_id, payee, issued_ts, received_ts FROM receipts "
        "ORDER BY issued_ts DESC, id DESC LIMIT ?",
        [&](db::Statement &st) { st.bind(1, qint64(limit)); },
        [](const db::Statement &st) {
            return ReceiptRow{st.text(0), st.text(1), st.int64(2), st.text(3), st.text(4), st.text(5), st.int64(6), st.int64(7)};
        });
}

Result<QList<BenchmarkRecord>> LedgerQueries::latestBenchmarks() const
{
    return collect<BenchmarkRecord>(
        m_db,
        "SELECT ts, device_id, device_name, kind, value, unit, peak, efficiency, driver, hardware_fingerprint, raw_json "
        "FROM benchmarks b WHERE id = (SELECT id FROM benchmarks WHERE device_id = b.device_id AND kind = b.kind "
        "ORDER BY ts DESC, id DESC LIMIT 1) ORDER BY device_id, kind",
        [](db::Statement &) {}, benchmarkFrom);
}

Result<QList<BenchmarkRecord>> LedgerQueries::benchmarkHistory(const QString &deviceId, const QString &kind, int limit) const
{
    return collect<BenchmarkRecord>(
        m_db,
        "SELECT ts, device_id, device_name, kind, value, unit, peak, efficiency, driver, hardware_fingerprint, raw_json "
        "FROM benchmarks WHERE device_id = ? AND kind = ? ORDER BY ts DESC, id DESC LIMIT ?",
        [&](db::Statement &st) { st.bind(1, deviceId).bind(2, kind).bind(3, qint64(limit)); }, benchmarkFrom);
}

Result<QList<JobRecord>> LedgerQueries::jobs(int limit) const
{
    return collect<JobRecord>(
        m_db,
        "SELECT id, role, task_id, state, created_ts, updated_ts, commitment, detail_json FROM jobs "
        "ORDER BY updated_ts DESC LIMIT ?",
        [&](db::Statement &st) { st.bind(1, qint64(limit)); },
        [](const db::Statement &st) {
            return JobRecord{st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4), st.int64(5), st.text(6), st.text(7)};
        });
}

Result<QList<CheckpointRecord>> LedgerQueries::checkpoints(const QString &jobId) const
{
    return collect<CheckpointRecord>(
        m_db, "SELECT job_id, step, state_hash, path, bytes, ts FROM checkpoints WHERE job_id = ? ORDER BY step",
        [&](db::Statement &st) { st.bind(1, jobId); },
        [](const db::Statement &st) {
            return CheckpointRecord{st.text(0), st.int64(1), st.text(2), st.text(3), st.int64(4), st.int64(5)};
        });
}

Result<QList<VerificationEvent>> LedgerQueries::verificationEvents(const QString &jobId) const
{
    return collect<VerificationEvent>(
        m_db, "SELECT job_id, ts, kind, outcome, detail_json FROM verification_events WHERE job_id = ? ORDER BY ts, id",
        [&](db::Statement &st) { st.bind(1, jobId); },
        [](const db::Statement &st) {
            return VerificationEvent{st.text(0), st.int64(1), st.text(2), st.text(3), st.text(4)};
        });
}

Result<QList<ActivityEntry>> LedgerQueries::activity(int limit) const
{
    return collect<ActivityEntry>(
        m_db, "SELECT id, ts, level, category, message, job_id FROM activity ORDER BY id DESC LIMIT ?",
        [&](db::Statement &st) { st.bind(1, qint64(limit)); },
        [](const db::Statement &st) {
            return ActivityEntry{st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5)};
        });
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
                csvField(row.text(3)) + ',' + QByteArray::number(amount) + ',' + creditsText(amount).toUtf8() + ',' +
                creditsText(spendable).toUtf8() + ',' + csvField(row.text(5)) + ',' +
                csvField(row.text(6)) + "\r\n";
    });
    if (!done)
        return done.error();
    if (out.write(text) != text.size())
        return makeError("ledger.io", QStringLiteral("cannot write the CSV export: %1").arg(out.errorString()));
    return {};
}

} // namespace idleforge::ledger
