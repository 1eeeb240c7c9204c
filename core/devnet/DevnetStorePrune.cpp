// DevnetStore: what the coordinator may forget. The blobs still referred to (everything else in
// the blob store may go, DevnetApp's collector), and bounds on the tables that would grow with
// every message: the relay log of settled games and the event log.
#include "devnet/DevnetStore.h"

#include "devnet/DevnetRows.h"

namespace idleforge::devnet {

using db::Statement;

namespace {
// A game is open until it is settled; a task is open while it, or a game of it, is.
constexpr const char *kOpenGame = "state IN ('waiting', 'open', 'replicating')";
} // namespace

Result<QSet<QString>> DevnetStore::referencedBlobs() const
{
    const QByteArray openTasks = QByteArray("SELECT id FROM tasks WHERE state IN ('pooled', 'leased', 'committed') "
                                            "UNION SELECT task_id FROM games WHERE ") + kOpenGame;
    const QByteArray sql =
        "SELECT json_extract(spec_json, '$.data.hash') FROM tasks WHERE id IN (" + openTasks + ") "
        "UNION SELECT checkpoint_hash FROM tasks WHERE id IN (" + openTasks + ") "
        "UNION SELECT resume_hash FROM leases WHERE state = 'active' OR task_id IN (" + openTasks + ") "
        "UNION SELECT blob FROM relay_log WHERE game_id IN (SELECT id FROM games WHERE " + kOpenGame + ")";
    auto st = m_db.prepare(sql.constData());
    if (!st)
        return st.error();
    auto rows = st->readRows([](const Statement &s) { return s.isNull(0) ? QString() : s.text(0); });
    if (!rows)
        return rows.error();
    QSet<QString> hashes;
    for (const QString &h : *rows)
        if (h.size() == 64)
            hashes.insert(h);
    return hashes;
}

Result<qint64> DevnetStore::pruneRelayLog(qint64 settledBeforeMs)
{
    const QByteArray sql = QByteArray("DELETE FROM relay_log WHERE game_id IN (SELECT id FROM games WHERE NOT (") + kOpenGame +
                           ") AND updated_ts <= ?1)";
    if (auto r = rows::execute(m_db, sql.constData(), settledBeforeMs); !r)
        return r.error();
    return qint64(m_db.changes());
}

Result<qint64> DevnetStore::pruneEvents(qint64 keepRows, qint64 olderThanMs)
{
    if (auto r = rows::execute(m_db, "DELETE FROM events WHERE ts < ?2 OR id <= (SELECT MAX(id) FROM events) - ?1", keepRows,
                               olderThanMs);
        !r)
        return r.error();
    return qint64(m_db.changes());
}

} // namespace idleforge::devnet
