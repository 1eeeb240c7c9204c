#pragma once
// A damaged ledger file is refused at open, never read as if it were whole (issue 18): SQLite's
// quick_check finds broken pages (a truncated copy, a flipped bit in the b-tree), and every
// stored receipt must still say what its signed text says, which finds a flipped bit in an
// amount or a state that SQLite has no checksum for. Nothing here writes to the file.
#include "base/Error.h"
#include "db/Sqlite.h"

#include <QJsonObject>

namespace idleforge::ledger {

// Before the schema is read: ledger.corrupt for a damaged SQLite file (not for a file that is
// not SQLite at all, which the migration refuses as ledger.foreign).
Result<void> checkLedgerFile(const db::Database &db, const QString &path);

// After the schema is current: ledger.corrupt naming the first receipt whose columns (kind,
// amount, status, job, node, payee, issue time) or text differ from its signed canonical text.
// The signature itself is checked when the receipt is stored; at open the pinned key may be
// absent (idleforgectl), so only the agreement of the row with its signed bytes is checked.
Result<void> checkReceipts(const db::Database &db, const QString &path);

// The receipt as the coordinator sent it (its canonical text with the signature as "sig"), from a
// stored row's canonical text and signature: for checks and for carrying receipts over.
QJsonObject receiptJson(const QString &canonical, const QByteArray &signature);

} // namespace idleforge::ledger
