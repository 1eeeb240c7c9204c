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

std::int64_t servingSteps(std::span<const std::int64_t> samples, std::int64_t k)
{
    std::int64_t steps = 0;
    std::int64_t at = -1;  // the step the replay has reached, -1: none yet
    for (const std::int64_t t : samples) {
        const std::int64_t checkpoint = k > 0 ? t / k * k : 0;
        if (at < checkpoint || at > t)
            at = checkpoint; // a new interval: load its checkpoint (s_0 is free)
        steps += t - at;
        at = t;
    }
    return steps;
}

std::int64_t intervalsTouched(std::span<const std::int64_t> samples, std::int64_t k)
{
    std::int64_t n = 0;
    std::int64_t last = -1;
    for (const std::int64_t t : samples) {
        const std::int64_t checkpoint = k > 0 ? t / k * k : 0;
        if (checkpoint != last && checkpoint > 0) // s_0 is made, not read
            ++n;
        last = checkpoint;
    }
    return n;
}

double samplingCost(std::span<const std::int64_t> samples, std::int64_t k)
{
    return double(servingSteps(samples, k)) + double(intervalsTouched(samples, k)) * kCheckpointLoadSteps
         + double(samples.size()) * (1.0 + kSampleOverheadSteps);
}

bool replayCostsLess(std::int64_t steps, std::int64_t k, std::span<const std::int64_t> samples)
{
    return double(steps) * kReplayStepCost <= samplingCost(samples, k);
}

int Reputation::samples(std::int64_t steps) const
{
    const int full = m_policy.newHostSamples();
    const int halvings = m_policy.halveAfter > 0 ? std::min(30, m_cleanStreak / m_policy.halveAfter) : 0;
    const int discounted = std::max(m_policy.floor, int(std::ceil(double(full) / double(1 << halvings))));
    return int(std::min<std::int64_t>(discounted, std::max<std::int64_t>(steps, 1)));
}

std::int64_t suggestedCheckpointEvery(std::int64_t steps, int samples, std::int64_t stateBytes, std::int64_t diskBudgetBytes,
                                      double writeCostSteps)
{
    if (steps <= 1)
        return 1;
    const double m = std::clamp<double>(samples, 1.0, double(steps));
    std::int64_t k = std::int64_t(std::ceil(std::sqrt(2.0 * std::max(writeCostSteps, 0.0) * double(steps) / m)));
    if (diskBudgetBytes > 0 && stateBytes > 0) // N/k checkpoints of stateBytes must fit the budget
        k = std::max(k, std::int64_t(std::ceil(double(steps) * double(stateBytes) / double(diskBudgetBytes))));
    return std::clamp<std::int64_t>(k, 1, steps);
}

std::int64_t extraCheckpointEvery(std::int64_t steps, std::int64_t taskEvery, int samples, std::int64_t stateBytes,
                                  std::int64_t allowanceBytes, double writeCostSteps)
{
    if (steps <= 1 || stateBytes <= 0 || allowanceBytes < stateBytes || !(writeCostSteps > 0))
        return 0;
    // The integer on either side of k* = sqrt(2 w N / m) whose cost N w / k + m (k - 1) / 2 is lower
    // (k* ~ 2.1 at N = 1,000, m = 44: k = 2 costs 72 steps, 3 costs 77), then what the memory holds.
    const double N = double(steps), m = std::clamp<double>(samples, 1.0, N), w = writeCostSteps;
    const double best = std::sqrt(2.0 * w * N / m);
    const auto cost = [&](double k) { return N * w / k + m * (k - 1) / 2; };
    const double lo = std::max(1.0, std::floor(best)), hi = std::max(1.0, std::ceil(best));
    const std::int64_t byCost = std::int64_t(cost(lo) <= cost(hi) ? lo : hi);
    const std::int64_t byMemory = std::int64_t(std::ceil(N * double(stateBytes) / double(allowanceBytes)));
    const std::int64_t k = std::clamp<std::int64_t>(std::max(byCost, byMemory), 1, steps);
    const std::int64_t own = taskEvery > 0 ? taskEvery : steps; // 0: the task keeps the final state only
    // The task's own checkpoints are written anyway: the extras pay only for those between.
    const bool pays = N * w * (1.0 / double(k) - 1.0 / double(own)) < m * double(own - k) / 2;
    return k < own && pays ? k : 0;
}

std::optional<double> measuredWriteSteps(double extraSeconds, std::int64_t extras, double computeSeconds, std::int64_t stepsRan)
{
    constexpr std::int64_t kEnough = 5; // a handful of each, or one slow page fault decides
    if (extras < kEnough || stepsRan < kEnough || !(computeSeconds > 0) || !(extraSeconds >= 0))
        return std::nullopt;
    return (extraSeconds / double(extras)) / (computeSeconds / double(stepsRan));
}

} // namespace idleforge::verify
