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

// v2: the history the dashboard's Activity and Earnings pages show. One row per task, audit or
// dispute this node took part in (kind + task + game is its key; game is '' for a task), and its
// events: state changes, sampled steps and their results, a dispute's verdict, receipts.
// Retention: LedgerWriter keeps the newest kHistoryKeep rows (by last update); a row's events
// are bounded by the game (at most kMaxSamples samples, one event per state, its receipts).
constexpr const char *kV2 = R"SQL(
CREATE TABLE history(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('task', 'audit', 'dispute')),
    task_id TEXT NOT NULL,
    game TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'committed', 'audited', 'verified', 'disputed', 'won', 'lost', 'slashed')),
    run_root TEXT NOT NULL DEFAULT '',
    steps INTEGER NOT NULL DEFAULT 0,
    started_ts INTEGER NOT NULL,
    updated_ts INTEGER NOT NULL,
    credits INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, task_id, game)
);
CREATE INDEX history_updated ON history(updated_ts);
CREATE INDEX history_task ON history(task_id);

CREATE TABLE history_events(
    id INTEGER PRIMARY KEY,
    history_id INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
    ts INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('state', 'sample', 'verdict', 'receipt')),
    step INTEGER,
    outcome TEXT NOT NULL DEFAULT '',
    ref TEXT NOT NULL DEFAULT '',
    amount INTEGER NOT NULL DEFAULT 0,
    detail_json TEXT
);
CREATE INDEX history_events_of ON history_events(history_id, id);
CREATE INDEX history_events_ref ON history_events(ref) WHERE ref <> '';
)SQL";

constexpr Migration kMigrations[] = {{1, kV1}, {2, kV2}};
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
