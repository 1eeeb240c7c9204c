#pragma once
// The prepare-bind-read steps every query repeats, for the ledger, the outbox and the devnet
// store: `args` bind to ?1, ?2, ... in order (a plain `?` list binds the same way), and a row
// reader names each column once with columns().
//     return db::allRows(m_db, "SELECT id, name FROM games WHERE task_id = ?1", readGame, taskId);
//     GameRow readGame(const db::Statement &s) { GameRow g; db::columns(s, g.id, g.name); return g; }
#include "db/Sqlite.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace idleforge::db {

// A NULL for an empty text or a missing number, else the value.
struct Nullable {
    std::optional<qint64> number;
    QString text;
    bool isText = false;
};
inline Nullable orNull(const std::optional<qint64> &n) { return Nullable{n, {}, false}; }
inline Nullable orNull(const QString &s) { return Nullable{{}, s, true}; }

inline void bindOne(Statement &st, int i, qint64 v) { st.bind(i, v); }
inline void bindOne(Statement &st, int i, double v) { st.bind(i, v); }
inline void bindOne(Statement &st, int i, const QString &v) { st.bind(i, v); }
inline void bindOne(Statement &st, int i, const std::optional<double> &v) { st.bind(i, v); }
inline void bindOne(Statement &st, int i, const QByteArray &blob) { st.bindBlob(i, blob); }
inline void bindOne(Statement &st, int i, const Nullable &v)
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
Result<Statement> prepare(const Database &db, const char *sql, const Args &...args)
{
    auto st = db.prepare(sql);
    if (!st)
        return st.error();
    int i = 0;
    (bindOne(*st, ++i, args), ...);
    return st;
}

// The first row read by `read`, or none.
template <typename Read, typename... Args>
Result<std::optional<RowOf<Read>>> firstRow(const Database &db, const char *sql, Read read, const Args &...args)
{
    auto st = prepare(db, sql, args...);
    if (!st)
        return st.error();
    return st->readFirstRow(read);
}

// Every row, each read by `read`.
template <typename Read, typename... Args>
Result<QList<RowOf<Read>>> allRows(const Database &db, const char *sql, Read read, const Args &...args)
{
    auto st = prepare(db, sql, args...);
    if (!st)
        return st.error();
    return st->readRows(read);
}

// Runs a statement that returns no rows.
template <typename... Args>
Result<void> execute(const Database &db, const char *sql, const Args &...args)
{
    auto st = prepare(db, sql, args...);
    if (!st)
        return st.error();
    return st->run();
}

// A single integer (a count, a sum); 0 when there is no row.
template <typename... Args>
Result<qint64> integer(const Database &db, const char *sql, const Args &...args)
{
    auto n = firstRow(db, sql, [](const Statement &s) { return s.int64(0); }, args...);
    if (!n)
        return n.error();
    return n->value_or(0);
}

// Column `i` of the current row into `out`, by the type of `out`: a NULL reads as 0, an empty
// text, std::nullopt; JSON columns hold compact JSON text.
inline void readColumn(const Statement &s, int i, qint64 &out) { out = s.int64(i); }
inline void readColumn(const Statement &s, int i, int &out) { out = static_cast<int>(s.int64(i)); }
inline void readColumn(const Statement &s, int i, double &out) { out = s.real(i); }
inline void readColumn(const Statement &s, int i, QString &out) { out = s.text(i); }
inline void readColumn(const Statement &s, int i, QByteArray &out) { out = s.blob(i); }
inline void readColumn(const Statement &s, int i, QDate &out) { out = QDate::fromString(s.text(i), Qt::ISODate); }
inline void readColumn(const Statement &s, int i, QJsonObject &out)
{
    out = QJsonDocument::fromJson(s.text(i).toUtf8()).object();
}
inline void readColumn(const Statement &s, int i, QJsonArray &out)
{
    out = QJsonDocument::fromJson(s.text(i).toUtf8()).array();
}
template <typename T>
void readColumn(const Statement &s, int i, std::optional<T> &out)
{
    if (s.isNull(i)) {
        out.reset();
        return;
    }
    readColumn(s, i, out.emplace());
}

// Columns 0, 1, 2, ... of the current row into `out...`, in order.
template <typename... T>
void columns(const Statement &s, T &...out)
{
    int i = 0;
    (readColumn(s, i++, out), ...);
}

// A reader of rows of T: column 0 into the first member named, 1 into the second, ...
//     db::allRows(m_db, "SELECT job_id, step FROM checkpoints", db::into(&Checkpoint::jobId, &Checkpoint::step))
template <typename T, typename... M>
auto into(M T::*...members)
{
    return [=](const Statement &s) {
        T row{};
        columns(s, (row.*members)...);
        return row;
    };
}

// Runs `work` (returning a Result) inside an immediate transaction, committed when it
// succeeds and rolled back when it fails.
template <typename Work>
auto inTransaction(Database &db, Work work) -> decltype(work())
{
    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto result = work();
    if (!result)
        return result;
    if (auto c = tx->commit(); !c)
        return c.error();
    return result;
}

} // namespace idleforge::db
