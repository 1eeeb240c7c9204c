#pragma once
// RunSource over a job folder trained by graph::runTraining: the committed h_0..h_N come from
// the final checkpoint, s_t from the nearest checkpoint replayed forward (graph::stateAt), and a
// step replay runs the repro executor with an observer that hashes every node's outputs.
//
// In test builds a FaultPlan makes the run replay its own cheating (fault.json, see
// FaultOption.h), so a cheater's answers stay consistent with its commitment.
#include "base/BuildFeatures.h"
#include "compute/graph/Graph.h"
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"
#include "verify/RunSource.h"

#include <QString>

#include <memory>
#include <optional>

namespace idleforge::task {
struct TaskSpec;
}

namespace idleforge::verify {

// What every participant knows about the task: its graph, the data it trains on and its id.
struct TaskContext {
    graph::Graph graph;
    std::vector<std::uint8_t> shard;
    Hash256 taskId{};
};

// The spec's graph and its resolved dataset (from the content-addressed store).
Result<TaskContext> loadTaskContext(const task::TaskSpec &spec, const QString &storeDir = {});

class GraphRun final : public RunSource {
public:
    // Reads <workdir>/checkpoints-repro (and fault.json in test builds). Fails when the run is
    // missing or incomplete. `extraCheckpointDir`: where the run kept its extra checkpoints
    // (graph::RunOptions), which states are replayed from too; empty: none.
    static Result<std::unique_ptr<GraphRun>> open(const TaskContext &task, const QString &workdir, int threads = 0,
                                                  const QString &extraCheckpointDir = {});

    GraphRun(const TaskContext &task, std::string checkpointDir, std::vector<Hash256> hashes, int threads = 0);
#ifdef IDLEFORGE_FAULT_INJECTION
    void setFault(const graph::FaultPlan &fault) { m_options.fault = fault; }
#endif

    const std::vector<Hash256> &stateHashes() const override { return m_hashes; }
    Result<graph::TrainState> state(std::int64_t t) override;
    Result<void> forEachState(std::span<const std::int64_t> steps, const StateSink &emit) override;
    Result<StepReplay> replay(std::int64_t t, int inputsOf = -1) override;
    const std::vector<graph::ReproExecutor::NodeInfo> &plan() const override { return m_plan; }
    // Training steps run so far to make states (state, forEachState): what serving cost the
    // solver, counted, not estimated from k (its extra checkpoints make it less).
    std::int64_t stepsReplayed() const { return m_counted.steps; }

private:
    // The executor, counting the steps that making states runs.
    struct Counted final : graph::Backend {
        explicit Counted(graph::Backend &inner) : inner(inner) {}
        std::string name() const override { return inner.name(); }
        float step(graph::TrainState &s, const graph::Batch &b, graph::StepObserver *o) override
        {
            ++steps;
            return inner.step(s, b, o);
        }
        bool supportsTracing() const override { return inner.supportsTracing(); }
        int cpuThreads() const override { return inner.cpuThreads(); }
        graph::Backend &inner;
        std::int64_t steps = 0;
    };
    const TaskContext &m_task;
    graph::ReproExecutor m_exec;
    Counted m_counted{m_exec};
    std::vector<graph::ReproExecutor::NodeInfo> m_plan;
    graph::RunOptions m_options;
    std::vector<Hash256> m_hashes;
};

} // namespace idleforge::verify
