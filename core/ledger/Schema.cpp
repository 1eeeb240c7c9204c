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

Result<int> migrate(db::Database &db, const QString &path, std::span<const Migration> list, int oldestMigratable)
{
    return db::migrateSchema(db, path, list,
                              {.domain = "ledger", .what = "ledger", .program = "IdleForge",
                               .oldestMigratable = oldestMigratable});
}

} // namespace idleforge::ledger
