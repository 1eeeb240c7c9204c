#pragma once
// The ledger schema as numbered migrations, run by the shared runner (SqliteMigration.h):
// PRAGMA user_version holds the schema version, and each migration runs in one transaction
// together with the user_version bump, so a failed migration rolls back and leaves the file
// exactly as it was.
#include "base/Error.h"
#include "db/Sqlite.h"
#include "db/SqliteMigration.h"

#include <span>

namespace idleforge::ledger {

using Migration = db::Migration;

// The migrations this build knows (v1: benchmarks, jobs, receipts, activity; v2: history).
std::span<const Migration> migrations();
// The oldest schema version this build can still migrate from (0 = empty file).
inline constexpr int kOldestMigratable = 0;

// Brings the database to the newest version in `list`. Errors:
//   ledger.too_new   the file's version is newer than this build knows
//   ledger.too_old   the file's version is older than `oldestMigratable` (no upgrade path)
//   ledger.foreign   user_version 0 but the file already has tables: not an IdleForge ledger
//   ledger.migration a migration failed (rolled back; the file is unchanged)
Result<int> migrate(db::Database &db, const QString &path, std::span<const Migration> list = migrations(),
                    int oldestMigratable = kOldestMigratable);

} // namespace idleforge::ledger
