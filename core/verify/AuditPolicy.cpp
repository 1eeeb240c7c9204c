#include "verify/AuditPolicy.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace idleforge::verify {

int samplesFor(double target, double fakedFraction)
{
    if (fakedFraction >= 1.0)
        return 1;
    if (fakedFraction <= 0.0)
        return INT_MAX;
    const double m = std::ceil(std::log1p(-target) / std::log1p(-fakedFraction) - 1e-9);
    return m >= double(INT_MAX) ? INT_MAX : std::max(1, int(m));
}

double detectionProbability(std::int64_t steps, std::int64_t bad, std::int64_t m)
{
    if (bad <= 0 || m <= 0)
        return 0.0;
    if (m > steps - bad)
        return 1.0;
    // P(miss) = C(N-B, m) / C(N, m) = prod_{i<m} (N-B-i) / (N-i)
    double miss = 1.0;
    for (std::int64_t i = 0; i < m; ++i)
        miss *= double(steps - bad - i) / double(steps - i);
    return 1.0 - miss;
}

int Reputation::samples(std::int64_t steps) const
{
    const int full = samplesFor(m_policy.target, m_policy.fakedFraction);
    const int halvings = m_policy.halveAfter > 0 ? std::min(30, m_cleanStreak / m_policy.halveAfter) : 0;
    const int discounted = std::max(m_policy.floor, int(std::ceil(double(full) / double(1 << halvings))));
    return int(std::min<std::int64_t>(discounted, std::max<std::int64_t>(steps, 1)));
}

} // namespace idleforge::verify
