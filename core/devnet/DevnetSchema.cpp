#include "devnet/DevnetSchema.h"

#include "db/SqliteMigration.h"

#include <span>

namespace idleforge::devnet {

using db::Migration;

namespace {
// Money: integer micro-credits. Times: ms since the Unix epoch, UTC.
constexpr const char *kV1 = R"SQL(
CREATE TABLE providers(
    node_id TEXT PRIMARY KEY,
    payout TEXT NOT NULL,
    capability_json TEXT NOT NULL,
    backends TEXT NOT NULL,
    memory_bytes INTEGER NOT NULL,
    fp32_mflops INTEGER NOT NULL,
    reputation INTEGER NOT NULL DEFAULT 0,
    registered_ts INTEGER NOT NULL,
    last_seen_ts INTEGER NOT NULL
);

CREATE TABLE tasks(
    id INTEGER PRIMARY KEY,
    spec_json TEXT NOT NULL,
    spec_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    backend TEXT NOT NULL CHECK (backend IN ('repro', 'fast')),
    peak_bytes INTEGER NOT NULL,
    total_flops REAL NOT NULL,
    reward INTEGER NOT NULL CHECK (reward >= 0),
    submitter TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pooled', 'leased', 'committed', 'verified', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    checkpoint_step INTEGER,
    checkpoint_hash TEXT,
    created_ts INTEGER NOT NULL,
    updated_ts INTEGER NOT NULL
);
CREATE INDEX tasks_pool ON tasks(state, reward DESC, id);

CREATE TABLE leases(
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    node_id TEXT NOT NULL REFERENCES providers(node_id),
    state TEXT NOT NULL CHECK (state IN ('active', 'expired', 'released', 'completed')),
    granted_ts INTEGER NOT NULL,
    expires_ts INTEGER NOT NULL,
    last_heartbeat_ts INTEGER,
    step INTEGER NOT NULL DEFAULT 0,
    ended_ts INTEGER
);
CREATE UNIQUE INDEX leases_one_active_per_task ON leases(task_id) WHERE state = 'active';
CREATE INDEX leases_expiry ON leases(state, expires_ts);

CREATE TABLE events(
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    kind TEXT NOT NULL,
    node_id TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX events_ts ON events(ts);
)SQL";

// v2: the rest of a task's life. A commitment per task (the run that is audited), games (audits
// and disputes, "g<n>" on the wire) and the receipts the coordinator signed. A provider's balance
// is the sum of its receipts (SUM(signed amount)), never a separate counter that could drift.
constexpr const char *kV2 = R"SQL(
CREATE TABLE commitments(
    task_id INTEGER PRIMARY KEY REFERENCES tasks(id),
    lease_id INTEGER NOT NULL REFERENCES leases(id),
    node_id TEXT NOT NULL,
    run_root TEXT NOT NULL,
    final_hash TEXT NOT NULL,
    steps INTEGER NOT NULL,
    checkpoint_every INTEGER NOT NULL,
    losses TEXT NOT NULL,
    ts INTEGER NOT NULL
);

CREATE TABLE games(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('audit', 'dispute')),
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    parent INTEGER REFERENCES games(id),
    solver TEXT NOT NULL,
    verifier TEXT,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'open', 'replicating', 'passed', 'failed', 'decided', 'abandoned')),
    seed TEXT NOT NULL,
    samples INTEGER NOT NULL,
    ready TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '{}',
    messages INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    created_ts INTEGER NOT NULL,
    updated_ts INTEGER NOT NULL
);
CREATE INDEX games_state ON games(state, updated_ts);

CREATE TABLE receipts(
    id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount INTEGER NOT NULL,
    signed_amount INTEGER NOT NULL,
    task_id INTEGER,
    json TEXT NOT NULL,
    ts INTEGER NOT NULL
);
CREATE INDEX receipts_node ON receipts(node_id, ts);
)SQL";

// v3: the relay log (DevnetStore.h, RelayRow): every verification message passed on, so the
// relay is exactly-once across restarts and a referee can be rebuilt by replaying its inputs.
constexpr const char *kV3 = R"SQL(
CREATE TABLE relay_log(
    game_id INTEGER NOT NULL REFERENCES games(id),
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    seq INTEGER NOT NULL,
    message TEXT NOT NULL,
    blob TEXT NOT NULL DEFAULT '',
    ts INTEGER NOT NULL,
    PRIMARY KEY (game_id, sender, receiver, seq)
);
)SQL";

// v4: who uploaded a task's checkpoint, and what a lease was told to resume from, so that a
// claim a taken-over run inherited is blamed on the provider that made it.
constexpr const char *kV4 = R"SQL(
ALTER TABLE tasks ADD COLUMN checkpoint_node TEXT;
ALTER TABLE leases ADD COLUMN resume_step INTEGER;
ALTER TABLE leases ADD COLUMN resume_hash TEXT;
ALTER TABLE leases ADD COLUMN resume_node TEXT;
-- A slash now comes out of the stake, not the spendable balance (protocol/Receipt.h); rows stored
-- under the old rule get the new signed amount, as the node's ledger computes it from the kind.
UPDATE receipts SET signed_amount = 0 WHERE kind = 'slash';
)SQL";

// v5: submitters' money. A submitter's balance is SUM(amount) of its rows: grants (the devnet's
// faucet, once per (submitter, note)) and refunds credit it, a task's escrow debits it in the
// transaction that pools the task. One escrow and at most one refund per task.
constexpr const char *kV5 = R"SQL(
CREATE TABLE funds(
    id INTEGER PRIMARY KEY,
    submitter TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('grant', 'escrow', 'refund')),
    amount INTEGER NOT NULL CHECK ((kind = 'escrow' AND amount <= 0) OR (kind <> 'escrow' AND amount >= 0)),
    task_id INTEGER REFERENCES tasks(id),
    note TEXT NOT NULL DEFAULT '',
    ts INTEGER NOT NULL
);
CREATE INDEX funds_submitter ON funds(submitter);
CREATE UNIQUE INDEX funds_grant_once ON funds(submitter, note) WHERE kind = 'grant';
CREATE UNIQUE INDEX funds_task_once ON funds(task_id, kind) WHERE task_id IS NOT NULL;
CREATE INDEX tasks_created ON tasks(state, created_ts);
)SQL";

constexpr Migration kMigrations[] = {{1, kV1}, {2, kV2}, {3, kV3}, {4, kV4}, {5, kV5}};
} // namespace

int devnetSchemaVersion()
{
    return std::span(kMigrations).back().version;
}

Result<int> migrateDevnet(db::Database &db, const QString &path)
{
    return db::migrateSchema(db, path, kMigrations,
                                      {.domain = "devnet", .what = "devnet state", .program = "idleforge-devnet"});
}

} // namespace idleforge::devnet
