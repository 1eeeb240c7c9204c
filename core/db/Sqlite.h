#pragma once
// A small RAII layer over the sqlite3 C API: a connection, prepared statements (with readers
// for their rows) and an immediate transaction that rolls back unless committed. Errors carry
// sqlite's own message. Schema versions: SqliteMigration.h.
#include "base/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <type_traits>

struct sqlite3;
struct sqlite3_stmt;

namespace idleforge::db {

class Statement;

// The row type a reader `T read(const Statement &)` makes.
template <typename Read>
using RowOf = std::decay_t<std::invoke_result_t<Read &, const Statement &>>;

class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };

    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;

    // Opens (ReadWrite creates) the file; sets a busy timeout so readers and the writer wait
    // for each other instead of failing.
    static Result<Database> open(const QString &path, Mode mode = Mode::ReadWrite);

    Result<void> exec(const char *sql);                 // one or more statements, no results
    Result<Statement> prepare(const char *sql) const;   // one statement
    Result<qint64> queryInt(const char *sql) const;     // first column of the first row

    qint64 lastInsertId() const;
    int changes() const;
    Error lastError(const char *what) const;
    sqlite3 *handle() const { return m_db; }
    bool isOpen() const { return m_db != nullptr; }

private:
    explicit Database(sqlite3 *db) : m_db(db) {}
    sqlite3 *m_db = nullptr;
};

class Statement {
public:
    Statement() = default;
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;

    // Bind by 1-based index. Text is bound as UTF-8.
    Statement &bind(int index, qint64 value);
    Statement &bind(int index, double value);
    Statement &bind(int index, const QString &text);
    Statement &bindBlob(int index, const QByteArray &blob);
    Statement &bindNull(int index);
    Statement &bind(int index, const std::optional<double> &value);

    // true: a row is ready; false: done. Errors on anything else (constraint, busy, ...).
    Result<bool> step();
    Result<void> run(); // step until done
    void reset();

    // Reading a result without writing the step loop each time. `read` maps the current row
    // (`T read(const Statement &)`, e.g. a row struct's reader); errors are the failing step's.
    //     auto st = db.prepare("SELECT id, name FROM games WHERE task_id = ?1 ORDER BY id");
    //     if (!st)
    //         return st.error();
    //     st->bind(1, taskId);
    //     return st->readRows(readGame);             // Result<QList<GameRow>>
    // readFirstRow: the first row, or none (Result<std::optional<T>>), for lookups by key; the
    // statement stays on that row (reset() it before running it again).
    // forEachRow: calls `onRow(const Statement &)` for every row, for results that are not a list.
    template <typename Read>
    Result<QList<RowOf<Read>>> readRows(Read read);
    template <typename Read>
    Result<std::optional<RowOf<Read>>> readFirstRow(Read read);
    template <typename OnRow>
    Result<void> forEachRow(OnRow onRow);

    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    friend class Database;
    Statement(sqlite3_stmt *stmt, sqlite3 *db) : m_stmt(stmt), m_db(db) {}
    sqlite3_stmt *m_stmt = nullptr;
    sqlite3 *m_db = nullptr;
    Error m_bindError;
};

template <typename OnRow>
Result<void> Statement::forEachRow(OnRow onRow)
{
    for (;;) {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            return {};
        onRow(static_cast<const Statement &>(*this));
    }
}

template <typename Read>
Result<QList<RowOf<Read>>> Statement::readRows(Read read)
{
    QList<RowOf<Read>> rows;
    if (auto r = forEachRow([&](const Statement &s) { rows.append(read(s)); }); !r)
        return r.error();
    return rows;
}

template <typename Read>
Result<std::optional<RowOf<Read>>> Statement::readFirstRow(Read read)
{
    auto row = step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<RowOf<Read>>();
    return std::optional<RowOf<Read>>(read(static_cast<const Statement &>(*this)));
}

// BEGIN IMMEDIATE (takes the write lock now, so a transaction never fails half way for lack
// of it); ROLLBACK in the destructor unless commit() succeeded.
class Transaction {
public:
    static Result<Transaction> begin(Database &db);
    ~Transaction();
    Transaction(Transaction &&other) noexcept;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    Transaction &operator=(Transaction &&) = delete;

    Result<void> commit();

private:
    explicit Transaction(Database *db) : m_db(db) {}
    Database *m_db = nullptr;
};

} // namespace idleforge::db
