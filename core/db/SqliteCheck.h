#pragma once
// A damaged SQLite file (a truncated copy, a flipped bit on disk) is refused, never silently
// read: PRAGMA quick_check walks every b-tree page and index. SQLite keeps no checksums of its
// own, so the owners also check what they can check themselves (the ledger its signed receipts).
#include "base/Error.h"
#include "db/Sqlite.h"

namespace idleforge::db {

// Whether a file holds SQLite's magic (a missing or empty file counts as one: it becomes a new
// database). A file that does not is someone else's, for the owner's own refusal.
bool looksLikeSqlite(const QString &path);

// quick_check of `db`. Error `<domain>.corrupt` when the file is damaged: "`file` is damaged
// (SQLite's first findings). It was left as it is. `advice`", where `file` names it (e.g. "The
// outbox /path"); reading and checking write nothing. Other failures (busy, I/O) keep their error.
Result<void> checkIntegrity(const Database &db, const QString &file, const char *domain, const QString &advice);

} // namespace idleforge::db
