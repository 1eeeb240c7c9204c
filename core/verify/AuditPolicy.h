#pragma once
// How many steps an audit samples (DESIGN.md, "Verification" 1 and 3).
//
// A solver that faked a fraction f of its N steps escapes m independent samples with
// probability (1-f)^m, so catching it with probability P takes m = ceil(log(1-P) / log(1-f)).
// Sampling without replacement (what drawSamples does) only raises the catch probability.
//
// Reputation (BOINC adaptive replication): every `halveAfter` clean audits in a row halve m,
// never below `floor`; one failed audit resets the streak, so a host that cheats once is back
// to full sampling at once.
#include <cstdint>

namespace idleforge::verify {

// Precondition: 0 < target < 1. f <= 0 asks for the impossible: returns INT32_MAX. f >= 1: 1.
int samplesFor(double target, double fakedFraction);

// Probability that m distinct samples out of N steps hit at least one of `bad` bad steps
// (the exact, hypergeometric form of 1 - (1-f)^m).
double detectionProbability(std::int64_t steps, std::int64_t bad, std::int64_t m);

struct ReputationPolicy {
    double target = 0.99;        // P
    double fakedFraction = 0.10; // f the audit is sized for
    int halveAfter = 10;         // clean audits in a row per halving of m
    int floor = 4;               // never fewer samples than this (nor more than the run has)
};

class Reputation {
public:
    explicit Reputation(ReputationPolicy policy = {}) : m_policy(policy) {}
    // Samples for the next audit of a run of `steps` steps.
    int samples(std::int64_t steps) const;
    void recordAudit(bool clean) { m_cleanStreak = clean ? m_cleanStreak + 1 : 0; }
    int cleanStreak() const { return m_cleanStreak; }

private:
    ReputationPolicy m_policy;
    int m_cleanStreak = 0;
};

} // namespace idleforge::verify
