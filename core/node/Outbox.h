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
//   truncated file or a flipped bit in a page), and leaves such a file byte-identical; recover()
//   then keeps it aside and carries over what can still be read.
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

// What Outbox::recover() did with a damaged outbox.
struct OutboxRecovery {
    QString keptAs;     // the damaged file, moved aside byte for byte (with its -wal, if any)
    int recovered = 0;  // pending messages read back intact (checksum) and put in the new outbox
    int unreadable = 0; // pending rows that were read but failed their checksum or were not JSON
    bool readToEnd = false; // false: damage was met (rows on damaged pages are lost, those past it read on)
};

class Outbox {
public:
    static Result<std::unique_ptr<Outbox>> open(const QString &path); // creates/migrates; WAL; synchronous=FULL
    // For a file open() refused as outbox.corrupt: moves it aside to `<path>.damaged-<nowMs>`
    // (never changed: it stays for inspection), starts a new outbox at `path`, and puts into it,
    // in their order, the pending messages that can still be read intact from the damaged copy
    // (each checked against its row checksum; v1 rows without one must be a JSON object).
    // Acknowledged rows are not carried: a late re-put of one is sent again, and the coordinator
    // takes re-sends idempotently by key. Fails (outbox.recover) without moving anything when the
    // file cannot be moved or the new outbox cannot be made.
    static Result<OutboxRecovery> recover(const QString &path, qint64 nowMs);

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
