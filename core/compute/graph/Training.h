#pragma once
// The training loop: s_0 (or the newest checkpoint), then steps on batches drawn by
// (seed, step), a state hash h_t after every step, checkpoints every k steps, and the run
// commitment = merkleRoot(h_0 .. h_N). Backend-agnostic and free of Qt, so the worker, tests
// and a future verifier all run exactly this code.
#include "base/BuildFeatures.h"
#include "compute/graph/Backend.h"
#include "compute/graph/Checkpoint.h"
#include "compute/graph/Graph.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace idleforge::graph {

#ifdef IDLEFORGE_FAULT_INJECTION
// Deliberate misbehaviour for testing verification (never compiled into packages).
struct FaultPlan {
    // FlipBit: one node's output is corrupted; SkipUpdate: the step is claimed, the update not
    // applied; WrongBatch: the step trains on batch step+1; FabricateHash: h_{t+1} is made up
    // for every t in step..to (the real state goes on underneath).
    enum class Kind : std::uint8_t { None, FlipBit, SkipUpdate, WrongBatch, FabricateHash } kind = Kind::None;
    std::int64_t step = -1; // the step whose computation is corrupted
    int node = 0;           // FlipBit: index in the step's extended graph
    int bit = 0;            // FlipBit: bit of element 0 of the node's first output
    std::int64_t to = -1;   // FabricateHash: last step of the made-up range step..to (-1: step only)
};
#endif

struct RunOptions {
    std::string checkpointDir;       // inside the job folder
    Hash256 taskId{};                // hash of the canonical spec; checkpoints carry it
    std::span<const std::uint8_t> shard;
    // Called after each step with (steps done, total steps, that step's loss).
    std::function<void(std::int64_t, std::int64_t, float)> onStep;
    std::function<bool()> cancelled; // polled between steps
    // The periodic checkpoints: Cached (default) writes them on a background thread without
    // fsync (CheckpointWriter.h); Synced writes them in the loop and fsyncs, as the final one.
    Durability periodicDurability = Durability::Cached;
    // Cached periodic checkpoints: Dropped (default) keeps about one of them in the page cache
    // (CheckpointWriter.h); Kept leaves that to the kernel (BenchAuditCost's baseline).
    CheckpointPages periodicPages = CheckpointPages::Dropped;
    // Extra checkpoints every extraCheckpointEvery steps (0: none) in extraCheckpointDir, between
    // the task's own every k: a solver's choice that the commitment does not see, made where memory
    // allows (the node keeps them on tmpfs, so no disk is worn by them). They make an audit cheaper
    // to serve (a sample replays from the nearest checkpoint of either folder: about m (k'-1)/2
    // steps instead of m (k-1)/2) and a resume shorter. Written like the periodic ones, pages
    // kept; one that fails (the memory is full) ends the extras of this run, never the run
    // (RunResult::extraCheckpointError), as does a parent folder that is gone (its owner removed
    // it: the folder is not made again). Resume, stateAt and forEachStateAt read both folders.
    std::string extraCheckpointDir;
    std::int64_t extraCheckpointEvery = 0;
#ifdef IDLEFORGE_FAULT_INJECTION
    FaultPlan fault;
#endif
};

struct RunResult {
    Hash256 commitment{};
    Hash256 finalStateHash{};
    Hash256 modelHash{};
    std::int64_t steps = 0;          // steps completed (== config.steps unless cancelled)
    std::int64_t resumedFrom = 0;    // step of the checkpoint this invocation started from
    bool cancelled = false;
    std::vector<float> losses;       // one per completed step
    std::vector<Hash256> hashes;     // h_0 .. h_steps
    double computeSeconds = 0;       // wall time of the steps run by this invocation
    double hashSeconds = 0;          // of which the steps waited for state hashes (copy + join)
    // Where the state hashes ran (the place runTraining chose, Training.cpp): "inline" on the
    // kernel pool, "background" on a snapshot on their own thread, or "live" on the state itself
    // while the next step runs, at the lowest priority (LiveStateHasher).
    std::string hashPlace = "inline";
    double tokensPerSecond = 0;      // over this invocation's steps
    std::int64_t extraCheckpoints = 0; // written by this invocation (RunOptions::extraCheckpointEvery)
    double extraCheckpointSeconds = 0; // what they cost (CheckpointWriter::busySeconds: copies and writes)
    std::string extraCheckpointError;  // why the extras stopped early, if they did
};

// Throws std::runtime_error for unusable inputs (shard too small, checkpoint write failure).
RunResult runTraining(const Graph &g, Backend &backend, const RunOptions &options);

// s_t, from the newest checkpoint at or before t (of either folder) replayed forward (at most
// k-1 steps), or s_0.
TrainState stateAt(const Graph &g, Backend &backend, const RunOptions &options, std::int64_t t);

// s_t for every t of `steps` (ascending, each in 0..N), handed to `emit` in order as the replay
// reaches it. One replay per checkpoint interval: a later t continues from the state of the
// earlier one unless a checkpoint lies between them, so m samples cost
// sum over the intervals they hit of (last sample there - its checkpoint) steps, not
// m * (k-1)/2. The state passed to `emit` is the live one: copy what must outlive the call.
void forEachStateAt(const Graph &g, Backend &backend, const RunOptions &options, std::span<const std::int64_t> steps,
                    const std::function<void(const TrainState &)> &emit);

// Runs one step with an observer and returns h_{t+1} (the state is advanced in place).
Hash256 replayStep(const Graph &g, Backend &backend, TrainState &state, std::span<const std::uint8_t> shard,
                   StepObserver *observer);

// The per-node record of one step (DESIGN.md, "Commitments": the trace).
struct TraceEntry {
    int index = 0;
    std::string phase;
    std::string op;
    std::string name;
    Hash256 hash{}; // BLAKE2b-256 over the leaf hashes of the node's outputs, in output order
};

struct StepTrace {
    std::int64_t step = 0;
    Hash256 stateBefore{}; // h_t
    Hash256 stateAfter{};  // h_{t+1}
    float loss = 0;
    std::vector<TraceEntry> nodes;
    Hash256 root{};        // merkleRoot over the node hashes
};

class TraceRecorder final : public StepObserver {
public:
    void onNode(int index, StepPhase phase, std::string_view op, std::string_view name,
                std::span<TensorView> outputs) override;
    std::vector<TraceEntry> entries;
};

// Replays step t from s_t with tracing. Requires a backend that supports tracing.
StepTrace traceStep(const Graph &g, Backend &backend, const RunOptions &options, std::int64_t t);

} // namespace idleforge::graph
