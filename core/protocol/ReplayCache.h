#pragma once
// Remembers the nonces seen per sender so a captured message cannot be played again.
//
// Bounded: at most `perSender` nonces per sender and `senders` senders. Nothing is forgotten
// unsafely: a message older than the freshness window is refused as stale anyway, so entries
// older than the window are dropped; when a bound forces out a younger entry, a *floor* rises
// to that entry's timestamp and every later message with ts <= floor is refused as a possible
// replay (per sender for the nonce bound, for everyone when a whole sender is forgotten).
// A sender who floods nonces only raises its own floor.
#include <QHash>
#include <QString>

#include <map>
#include <set>

namespace idleforge::protocol {

class ReplayCache {
public:
    struct Limits {
        int perSender = 4096;
        int senders = 10000;
    };

    ReplayCache() : ReplayCache(Limits{}) {}
    explicit ReplayCache(Limits limits) : m_limits(limits) {}

    // Records (sender, nonce, ts) and returns true, or returns false if this nonce was seen
    // from this sender or ts is at or below a floor. `oldestFreshMs` = now - window: entries
    // older than it are dropped.
    bool admit(const QString &sender, const QString &nonce, qint64 tsMs, qint64 oldestFreshMs);

    qsizetype senderCount() const { return m_senders.size(); }
    qsizetype nonceCount(const QString &sender) const;

private:
    struct Sender {
        std::set<QString> nonces;
        std::multimap<qint64, QString> byTime;
        qint64 floorMs = -1;
        qint64 lastUseTick = 0;
    };
    void prune(Sender &s, qint64 oldestFreshMs);
    void forgetOneSender();

    Limits m_limits;
    QHash<QString, Sender> m_senders;
    qint64 m_globalFloorMs = -1;
    qint64 m_tick = 0;
};

} // namespace idleforge::protocol
