#include "db/Sqlite.h"

#include <sqlite3.h>

#include <cstring>
#include <utility>

namespace idleforge::db {

namespace {
// sqlite's words, and for an I/O error the system's reason: SQLite reports a full disk met while
// growing its shared-memory file as "disk I/O error", which alone does not tell the user why.
QString sqliteMessage(sqlite3 *db, const char *fallback)
{
    QString text = QString::fromUtf8(fallback ? fallback : db ? sqlite3_errmsg(db) : "out of memory");
    const int primary = db ? sqlite3_extended_errcode(db) & 0xff : SQLITE_OK;
    if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN)
        if (const int err = sqlite3_system_errno(db); err != 0)
            text += QStringLiteral(" (%1)").arg(QString::fromLocal8Bit(std::strerror(err)));
    return text;
}

Error sqliteError(sqlite3 *db, const char *what)
{
    return makeError("ledger.sqlite", QStringLiteral("%1: %2").arg(QString::fromUtf8(what), sqliteMessage(db, nullptr)));
}
} // namespace

Database::~Database()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

Database::Database(Database &&other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        if (m_db)
            sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Result<Database> Database::open(const QString &path, Mode mode)
{
    sqlite3 *db = nullptr;
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = makeError("ledger.open", QStringLiteral("cannot open the ledger %1: %2")
                                               .arg(path, QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))));
        sqlite3_close_v2(db);
        return e;
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    return Database(db);
}

Result<void> Database::exec(const char *sql)
{
    char *msg = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        Error e = makeError("ledger.sqlite", sqliteMessage(m_db, msg ? msg : "unknown error"));
        sqlite3_free(msg);
        return e;
    }
    return {};
}

Result<Statement> Database::prepare(const char *sql) const
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr) != SQLITE_OK)
        return sqliteError(m_db, "prepare");
    return Statement(stmt, m_db);
}

Result<qint64> Database::queryInt(const char *sql) const
{
    auto st = prepare(sql);
    if (!st)
        return st.error();
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError("ledger.sqlite", QStringLiteral("query returned no row"));
    return st->int64(0);
}

qint64 Database::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }
Error Database::lastError(const char *what) const { return sqliteError(m_db, what); }

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(other.m_db), m_bindError(std::move(other.m_bindError))
{
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
        m_bindError = std::move(other.m_bindError);
    }
    return *this;
}

#define IF_BIND(call)                                                                                                  \
    do {                                                                                                               \
        if ((call) != SQLITE_OK && m_bindError.code.isEmpty())                                                         \
            m_bindError = sqliteError(m_db, "bind");                                                                   \
        return *this;                                                                                                  \
    } while (0)

Statement &Statement::bind(int index, qint64 value) { IF_BIND(sqlite3_bind_int64(m_stmt, index, value)); }
Statement &Statement::bind(int index, double value) { IF_BIND(sqlite3_bind_double(m_stmt, index, value)); }
Statement &Statement::bind(int index, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    IF_BIND(sqlite3_bind_text(m_stmt, index, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_TRANSIENT));
}
Statement &Statement::bindBlob(int index, const QByteArray &blob)
{
    IF_BIND(sqlite3_bind_blob(m_stmt, index, blob.constData(), static_cast<int>(blob.size()), SQLITE_TRANSIENT));
}
Statement &Statement::bindNull(int index) { IF_BIND(sqlite3_bind_null(m_stmt, index)); }
Statement &Statement::bind(int index, const std::optional<double> &value)
{
    return value ? bind(index, *value) : bindNull(index);
}
#undef IF_BIND

Result<bool> Statement::step()
{
    if (!m_bindError.code.isEmpty())
        return m_bindError;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error e = sqliteError(m_db, "step");
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        e.code = QStringLiteral("ledger.constraint");
    sqlite3_reset(m_stmt);
    return e;
}

Result<void> Statement::run()
{
    return forEachRow([](const Statement &) {});
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_bindError = {};
}

qint64 Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }
bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

QString Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, column)) : QString();
}

QByteArray Statement::blob(int column) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return p ? QByteArray(p, sqlite3_column_bytes(m_stmt, column)) : QByteArray();
}

Result<Transaction> Transaction::begin(Database &db)
{
    if (auto r = db.exec("BEGIN IMMEDIATE"); !r)
        return r.error();
    return Transaction(&db);
}

Transaction::Transaction(Transaction &&other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Transaction::~Transaction()
{
    if (m_db)
        (void)m_db->exec("ROLLBACK");
}

Result<void> Transaction::commit()
{
    if (!m_db)
        return makeError("ledger.sqlite", QStringLiteral("transaction already finished"));
    auto r = m_db->exec("COMMIT");
    if (r)
        m_db = nullptr;
    return r;
}

} // namespace idleforge::db
