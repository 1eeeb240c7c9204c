#pragma once
// What a training backend does: one step t, turning s_t into s_{t+1} in place.
//
// The step is the extended graph of DESIGN.md: forward nodes, the loss, backward nodes and
// optimizer nodes, in that (topological) order. A StepObserver sees every node's outputs as
// they are produced; that is how tracing records per-node hashes, and how fault injection
// (a later issue) corrupts one node's output at one step. Normal training passes no observer
// and pays nothing for it.
#include "compute/graph/DataLoader.h"
#include "compute/graph/State.h"

#include <span>
#include <string>
#include <string_view>

namespace idleforge::graph {

// One named output buffer of a step node. Mutable so an observer may corrupt it on purpose.
struct TensorView {
    std::string_view name;
    std::span<const std::int64_t> shape;
    std::span<float> data;
};

enum class StepPhase : std::uint8_t { Forward, Loss, Backward, Optimizer };
std::string_view phaseName(StepPhase p);

class StepObserver {
public:
    virtual ~StepObserver() = default;
    // Node `index` of the step's extended graph has run; `op` is e.g. "linear",
    // "linear_backward", "adamw"; `name` is unique inside the step.
    virtual void onNode(int index, StepPhase phase, std::string_view op, std::string_view name,
                        std::span<TensorView> outputs) = 0;
    // The step is about to run its first optimizer node: until then it has only read the state's
    // tensors (parameters and moments), and from here on it writes them. Called by backends whose
    // announcesOptimizer() is true.
    virtual void beforeOptimizer() {}
};

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;
    // Runs step state.step on `batch`, updates the parameters and optimizer state in place and
    // increments state.step. Returns the loss of the forward pass (before the update).
    // Throws std::runtime_error on failure (e.g. non-finite numbers are NOT an error: they are
    // part of the committed result).
    virtual float step(TrainState &state, const Batch &batch, StepObserver *observer = nullptr) = 0;
    // Whether observers see every node (repro) or nothing (fast backends cannot trace).
    virtual bool supportsTracing() const = 0;
    // Whether step() calls StepObserver::beforeOptimizer (the repro executor does).
    virtual bool announcesOptimizer() const { return false; }
    // CPU threads a step keeps busy, 0 if unknown or if the step runs on a device. runTraining
    // hashes each state on a background thread when a core is left over, and where the step
    // fills every core times that against hashing inline on the kernel pool and keeps the faster
    // (a background hash then steals a core from the step's parallel loops; core/verify/README.md,
    // "State hashing").
    virtual int cpuThreads() const { return 0; }
};

} // namespace idleforge::graph
