#include "node/Outbox.h"

#include "base/Clock.h"
#include "crypto/Blake2b.h"
#include "db/SqliteCheck.h"
#include "db/SqliteMigration.h"
#include "db/SqliteSalvage.h"
#include "node/Log.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>

namespace idleforge::node {

using db::Database;
using db::Statement;
using db::Transaction;

namespace {
// 'IFOB' in the SQLite header: tells our outbox from any other SQLite file (the ledger too),
// whatever its user_version says.
constexpr qint64 kApplicationId = 0x49464f42;
constexpr qint64 kKeepAcknowledged = 1000;

// v1. Times: ms since the Unix epoch, UTC. AUTOINCREMENT so an id is never reused after the
// newest rows were pruned: a caller's id always names the row it was given for.
constexpr const char *kV1 = R"SQL(
PRAGMA application_id = 1229344578;
CREATE TABLE outbox(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    acked_ms INTEGER
);
CREATE INDEX outbox_pending ON outbox(id) WHERE acked_ms IS NULL;
CREATE INDEX outbox_acked ON outbox(acked_ms, id) WHERE acked_ms IS NOT NULL;
)SQL";
static_assert(kApplicationId == 1229344578);

// v2: a checksum (BLAKE2b-256 hex) over key, type and body. SQLite keeps none of a row's
// content, so a bit flipped on disk in a body that is still JSON would otherwise be sent as if
// the node had written it. Rows stored by v1 have none and are read as before.
constexpr const char *kV2 = "ALTER TABLE outbox ADD COLUMN checksum TEXT;";

constexpr db::Migration kMigrations[] = {{1, kV1}, {2, kV2}};

constexpr const char *kColumns = "id, key, type, body, created_ms, attempts, checksum";

Error failure(const QString &path, const char *what, const Error &cause)
{
    return makeError("outbox.sqlite", QStringLiteral("the outbox %1: %2 failed (%3)")
                                          .arg(path, QString::fromLatin1(what), cause.toString()));
}

Error foreign(const QString &path)
{
    return makeError("outbox.foreign", QStringLiteral("%1 is not an IdleForge outbox (another program's file, or not "
                                                      "SQLite at all). It was left untouched; move it away or choose "
                                                      "another data directory.")
                                           .arg(path));
}

// The application id decides whether a file is an outbox at all, before the shared runner looks
// at its schema version.
Result<int> migrate(Database &db, const QString &path)
{
    auto appId = db.queryInt("PRAGMA application_id");
    if (!appId)
        return failure(path, "reading the header", appId.error());
    auto current = db.queryInt("PRAGMA user_version");
    if (!current)
        return failure(path, "reading the schema version", current.error());
    auto tables = db.queryInt("SELECT count(*) FROM sqlite_schema");
    if (!tables)
        return failure(path, "reading the schema", tables.error());
    const bool blank = *appId == 0 && *current == 0 && *tables == 0;
    if (*appId != kApplicationId && !blank)
        return foreign(path);
    auto v = db::migrateSchema(db, path, kMigrations,
                                        {.domain = "outbox", .what = "outbox", .program = "IdleForge"});
    if (!v && v.error().code == QLatin1String("ledger.sqlite"))
        return failure(path, "upgrading the schema", v.error());
    return v;
}

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString checksumOf(const QString &key, const QString &type, const QByteArray &body)
{
    const QByteArray all = key.toUtf8() + '\0' + type.toUtf8() + '\0' + body;
    return QString::fromStdString(crypto::toHex(crypto::blake2b256(std::string_view(all.constData(), size_t(all.size())))));
}

// Reads a row in kColumns order. A body that is not a JSON object, or a row that does not match
// its checksum, sets *corrupt.
OutboxItem readItem(const Statement &s, bool *corrupt)
{
    OutboxItem item;
    item.id = s.int64(0);
    item.key = s.text(1);
    item.type = s.text(2);
    const QByteArray body = s.blob(3);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    *corrupt = error.error != QJsonParseError::NoError || !doc.isObject()
            || (!s.isNull(6) && s.text(6) != checksumOf(item.key, item.type, body));
    if (!*corrupt)
        item.body = doc.object();
    item.createdMs = s.int64(4);
    item.attempts = int(s.int64(5));
    return item;
}
} // namespace

Result<std::unique_ptr<Outbox>> Outbox::open(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    // Checked before sqlite touches the file: a text file would otherwise get a journal next to it.
    if (!db::looksLikeSqlite(absolute))
        return foreign(absolute);
    auto db = Database::open(absolute);
    if (!db)
        return makeError("outbox.open", QStringLiteral("cannot open the outbox %1: %2").arg(absolute, db.error().message));
    // A damaged file (truncated, a flipped bit in a page) is refused before its schema is read.
    if (auto ok = db::checkIntegrity(*db, QStringLiteral("The outbox ") + absolute, "outbox",
                                     QStringLiteral("Move it away to start with an empty outbox (what it held that the "
                                                    "coordinator had not acknowledged is then not sent again)."));
        !ok)
        return ok.error();
    // Refusal happens before WAL is switched on: switching writes the header of the file.
    if (auto v = migrate(*db, absolute); !v)
        return v.error();
    auto mode = db->prepare("PRAGMA journal_mode=WAL");
    if (!mode)
        return failure(absolute, "switching to WAL", mode.error());
    if (auto row = mode->step(); !row)
        return failure(absolute, "switching to WAL", row.error());
    else if (!*row || mode->text(0).compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        // Still durable (synchronous=FULL with a rollback journal), only slower; e.g. a network drive.
        qCWarning(lcNode).noquote() << "outbox: WAL is not available for" << absolute << "- using journal mode"
                                    << (*row ? mode->text(0) : QStringLiteral("?"));
    mode = Statement();
    // FULL: in WAL mode the log is synced on every commit, so put() is durable against a power cut
    // too, not only a kill of the process. Per connection, hence set on every open.
    if (auto r = db->exec("PRAGMA synchronous=FULL;"); !r)
        return failure(absolute, "setting synchronous=FULL", r.error());
    return std::unique_ptr<Outbox>(new Outbox(std::move(*db), absolute));
}

Result<std::optional<OutboxItem>> Outbox::findByKey(const QString &key, bool *corrupt) const
{
    auto st = m_db.prepare(QByteArray(QByteArray("SELECT ") + kColumns + " FROM outbox WHERE key = ?1").constData());
    if (!st)
        return failure(m_path, "looking up a key", st.error());
    st->bind(1, key);
    auto item = st->readFirstRow([corrupt](const Statement &s) { return readItem(s, corrupt); });
    if (!item)
        return failure(m_path, "looking up a key", item.error());
    return item;
}

Result<OutboxItem> Outbox::put(const QString &key, const QString &type, const QJsonObject &body, qint64 nowMs)
{
    if (key.isEmpty() || type.isEmpty())
        return makeError("outbox.invalid", QStringLiteral("an outbox item needs a key and a type (key \"%1\", type \"%2\")")
                                               .arg(key, type));
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return failure(m_path, "put", tx.error());
    bool corrupt = false;
    auto existing = findByKey(key, &corrupt);
    if (!existing)
        return existing.error();
    const QString text = jsonText(body);
    OutboxItem item;
    if (*existing && !corrupt)
        return **existing; // idempotent: nothing changed, the transaction rolls back
    if (*existing) {
        // The stored body was damaged: the caller hands us the message again, so keep the row
        // (id, time, attempts) and repair its content rather than never sending it.
        item = **existing;
        auto st = m_db.prepare("UPDATE outbox SET type = ?1, body = ?2, checksum = ?3 WHERE id = ?4");
        if (!st)
            return failure(m_path, "put", st.error());
        st->bind(1, type).bind(2, text).bind(3, checksumOf(key, type, text.toUtf8())).bind(4, item.id);
        if (auto r = st->run(); !r)
            return failure(m_path, "put", r.error());
        qCWarning(lcNode).noquote() << "outbox: repaired the damaged body of" << key;
        m_warnedCorrupt.remove(item.id);
    } else {
        auto st = m_db.prepare("INSERT INTO outbox(key, type, body, created_ms, checksum) VALUES(?1, ?2, ?3, ?4, ?5)");
        if (!st)
            return failure(m_path, "put", st.error());
        st->bind(1, key).bind(2, type).bind(3, text).bind(4, nowMs).bind(5, checksumOf(key, type, text.toUtf8()));
        if (auto r = st->run(); !r)
            return failure(m_path, "put", r.error());
        item.id = m_db.lastInsertId();
        item.key = key;
        item.createdMs = nowMs;
    }
    item.type = type;
    item.body = body;
    if (auto r = tx->commit(); !r)
        return failure(m_path, "put", r.error());
    return item;
}

Result<QList<OutboxItem>> Outbox::pending() const
{
    auto st = m_db.prepare(
        QByteArray(QByteArray("SELECT ") + kColumns + " FROM outbox WHERE acked_ms IS NULL ORDER BY id").constData());
    if (!st)
        return failure(m_path, "listing pending items", st.error());
    QList<OutboxItem> items;
    auto done = st->forEachRow([&](const Statement &s) {
        bool corrupt = false;
        OutboxItem item = readItem(s, &corrupt);
        if (!corrupt) {
            items.append(std::move(item));
        } else if (!m_warnedCorrupt.contains(item.id)) {
            m_warnedCorrupt.insert(item.id);
            qCWarning(lcNode).noquote() << QStringLiteral("outbox: the stored body of %1 (%2) is damaged; it is "
                                                          "not sent until it is put again")
                                               .arg(item.key, item.type);
        }
    });
    if (!done)
        return failure(m_path, "listing pending items", done.error());
    return items;
}

Result<void> Outbox::markSent(qint64 id)
{
    auto st = m_db.prepare("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1");
    if (!st)
        return failure(m_path, "markSent", st.error());
    st->bind(1, id);
    if (auto r = st->run(); !r)
        return failure(m_path, "markSent", r.error());
    if (m_db.changes() == 0)
        return makeError("outbox.unknown_id", QStringLiteral("the outbox %1 has no item %2").arg(m_path).arg(id));
    return {};
}

Result<void> Outbox::acknowledge(const QString &key)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return failure(m_path, "acknowledge", tx.error());
    auto st = m_db.prepare("UPDATE outbox SET acked_ms = ?1 WHERE key = ?2 AND acked_ms IS NULL");
    if (!st)
        return failure(m_path, "acknowledge", st.error());
    st->bind(1, Clock::instance().msecsSinceEpoch()).bind(2, key);
    if (auto r = st->run(); !r)
        return failure(m_path, "acknowledge", r.error());
    if (m_db.changes() == 0)
        return {}; // unknown or already acknowledged: the coordinator may repeat itself
    auto prune = m_db.prepare("DELETE FROM outbox WHERE acked_ms IS NOT NULL AND id NOT IN (SELECT id FROM outbox "
                              "WHERE acked_ms IS NOT NULL ORDER BY acked_ms DESC, id DESC LIMIT ?1)");
    if (!prune)
        return failure(m_path, "acknowledge", prune.error());
    prune->bind(1, kKeepAcknowledged);
    if (auto r = prune->run(); !r)
        return failure(m_path, "acknowledge", r.error());
    if (auto r = tx->commit(); !r)
        return failure(m_path, "acknowledge", r.error());
    return {};
}

Result<bool> Outbox::contains(const QString &key) const
{
    auto st = m_db.prepare("SELECT 1 FROM outbox WHERE key = ?1");
    if (!st)
        return failure(m_path, "contains", st.error());
    st->bind(1, key);
    auto row = st->step();
    if (!row)
        return failure(m_path, "contains", row.error());
    return *row;
}

Result<OutboxRecovery> Outbox::recover(const QString &path, qint64 nowMs)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    OutboxRecovery out;
    auto kept = db::moveAside(absolute, nowMs, "outbox");
    if (!kept)
        return kept.error();
    out.keptAs = *kept;
    auto fresh = open(absolute);
    if (!fresh) {
        QFile::rename(out.keptAs, absolute); // as it was: the caller still sees outbox.corrupt next time
        return makeError("outbox.recover", QStringLiteral("cannot start a new outbox at %1: %2").arg(absolute, fresh.error().message));
    }
    QList<OutboxItem> items;
    {
        // Read from a copy, so the damaged file stays byte for byte.
        const db::SalvageCopy copy(out.keptAs);
        const auto seq = copy.ok() ? copy.db().queryInt("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'") : Result<qint64>(0);
        const qint64 lastId = seq ? *seq : 0;
        const bool v2 = copy.ok() && copy.db().prepare("SELECT checksum FROM outbox LIMIT 0").ok();
        const auto onRow = [&](const Statement &row) {
            if (!row.isNull(7))
                return; // acknowledged
            bool corrupt = false;
            OutboxItem item = readItem(row, &corrupt);
            if (corrupt)
                ++out.unreadable;
            else
                items.push_back(std::move(item));
        };
        if (copy.ok())
            out.readToEnd = db::forEachSalvagedRow(copy.db(),
                                                   v2 ? "SELECT id, key, type, body, created_ms, attempts, checksum, acked_ms FROM outbox "
                                                        "WHERE id > ?1 ORDER BY id"
                                                      : "SELECT id, key, type, body, created_ms, attempts, NULL, acked_ms FROM outbox "
                                                        "WHERE id > ?1 ORDER BY id",
                                                   lastId, onRow);
    }
    for (const OutboxItem &item : items) {
        auto put = (*fresh)->put(item.key, item.type, item.body, item.createdMs);
        if (!put)
            return makeError("outbox.recover", QStringLiteral("cannot carry the damaged outbox's messages over: %1").arg(put.error().message));
        ++out.recovered;
    }
    qCWarning(lcNode).noquote() << QStringLiteral("outbox: %1 was damaged; kept as %2; %3 pending message(s) recovered, %4 "
                                                  "unreadable%5")
                                       .arg(absolute, out.keptAs)
                                       .arg(out.recovered)
                                       .arg(out.unreadable)
                                       .arg(out.readToEnd ? QString() : QStringLiteral(", those on the damaged pages lost"));
    return out;
}

} // namespace idleforge::node
