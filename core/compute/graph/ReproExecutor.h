#pragma once
// The `repro` backend: runs a graph's training step on the reproducible kernels of
// compute/repro, so the resulting state is bitwise identical on every machine, ISA path and
// thread count.
//
// The step is compiled once into a plan: the extended graph of forward, loss, backward and
// optimizer nodes, each reading and writing named buffers of a workspace. Running a step is
// running every plan node in order. The same plan lets a verifier recompute one node alone:
// fill its input buffers (buffer()), call runNode(), read its outputs.
#include "compute/graph/Backend.h"
#include "compute/graph/Graph.h"

#include <memory>
#include <string>
#include <vector>

namespace idleforge::graph {

class ReproExecutor final : public Backend {
public:
    // Precondition: inferShapes(g) succeeded. `threads` > 0 sets the repro thread count
    // (process-wide), 0 keeps it.
    explicit ReproExecutor(const Graph &g, int threads = 0);
    ~ReproExecutor() override;

    std::string name() const override { return "repro"; }
    bool supportsTracing() const override { return true; }
    bool announcesOptimizer() const override { return true; }
    int cpuThreads() const override; // the repro pool's size
    float step(TrainState &state, const Batch &batch, StepObserver *observer = nullptr) override;

    // ---- The extended graph, for tracing and single-node recomputation ----
    struct NodeInfo {
        StepPhase phase;
        std::string op;                   // "linear", "linear_backward", "adamw", ...
        std::string name;                 // unique in the step
        std::vector<std::string> inputs;  // buffers read (an accumulated output is also read)
        std::vector<std::string> outputs; // buffers written
    };
    int nodeCount() const;
    const NodeInfo &nodeInfo(int index) const;
    // The named buffer's memory (a state buffer only after bindState). Empty span if unknown.
    std::span<float> buffer(const std::string &name);
    // Points the parameter/optimizer buffers at `state` and the inputs at `batch`.
    void bind(TrainState &state, const Batch &batch);
    // Runs node `index` alone on the current buffers. Returns the loss for the loss node.
    float runNode(int index);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace idleforge::graph
