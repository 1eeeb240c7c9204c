#pragma once
// The node's durable outbox (<data dir>/outbox.sqlite): a finished commitment, an audit result
// or a verification message is put here BEFORE it is sent to the coordinator, and re-sent from
// pending() after a reconnect or a restart until the coordinator acknowledges its key. The
// coordinator treats re-sends idempotently by key, so a dropped connection or a kill -9 loses
// nothing and duplicates nothing.
//
// Contract:
// - put() returns only after the item is committed with synchronous=FULL (WAL): once it
//   returns, the item survives a kill of the process and a power cut.
// - Idempotent by key: a second put() with a known key (pending or acknowledged) changes
//   nothing and returns the stored item. Acknowledged rows are kept (with acked_ms) so a late
//   re-put of an acknowledged message is not sent again; the newest 1000 are kept.
// - pending() is in put order (ids only grow, never reused). A row whose stored body is not a
//   JSON object or that does not match its checksum (a damaged file: a bit flipped on disk) is
//   left out of pending() with a warning rather than sent or crashed on; a put() of its key
//   stores the fresh body in place.
// - Single-threaded: one Outbox per file, used from the node's thread only. Every change is
//   one BEGIN IMMEDIATE transaction.
// - open() refuses a file that is not an outbox (outbox.foreign), that a newer IdleForge wrote
//   (outbox.too_new) or that is damaged (outbox.corrupt: SQLite's quick_check fails, e.g. a
//   truncated file or a flipped bit in a page), and leaves such a file byte-identical.
#include "base/Error.h"
#include "db/Sqlite.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>

namespace idleforge::node {

struct OutboxItem {
    qint64 id = 0;
    QString key;   // the coordinator's idempotency key
    QString type;  // the message type on the wire
    QJsonObject body;
    qint64 createdMs = 0; // ms since the Unix epoch, UTC, as passed to put()
    int attempts = 0;     // how often markSent() was called
};

class Outbox {
public:
    static Result<std::unique_ptr<Outbox>> open(const QString &path); // creates/migrates; WAL; synchronous=FULL

    // Persists (durably, before returning) a message to send. Idempotent by key: a second put
    // with the same key keeps the first item and returns it unchanged.
    Result<OutboxItem> put(const QString &key, const QString &type, const QJsonObject &body, qint64 nowMs);
    Result<QList<OutboxItem>> pending() const; // oldest first, not yet acknowledged
    Result<void> markSent(qint64 id);          // attempts + 1 (still pending until acknowledged); outbox.unknown_id
    // The coordinator acknowledged: removed from pending (the row is kept with acked_ms; only the
    // newest 1000 acknowledged rows are kept). An unknown or already acknowledged key is a no-op.
    Result<void> acknowledge(const QString &key);
    Result<bool> contains(const QString &key) const; // pending or remembered as acknowledged
    const QString &path() const { return m_path; }

private:
    Outbox(db::Database db, QString path) : m_db(std::move(db)), m_path(std::move(path)) {}
    Result<std::optional<OutboxItem>> findByKey(const QString &key, bool *corrupt) const;

    db::Database m_db;
    QString m_path;
    mutable QSet<qint64> m_warnedCorrupt; // warn once per damaged row, not on every pending()
};

} // namespace idleforge::node
