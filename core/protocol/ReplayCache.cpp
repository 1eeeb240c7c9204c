#include "protocol/ReplayCache.h"

#include <algorithm>

namespace idleforge::protocol {

qsizetype ReplayCache::nonceCount(const QString &sender) const
{
    const auto it = m_senders.constFind(sender);
    return it == m_senders.cend() ? 0 : qsizetype(it->nonces.size());
}

void ReplayCache::prune(Sender &s, qint64 oldestFreshMs)
{
    while (!s.byTime.empty() && s.byTime.begin()->first < oldestFreshMs) {
        s.nonces.erase(s.byTime.begin()->second);
        s.byTime.erase(s.byTime.begin());
    }
}

void ReplayCache::forgetOneSender()
{
    // Least recently used sender; its newest timestamp becomes everyone's floor (rare: only
    // when more than `senders` distinct keys spoke within one window).
    auto victim = m_senders.begin();
    for (auto it = m_senders.begin(); it != m_senders.end(); ++it)
        if (it->lastUseTick < victim->lastUseTick)
            victim = it;
    if (!victim->byTime.empty())
        m_globalFloorMs = std::max(m_globalFloorMs, victim->byTime.rbegin()->first);
    m_globalFloorMs = std::max(m_globalFloorMs, victim->floorMs);
    m_senders.erase(victim);
}

bool ReplayCache::admit(const QString &sender, const QString &nonce, qint64 tsMs, qint64 oldestFreshMs)
{
    if (tsMs <= m_globalFloorMs)
        return false;
    auto it = m_senders.find(sender);
    if (it == m_senders.end()) {
        if (m_senders.size() >= m_limits.senders)
            forgetOneSender();
        it = m_senders.insert(sender, Sender{});
    }
    Sender &s = *it;
    s.lastUseTick = ++m_tick;
    prune(s, oldestFreshMs);
    if (tsMs <= s.floorMs || s.nonces.count(nonce))
        return false;
    while (qsizetype(s.nonces.size()) >= m_limits.perSender) {
        const auto oldest = s.byTime.begin();
        s.floorMs = std::max(s.floorMs, oldest->first);
        s.nonces.erase(oldest->second);
        s.byTime.erase(oldest);
    }
    if (tsMs <= s.floorMs)
        return false;
    s.nonces.insert(nonce);
    s.byTime.emplace(tsMs, nonce);
    return true;
}

} // namespace idleforge::protocol
