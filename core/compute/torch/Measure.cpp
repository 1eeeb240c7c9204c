#include "compute/torch/Measure.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace idleforge::compute {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const double pos = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

TrialStats measureTrials(const TrialPolicy &policy, const std::function<void()> &trial,
                         const std::atomic<bool> &cancel, const std::function<void(double)> &onTrial)
{
    using clock = std::chrono::steady_clock;
    TrialStats stats;
    for (int i = 0; i < policy.warmup; ++i) {
        if (cancel.load(std::memory_order_relaxed)) {
            stats.cancelled = true;
            return stats;
        }
        trial();
    }
    std::vector<double> times;
    const auto start = clock::now();
    while (static_cast<int>(times.size()) < policy.maxTrials) {
        if (cancel.load(std::memory_order_relaxed)) {
            stats.cancelled = true;
            break;
        }
        const auto t0 = clock::now();
        trial();
        times.push_back(std::chrono::duration<double>(clock::now() - t0).count());
        const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
        const int n = static_cast<int>(times.size());
        double spread = 1.0;
        if (n >= 2) {
            const double med = percentile(times, 0.5);
            spread = med > 0 ? (percentile(times, 0.9) - percentile(times, 0.1)) / med : 0;
        }
        if (onTrial)
            onTrial(std::min(1.0, std::max(static_cast<double>(n) / policy.maxTrials, elapsed / policy.maxSeconds)));
        if (n >= policy.minTrials && (spread <= policy.targetSpread || elapsed >= policy.maxSeconds))
            break;
    }
    stats.trials = static_cast<int>(times.size());
    stats.medianSeconds = percentile(times, 0.5);
    stats.spread = stats.medianSeconds > 0
        ? (percentile(times, 0.9) - percentile(times, 0.1)) / stats.medianSeconds : 0;
    return stats;
}

} // namespace idleforge::compute
