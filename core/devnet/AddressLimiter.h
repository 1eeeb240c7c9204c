#pragma once
// Token buckets keyed by peer address, so a limit survives reconnects: each address holds up
// to `burst` tokens and regains `perSecond` a second; take() spends one. Bounded: an address
// whose bucket has refilled is forgotten by prune(), and past maxAddresses the fullest
// buckets are dropped first (they are the ones that have been quiet longest).
#include <QHash>
#include <QString>

#include <algorithm>

namespace idleforge::devnet {

class AddressLimiter {
public:
    AddressLimiter(double burst, double perSecond, int maxAddresses = 4096)
        : m_burst(burst), m_perSecond(perSecond), m_maxAddresses(maxAddresses) {}

    // Spends one token for `address` at `nowMs`; false when its bucket is empty.
    bool take(const QString &address, qint64 nowMs)
    {
        if (m_buckets.size() >= m_maxAddresses && !m_buckets.contains(address))
            prune(nowMs);
        if (m_buckets.size() >= m_maxAddresses && !m_buckets.contains(address))
            return false; // every slot holds a live, drained bucket: refuse rather than grow
        Bucket &b = m_buckets[address];
        if (b.lastMs == 0)
            b = Bucket{m_burst, nowMs};
        refill(b, nowMs);
        if (b.tokens < 1.0)
            return false;
        b.tokens -= 1.0;
        return true;
    }

    // Forgets every address whose bucket is full again.
    void prune(qint64 nowMs)
    {
        for (auto it = m_buckets.begin(); it != m_buckets.end();) {
            refill(*it, nowMs);
            it = it->tokens >= m_burst ? m_buckets.erase(it) : std::next(it);
        }
    }
    int size() const { return int(m_buckets.size()); }

private:
    struct Bucket {
        double tokens = 0;
        qint64 lastMs = 0;
    };
    void refill(Bucket &b, qint64 nowMs) const
    {
        if (nowMs > b.lastMs) {
            b.tokens = std::min(m_burst, b.tokens + double(nowMs - b.lastMs) * m_perSecond / 1000.0);
            b.lastMs = nowMs;
        }
    }

    double m_burst, m_perSecond;
    int m_maxAddresses;
    QHash<QString, Bucket> m_buckets;
};

} // namespace idleforge::devnet
