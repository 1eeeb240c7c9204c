#pragma once
// Repeated-trial timing with warm-up, median and spread, stopping early once the spread is
// small. Used by every benchmark so all figures are measured the same way.
#include <atomic>
#include <functional>
#include <vector>

namespace idleforge::compute {

struct TrialPolicy {
    int warmup = 2;
    int minTrials = 5;
    int maxTrials = 25;
    double targetSpread = 0.03;   // stop when (p90 - p10) / median falls under this
    double maxSeconds = 3.0;      // never spend longer than this on one figure (after warm-up)
};

struct TrialStats {
    double medianSeconds = 0;
    double spread = 0;            // (p90 - p10) / median of the trial times
    int trials = 0;
    bool cancelled = false;
};

// Runs `trial` (which must include its own device synchronisation) per the policy. Reports
// fraction 0..1 of the policy's budget through `onTrial` after each trial.
TrialStats measureTrials(const TrialPolicy &policy, const std::function<void()> &trial,
                         const std::atomic<bool> &cancel,
                         const std::function<void(double)> &onTrial = {});

double percentile(std::vector<double> sorted, double p);

} // namespace idleforge::compute
