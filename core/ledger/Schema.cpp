#include "ledger/Schema.h"

namespace idleforge::ledger {

namespace {
// v1. Money is integer micro-credits; times are ms since the Unix epoch (UTC).
constexpr const char *kV1 = R"SQL(
CREATE TABLE benchmarks(
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    peak REAL,
    efficiency REAL,
    driver TEXT,
    hardware_fingerprint TEXT,
    raw_json TEXT
);
CREATE INDEX benchmarks_device_kind_ts ON benchmarks(device_id, kind, ts);

CREATE TABLE jobs(
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('solver', 'verifier', 'dispute')),
    task_id TEXT,
    state TEXT NOT NULL,
    created_ts INTEGER NOT NULL,
    updated_ts INTEGER NOT NULL,
    commitment TEXT,
    detail_json TEXT
);

CREATE TABLE checkpoints(
    job_id TEXT NOT NULL REFERENCES jobs(id),
    step INTEGER NOT NULL,
    state_hash TEXT NOT NULL,
    path TEXT NOT NULL,
    bytes INTEGER,
    ts INTEGER NOT NULL,
    PRIMARY KEY (job_id, step)
);

CREATE TABLE verification_events(
    id INTEGER PRIMARY KEY,
    job_id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT,
    detail_json TEXT
);
CREATE INDEX verification_events_job ON verification_events(job_id, ts);

CREATE TABLE receipts(
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('reward', 'fee', 'stake', 'slash', 'payout')),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
    job_id TEXT,
    node_id TEXT,
    payee TEXT,
    issued_ts INTEGER NOT NULL,
    received_ts INTEGER NOT NULL,
    canonical TEXT NOT NULL,
    signature BLOB NOT NULL CHECK (length(signature) = 64)
);
CREATE INDEX receipts_issued ON receipts(issued_ts);
CREATE INDEX receipts_job ON receipts(job_id);

CREATE TABLE activity(
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
    category TEXT NOT NULL,
    message TEXT NOT NULL,
    job_id TEXT
);
CREATE INDEX activity_ts ON activity(ts);
)SQL";

constexpr Migration kMigrations[] = {{1, kV1}};
} // namespace

std::span<const Migration> migrations()
{
    return kMigrations;
}

Result<int> migrate(sql::Database &db, const QString &path, std::span<const Migration> list, int oldestMigratable)
{
    auto current = db.queryInt("PRAGMA user_version");
    if (!current)
        return current.error();
    const int newest = list.empty() ? 0 : list.back().version;
    const int version = static_cast<int>(*current);
    if (version > newest)
        return makeError("ledger.too_new",
                         QStringLiteral("the ledger %1 has schema version %2, but this IdleForge only knows up to "
                                        "version %3: it was written by a newer IdleForge. Update IdleForge; the "
                                        "file was left untouched.")
                             .arg(path)
                             .arg(version)
                             .arg(newest));
    if (version < oldestMigratable)
        return makeError("ledger.too_old",
                         QStringLiteral("the ledger %1 has schema version %2, older than this IdleForge can "
                                        "upgrade (oldest: %3). Open it once with an intermediate release, or "
                                        "move it away to start a new ledger; the file was left untouched.")
                             .arg(path)
                             .arg(version)
                             .arg(oldestMigratable));
    if (version == 0) {
        auto tables = db.queryInt("SELECT count(*) FROM sqlite_schema");
        if (!tables)
            return tables.error();
        if (*tables > 0)
            return makeError("ledger.foreign",
                             QStringLiteral("%1 is a SQLite file with other tables but no IdleForge schema "
                                            "version; it is not an IdleForge ledger. It was left untouched.")
                                 .arg(path));
    }
    for (const Migration &m : list) {
        if (m.version <= version)
            continue;
        auto tx = sql::Transaction::begin(db);
        if (!tx)
            return tx.error();
        const QByteArray bump = "PRAGMA user_version = " + QByteArray::number(m.version);
        Result<void> r = db.exec(m.sql);
        if (r)
            r = db.exec(bump.constData());
        if (r)
            r = tx->commit();
        if (!r)
            return makeError("ledger.migration",
                             QStringLiteral("upgrading the ledger %1 to schema version %2 failed (%3); the "
                                            "change was rolled back and the file is as it was.")
                                 .arg(path)
                                 .arg(m.version)
                                 .arg(r.error().message));
    }
    return newest;
}

} // namespace idleforge::ledger
