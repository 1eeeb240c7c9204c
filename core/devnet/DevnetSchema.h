#pragma once
// The coordinator's SQLite schema as numbered migrations (PRAGMA user_version), run by the
// runner core/ledger shares (db/SqliteMigration.h): each migration commits together with its
// version bump, and a file newer than this build, or not ours, is refused untouched.
//
// v1: providers, tasks, leases, events (the core of issue 7). Later versions add commitments,
// audits, disputes, balances, stakes and receipts (core/devnet/README.md lists them).
#include "base/Error.h"
#include "db/Sqlite.h"

namespace idleforge::devnet {

// Errors: devnet.too_new, devnet.foreign, devnet.migration.
Result<int> migrateDevnet(db::Database &db, const QString &path);
int devnetSchemaVersion();

} // namespace idleforge::devnet
