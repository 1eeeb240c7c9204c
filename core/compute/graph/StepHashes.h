#pragma once
// Where runTraining computes h_{t+1} (Training.cpp). Where the step's kernel pool leaves a core
// free (or the step runs on a device), off the step: on the live state where the backend
// announces its optimizer (LiveStateHasher, no copy), else on a snapshot on the StateHasher
// thread. Where the pool takes every core, no place wins on every machine (BenchAuditCost
// --hash-only, 2 threads of 2 cores: inline on the pool +4.1 % a step against +12 % in the
// background on an Intel AVX-512 VM, +5.8-8.1 % against +1.7-5.9 % on an AMD EPYC AVX2 VM; live,
// in the idle moments of the next step with the rest at its optimizer fence, +0.9-2.2 % against
// inline +5.5-9.8 % on the EPYC VM in session 19, +6.6 % against +12.2 % where every thread is
// SCHED_IDLE as in the worker), so the run times each candidate, kTrial
// iterations after kWarmup, and keeps the one whose median iteration (a step and its hash) is
// shortest. The hashes are the same in every place; only their timing moves. collect() before
// anything reads r.hashes (checkpoints, the end of the run).
#include "compute/graph/Backend.h"
#include "compute/graph/CheckpointWriter.h"
#include "compute/graph/LiveStateHasher.h"
#include "compute/graph/StateHasher.h"
#include "compute/graph/Training.h"

#include <chrono>
#include <optional>
#include <vector>

namespace idleforge::graph::detail {

class StepHashes {
public:
    StepHashes(const Backend &backend, const RunOptions &o, RunResult &r);
    StepHashes(const StepHashes &) = delete;
    StepHashes &operator=(const StepHashes &) = delete;

    // After each step: h of the new state (s_{t+1}), recorded now or once collected.
    void add(const TrainState &state);
    // What runStep tells before the step writes the state: a live hash of it is finished there.
    StepObserver *fence() { return m_live && m_live->pending() ? &m_fence : nullptr; }
    // stateHash of the newest state recorded (what r.hashes.back() holds, unless a fault plan
    // fabricated that one): a checkpoint of that state carries it. Call after collect().
    std::optional<Hash256> newest() const { return m_newest; }
    // A periodic checkpoint of `state`, the one last add()ed, through `writer`. Where that state
    // was hashed in the background, the hasher's snapshot is a copy of it already: handed to the
    // writer instead of copying the state (5.6 MB for the default gpt) a second time.
    void checkpoint(CheckpointWriter &writer, const TrainState &state, const std::vector<float> &losses);
    void collect();

private:
    using Clock = std::chrono::steady_clock;
    enum class Place { Inline, Background, Live };
    static constexpr int kWarmup = 2; // the first steps allocate and warm the caches
    static constexpr int kTrial = 8;

    struct Fence final : StepObserver {
        StepHashes &hashes;
        explicit Fence(StepHashes &h) : hashes(h) {}
        void onNode(int, StepPhase, std::string_view, std::string_view, std::span<TensorView>) override {}
        void beforeOptimizer() override { hashes.finishLive(); }
    };

    void finishLive();
    // The place of the add() to come: each candidate for kTrial adds after kWarmup, then the fastest.
    Place place() const;
    // The iteration since the previous add() (its hash, then this step) is a sample of the place
    // that add() chose.
    void time();
    void record(const Hash256 &h);

    const RunOptions &m_o;
    RunResult &m_r;
    std::vector<Place> m_candidates;
    std::optional<Place> m_decided;
    std::optional<Hash256> m_newest;
    bool m_snapshotIsNewest = false; // m_hasher.snapshot() is a copy of the state last add()ed
    int m_adds = 0;
    Clock::time_point m_lastAdd;
    std::vector<std::vector<double>> m_samples; // iteration seconds, per candidate
    StateHasher m_hasher;
    std::optional<LiveStateHasher> m_live;
    std::optional<Hash256> m_fenced; // the live hash finished at a fence, not yet recorded
    Fence m_fence{*this};
};

} // namespace idleforge::graph::detail
