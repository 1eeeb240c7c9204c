#pragma once
// What a party (solver, challenger) can show about its own run: the state hashes it committed
// to, any state s_t, and a replay of step t with per-node output hashes. The party state
// machines answer the protocol from this; GraphRun implements it over a job folder.
//
// The dispute trace of step t has M + 1 leaves: the M plan nodes' hashes (node hash = BLAKE2b
// over the leaf hashes of its outputs, as graph::TraceRecorder) and, last, the state hash
// h_{t+1} the party committed to. The last leaf binds the trace to the run commitment, so a
// party whose nodes are right but whose committed state is not (a skipped update, a made-up
// hash) is caught at the "state_commit" pseudo-node.
#include "base/Error.h"
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/State.h"
#include "verify/Tensors.h"

#include <functional>
#include <span>
#include <vector>

namespace idleforge::verify {

using crypto::Hash256;

struct NodeRecord {
    std::vector<Hash256> outputLeaves; // in the plan node's output order
    Hash256 hash{};
};

struct StepReplay {
    std::vector<NodeRecord> nodes;   // M plan nodes
    Hash256 claimedNext{};           // h_{t+1} as committed
    std::vector<WireTensor> inputs;  // the requested node's inputs, in its input order (deduplicated)
    std::vector<Hash256> stateLeavesBefore; // graph::stateLeaves(s_t), for opening state inputs
    std::vector<std::string> stateLeafNames; // names in the same (tree) order, "step" included
    std::vector<Hash256> leaves() const;
};

class RunSource {
public:
    virtual ~RunSource() = default;
    virtual const std::vector<Hash256> &stateHashes() const = 0; // h_0 .. h_N
    virtual Result<graph::TrainState> state(std::int64_t t) = 0;
    // s_t for each t of `steps` (ascending), handed to `emit` in order; stops at the first
    // failure. The default asks state(t) for each; GraphRun replays each checkpoint interval once.
    using StateSink = std::function<void(std::int64_t t, const graph::TrainState &s)>;
    virtual Result<void> forEachState(std::span<const std::int64_t> steps, const StateSink &emit);
    // Replays step t; inputsOf in 0..M captures that node's inputs (M: the state after the step).
    virtual Result<StepReplay> replay(std::int64_t t, int inputsOf = -1) = 0;
    virtual const std::vector<graph::ReproExecutor::NodeInfo> &plan() const = 0;
};

// Where node i's input buffer comes from within step t: the last earlier plan node that wrote
// it, else s_t (parameters and optimizer moments), the batch, or zero (gradients start at 0).
struct InputSource {
    enum class Kind { State, Batch, Zero, Node } kind = Kind::Zero;
    int node = -1;
    std::string name;
};
std::vector<InputSource> inputSources(const std::vector<graph::ReproExecutor::NodeInfo> &plan, int node,
                                      const graph::TrainState &shapeOf);
// Node i's distinct input names, in order (i == M: the state tensors, sorted).
std::vector<std::string> nodeInputNames(const std::vector<graph::ReproExecutor::NodeInfo> &plan, int node,
                                        const graph::TrainState &shapeOf);
std::vector<graph::ReproExecutor::NodeInfo> planOf(const graph::ReproExecutor &exec);

} // namespace idleforge::verify
