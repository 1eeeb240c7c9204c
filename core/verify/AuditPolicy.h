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
#include <optional>
#include <span>

namespace idleforge::verify {

// Precondition: 0 < target < 1. f <= 0 asks for the impossible: returns INT32_MAX. f >= 1: 1.
int samplesFor(double target, double fakedFraction);

// Probability that m distinct samples out of N steps hit at least one of `bad` bad steps
// (the exact, hypergeometric form of 1 - (1-f)^m).
double detectionProbability(std::int64_t steps, std::int64_t bad, std::int64_t m);

// What an audit costs, in steps of training compute (core/verify/README.md, "What an audit
// costs"). The solver keeps checkpoints at every multiple of k (and at N) and serves all sampled
// states of one checkpoint interval with one replay (graph::forEachStateAt), so serving the
// ascending `samples` takes sum over the intervals they hit of (last sample - checkpoint) steps.
// k <= 0: no periodic checkpoints, every state is replayed from s_0 (one pass).
std::int64_t servingSteps(std::span<const std::int64_t> samples, std::int64_t k);

// Besides its steps, a sampling audit pays per sample the packing and transfer of s_t and the
// verifier's H(s_t) check, and per checkpoint interval it touches the solver's read of that
// checkpoint (5.6 MB and its trailing hash on the gpt template); replay mode pays one state hash
// per step on top of the step. In steps, as measured by tests/bench/verify/BenchAuditCost on the
// gpt template (2 threads): the constants only move the point where replay mode takes over.
inline constexpr double kSampleOverheadSteps = 0.5;
inline constexpr double kCheckpointLoadSteps = 0.75;
inline constexpr double kReplayStepCost = 1.15;
// Checkpoint intervals the replay of `samples` starts from (one load each).
std::int64_t intervalsTouched(std::span<const std::int64_t> samples, std::int64_t k);
double samplingCost(std::span<const std::int64_t> samples, std::int64_t k);

// True when re-running the whole run from s_0 against the committed h_0..h_N (N steps, no state
// served, every step checked) costs no more than sampling these steps would: short tasks, m close
// to N, sparse checkpoints. An audit therefore never costs more than about one replay.
bool replayCostsLess(std::int64_t steps, std::int64_t k, std::span<const std::int64_t> samples);

// The checkpoint interval k a task should be posted with (README.md, "Choosing k"): the solver
// pays about N/k checkpoint writes of `writeCostSteps` each and an audit of m samples about
// m (k - 1) / 2 replayed steps; their sum is smallest at k* = sqrt(2 w N / m), rounded up. Then
// raised to what the disk allows: the N/k checkpoints of `stateBytes` each are kept until the
// task settles, at most `diskBudgetBytes` of them (<= 0: no bound). In 1..steps.
// The disk a task's checkpoints may take on the solver until it settles: the k bound that
// `idleforgectl task new` and the devnet's demo submitter pass to suggestedCheckpointEvery.
inline constexpr std::int64_t kCheckpointDiskBudgetBytes = std::int64_t(256) << 20;

std::int64_t suggestedCheckpointEvery(std::int64_t steps, int samples, std::int64_t stateBytes, std::int64_t diskBudgetBytes,
                                      double writeCostSteps = 1.0);

// A solver's own extra checkpoints between the task's every `taskEvery` (graph::RunOptions), kept
// in `allowanceBytes` of memory until the task settles: as suggestedCheckpointEvery with the memory
// as its disk and a write cost of kMemoryCheckpointWriteSteps, for `samples` as a new host is
// sampled, but k* rounded to the cheaper side rather than up.
// 0 where that is no denser than the task's own (or the allowance holds no state). Serving then
// costs about m (k' - 1) / 2 steps instead of m (k - 1) / 2; with k' set by the allowance A that is
// about m S / (2 A) of the training, whatever N is (core/verify/README.md).
// `writeCostSteps`: what one extra costs in steps, kMemoryCheckpointWriteSteps until measured
// (measuredWriteSteps). Also 0 where the extras would cost more than they save: their writes
// (N/k' - N/k) w against the replays they spare, m (k - k') / 2.
inline constexpr double kMemoryCheckpointWriteSteps = 0.1;
std::int64_t extraCheckpointEvery(std::int64_t steps, std::int64_t taskEvery, int samples, std::int64_t stateBytes,
                                  std::int64_t allowanceBytes, double writeCostSteps = kMemoryCheckpointWriteSteps);
// What a run's extras cost a step's worth each, from the worker's result (extra_checkpoint_s
// over extra_checkpoints, against compute_s over the steps it ran); nullopt with too few of
// either to tell. Measured for the d128 state (5.6 MB) on the 2-vCPU VM: 0.47-0.49 (454 extras,
// 5.9-6.9 s of a 27-31 s run), since its fresh tmpfs pages fault in at 0.5-1.4 GB/s; a PC whose
// memory writes at 5 GB/s would see about 0.05.
std::optional<double> measuredWriteSteps(double extraSeconds, std::int64_t extras, double computeSeconds, std::int64_t stepsRan);

struct ReputationPolicy {
    double target = 0.99;        // P
    double fakedFraction = 0.10; // f the audit is sized for
    int halveAfter = 10;         // clean audits in a row per halving of m
    int floor = 4;               // never fewer samples than this (nor more than the run has)
    // m for a host with no clean audits yet: samplesFor(target, fakedFraction), 44 by default.
    int newHostSamples() const { return samplesFor(target, fakedFraction); }
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
