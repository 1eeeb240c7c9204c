#pragma once
// The verifier's one piece of real work in an audit: s_t -> h_{t+1} on the repro kernels.
// An interface so tests and benchmarks can count or memoize recomputations.
#include "base/Error.h"
#include "compute/graph/ReproExecutor.h"
#include "verify/GraphRun.h"

namespace idleforge::verify {

class StepRecomputer {
public:
    virtual ~StepRecomputer() = default;
    virtual Result<Hash256> recompute(const graph::TrainState &s) = 0;
    // s_t -> s_{t+1} in place, returning h_{t+1}: the replay mode's step (Audit.h). The default
    // refuses, for recomputers that only answer single steps.
    virtual Result<Hash256> advance(graph::TrainState &s);
};

class ReproStepRecomputer final : public StepRecomputer {
public:
    // `task` must outlive this object.
    explicit ReproStepRecomputer(const TaskContext &task, int threads = 0) : m_task(task), m_exec(task.graph, threads) {}
    Result<Hash256> recompute(const graph::TrainState &s) override;
    Result<Hash256> advance(graph::TrainState &s) override;
    double seconds() const { return m_seconds; } // total time spent recomputing
    int count() const { return m_count; }

private:
    const TaskContext &m_task;
    graph::ReproExecutor m_exec;
    graph::TrainState m_copy; // recompute's working copy, its buffers reused from one call to the next
    double m_seconds = 0;
    int m_count = 0;
};

} // namespace idleforge::verify
