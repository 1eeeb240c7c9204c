#pragma once
// Reading what is left of a damaged SQLite file (one that checkIntegrity() refused), for the
// owners that start anew and carry over what they can (the outbox, the ledger's receipts):
//   moveAside()  the file and its -wal/-shm to `<path>.damaged-<ms>`, byte for byte;
//   SalvageCopy  a copy of it padded to its header's size (SQLite reads nothing from a file
//                shorter than its header says; a zero page only ends a scan), removed after;
//   forEachSalvagedRow()  every row a query can still reach in rowid order: a scan stops at the
//                first damaged page, the rows past it are reached by seeking (rowid > n goes
//                down the b-tree's interior pages, around a damaged leaf).
// The owner checks each row itself (checksums, signatures): SQLite cannot tell a flipped bit.
#include "base/Error.h"
#include "db/Sqlite.h"

#include <functional>

namespace idleforge::db {

// Moves `path` (absolute) and SQLite's -wal/-shm next to it to `<path>.damaged-<nowMs>`: the new
// name, or an error (`<domain>.recover`) with nothing moved when the name is taken or the move fails.
Result<QString> moveAside(const QString &path, qint64 nowMs, const char *domain);

class SalvageCopy {
public:
    // A padded copy of `damaged` (and its -wal), opened read-only; !ok() when it could not be made.
    explicit SalvageCopy(const QString &damaged);
    ~SalvageCopy(); // removes the copy
    SalvageCopy(const SalvageCopy &) = delete;
    SalvageCopy &operator=(const SalvageCopy &) = delete;
    bool ok() const { return m_db.isOpen(); }
    const Database &db() const { return m_db; }

private:
    QString m_path;
    Database m_db;
};

// Runs `sql` (a SELECT whose first column is the rowid, with `WHERE rowid > ?1 ORDER BY rowid`)
// from rowid 0 on, calling `onRow` for every row it can reach; `maxRowid` bounds the seeking
// past damage (e.g. from sqlite_sequence; <= 0: at most 100,000 ids past the last row read).
// True when it read to the end without meeting damage.
bool forEachSalvagedRow(const Database &db, const char *sql, qint64 maxRowid, const std::function<void(const Statement &)> &onRow);

} // namespace idleforge::db
