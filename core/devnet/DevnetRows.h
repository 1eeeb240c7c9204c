#pragma once
// Inside the devnet store (DevnetStore, GameStore, ReceiptStore; not for the coordinator's
// rooms): one column list and one reader per row type, so a SELECT and the struct it fills are
// written once; the prepare-bind-read steps are db/Query.h's. JSON columns hold compact JSON
// text.
#include "db/Query.h"
#include "devnet/DevnetStore.h"

namespace idleforge::devnet::rows {

QString jsonText(const QJsonObject &o);
QString jsonText(const QJsonArray &a);
QJsonObject jsonObject(const QString &text);

// "SELECT <columns> <rest>"
QByteArray select(const char *columns, const char *rest);

extern const char *const kTaskColumns;
extern const char *const kLeaseColumns;
extern const char *const kProviderColumns;
extern const char *const kCommitmentColumns;
extern const char *const kGameColumns;
extern const char *const kReceiptColumns;

TaskRow readTask(const db::Statement &s);
LeaseRow readLease(const db::Statement &s);
ProviderRow readProvider(const db::Statement &s);
CommitmentRow readCommitment(const db::Statement &s);
GameRow readGame(const db::Statement &s);
ReceiptRow readReceipt(const db::Statement &s);

// The query steps (db/Query.h), by their short names inside the store.
using db::allRows;
using db::execute;
using db::firstRow;
using db::integer;
using db::Nullable;
using db::orNull;
using db::prepare;

} // namespace idleforge::devnet::rows
