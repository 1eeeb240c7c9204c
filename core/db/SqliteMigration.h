#pragma once
// The one migration runner for the SQLite files we own (the ledger, the devnet state, the
// outbox). PRAGMA user_version holds a file's schema version. Each migration runs in one
// immediate transaction together with its user_version bump, so a failed migration rolls back
// and leaves the file exactly as it was; a file this build cannot read (newer, older than it can
// upgrade, or with tables but no version) is refused before anything is written to it.
#include "base/Error.h"
#include "db/Sqlite.h"

#include <span>

namespace idleforge::db {

// One step from schema version-1 to `version`: `sql`, `apply` or both (sql first). `apply` is
// for a step SQL alone cannot express; it runs inside the step's transaction.
struct Migration {
    int version;                                 // 1, 2, ... ascending
    const char *sql = nullptr;                   // statements, or nullptr
    Result<void> (*apply)(Database &) = nullptr; // or nullptr
};

// Names a schema in its errors.
struct SchemaOwner {
    const char *domain;       // error-code prefix: "ledger" gives ledger.too_new, ...
    const char *what;         // the file in messages: "the <what> <path> has ..."
    const char *program;      // who writes such files: "IdleForge", "idleforge-devnet"
    int oldestMigratable = 0; // the oldest version this build can still upgrade (0: an empty file)
};

// Brings `db` (opened from `path`) to the newest version in `list` and returns it. Errors, with
// the codes prefixed by owner.domain:
//   .too_new    the file's version is newer than the last in `list`
//   .too_old    the file's version is older than owner.oldestMigratable (no upgrade path)
//   .foreign    user_version 0 but the file already has tables: not one of ours
//   .migration  a migration failed (rolled back; the file is unchanged)
// and ledger.sqlite where reading the version or starting a transaction failed.
Result<int> migrateSchema(Database &db, const QString &path, std::span<const Migration> list,
                          const SchemaOwner &owner);

} // namespace idleforge::db
