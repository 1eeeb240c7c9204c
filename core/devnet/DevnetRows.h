#pragma once
// Inside the devnet store (DevnetStore, GameStore, ReceiptStore; not for the coordinator's
// rooms): one column list and one reader per row type, so a SELECT and the struct it fills are
// written once, and the prepare-bind-read steps every query repeats. JSON columns hold compact
// JSON text.
#include "db/Sqlite.h"
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

// A NULL for an empty text or a missing number, else the value.
struct Nullable {
    std::optional<qint64> number;
    QString text;
    bool isText = false;
};
inline Nullable orNull(const std::optional<qint64> &n) { return Nullable{n, {}, false}; }
inline Nullable orNull(const QString &s) { return Nullable{{}, s, true}; }

inline void bindOne(db::Statement &st, int i, qint64 v) { st.bind(i, v); }
inline void bindOne(db::Statement &st, int i, double v) { st.bind(i, v); }
inline void bindOne(db::Statement &st, int i, const QString &v) { st.bind(i, v); }
inline void bindOne(db::Statement &st, int i, const Nullable &v)
{
    if (v.isText ? v.text.isEmpty() : !v.number)
        st.bindNull(i);
    else if (v.isText)
        st.bind(i, v.text);
    else
        st.bind(i, *v.number);
}

// Prepared with `args` bound to ?1, ?2, ...
template <typename... Args>
Result<db::Statement> prepare(const db::Database &db, const char *sql, const Args &...args)
{
    auto st = db.prepare(sql);
    if (!st)
        return st.error();
    int i = 0;
    (bindOne(*st, ++i, args), ...);
    return st;
}

template <typename Read, typename... Args>
Result<std::optional<db::RowOf<Read>>> firstRow(const db::Database &db, const char *sql, Read read, const Args &...args)
{
    auto st = prepare(db, sql, args...);
    if (!st)
        return st.error();
    return st->readFirstRow(read);
}

template <typename Read, typename... Args>
Result<QList<db::RowOf<Read>>> allRows(const db::Database &db, const char *sql, Read read, const Args &...args)
{
    auto st = prepare(db, sql, args...);
    if (!st)
        return st.error();
    return st->readRows(read);
}

// Runs a statement that returns no rows.
template <typename... Args>
Result<void> execute(const db::Database &db, const char *sql, const Args &...args)
{
    auto st = prepare(db, sql, args...);
    if (!st)
        return st.error();
    return st->run();
}

// A single integer (a count, a sum); 0 when there is no row.
template <typename... Args>
Result<qint64> integer(const db::Database &db, const char *sql, const Args &...args)
{
    auto n = firstRow(db, sql, [](const db::Statement &s) { return s.int64(0); }, args...);
    if (!n)
        return n.error();
    return n->value_or(0);
}

} // namespace idleforge::devnet::rows
