#include "compute/graph/Training.h"
#include "base/BuildFeatures.h"

#include "compute/graph/CheckpointWriter.h"
#include "compute/graph/StepHashes.h"
#include "compute/graph/SavedCheckpoints.h"
#include "crypto/Merkle.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace idleforge::graph {

namespace {

using SteadyClock = std::chrono::steady_clock;
using detail::StepHashes;

double secondsSince(SteadyClock::time_point t0)
{
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

#ifdef IDLEFORGE_FAULT_INJECTION
class BitFlipper final : public StepObserver {
public:
    BitFlipper(int node, int bit, StepObserver *fence) : m_node(node), m_bit(bit), m_fence(fence) {}
    void beforeOptimizer() override
    {
        if (m_fence)
            m_fence->beforeOptimizer();
    }
    void onNode(int index, StepPhase, std::string_view, std::string_view, std::span<TensorView> outputs) override
    {
        if (index != m_node || outputs.empty() || outputs[0].data.empty())
            return;
        std::uint32_t u;
        std::memcpy(&u, &outputs[0].data[0], 4);
        u ^= 1u << (m_bit & 31);
        std::memcpy(&outputs[0].data[0], &u, 4);
    }

private:
    int m_node;
    int m_bit;
    StepObserver *m_fence;
};
#endif

// One step of the loop, with the fault plan applied when compiled in. `fence` (StepHashes'): told
// before the step writes the state.
float runStep(const Graph &g, Backend &backend, TrainState &state, const RunOptions &o, StepObserver *fence = nullptr)
{
    std::int64_t batchStep = state.step;
    StepObserver *observer = fence;
#ifdef IDLEFORGE_FAULT_INJECTION
    BitFlipper flipper(o.fault.node, o.fault.bit, fence);
    if (o.fault.step == state.step) {
        switch (o.fault.kind) {
        case FaultPlan::Kind::None: case FaultPlan::Kind::FabricateHash: break;
        case FaultPlan::Kind::FlipBit: observer = &flipper; break;
        case FaultPlan::Kind::WrongBatch: batchStep = state.step + 1; break;
        case FaultPlan::Kind::SkipUpdate: {
            const Batch batch = makeBatch(o.shard, g.config.seed, batchStep, g.config.batch, g.config.context);
            TrainState scratch = state;
            const float loss = backend.step(scratch, batch, nullptr);
            ++state.step; // claims the step without applying its update
            return loss;
        }
        }
    }
#endif
    const Batch batch = makeBatch(o.shard, g.config.seed, batchStep, g.config.batch, g.config.context);
    return backend.step(state, batch, observer);
}

void saveCheckpoint(const RunOptions &o, const TrainState &s, const std::vector<Hash256> &hashes,
                    const std::vector<float> &losses, std::optional<Hash256> hashOfState)
{
    const std::string err = writeCheckpoint(o.checkpointDir, Checkpoint{o.taskId, s, hashes, losses, hashOfState});
    if (!err.empty())
        throw std::runtime_error("checkpoint: " + err);
}

// RunOptions' extra checkpoints: a second writer, into the extra folder, pages kept (it is
// tmpfs where the node asks for them). A failed write ends the extras, not the run, and so does a
// missing parent folder.
class ExtraCheckpoints {
public:
    ExtraCheckpoints(const RunOptions &o, RunResult &r) : m_o(o), m_r(r)
    {
        if (o.extraCheckpointEvery > 0 && !o.extraCheckpointDir.empty())
            m_writer.emplace(o.extraCheckpointDir, CheckpointPages::Kept, CheckpointWriter::Folders::ParentMustExist);
    }
    bool due(std::int64_t step) const { return m_writer && step % m_o.extraCheckpointEvery == 0; }
    void write(StepHashes &hashes, const TrainState &state)
    {
        try {
            hashes.checkpoint(*m_writer, state, m_r.losses);
            ++m_r.extraCheckpoints;
        } catch (const std::exception &e) {
            stop(e.what());
        }
    }
    void finish()
    {
        try {
            if (m_writer) {
                m_writer->drain();
                m_r.extraCheckpointSeconds = m_writer->busySeconds();
            }
        } catch (const std::exception &e) {
            stop(e.what());
        }
    }

private:
    void stop(const char *why) // the write that failed was the one submitted before
    {
        m_r.extraCheckpointError = why;
        m_r.extraCheckpoints = std::max<std::int64_t>(0, m_r.extraCheckpoints - 1);
        m_writer.reset();
    }

    const RunOptions &m_o;
    RunResult &m_r;
    std::optional<CheckpointWriter> m_writer;
};

} // namespace

RunResult runTraining(const Graph &g, Backend &backend, const RunOptions &o)
{
    const auto &cfg = g.config;
    RunResult r;
    TrainState state;
    if (auto ckpt = SavedCheckpoints(o.checkpointDir, o.extraCheckpointDir).latest(o.taskId, cfg.steps);
        ckpt && stateMatchesGraph(ckpt->state, g)) {
        state = std::move(ckpt->state);
        r.hashes = std::move(ckpt->hashes);
        r.losses = std::move(ckpt->losses);
        r.resumedFrom = state.step;
    } else {
        state = initialState(g);
        r.hashes.push_back(stateHash(state));
    }
    const auto t0 = SteadyClock::now();
    std::int64_t ran = 0;
    StepHashes hashes(backend, o, r);
    // Periodic checkpoints are written in the background without fsync; the final one and the
    // one at a stop are synchronous and durable, after the write in flight (CheckpointWriter.h).
    CheckpointWriter writer(o.checkpointDir, o.periodicPages);
    ExtraCheckpoints extras(o, r);
    while (state.step < cfg.steps) {
        if (o.cancelled && o.cancelled()) {
            r.cancelled = true;
            hashes.collect();
            writer.drain();
            extras.finish();
            if (ran > 0)
                saveCheckpoint(o, state, r.hashes, r.losses, hashes.newest());
            break;
        }
        const float loss = runStep(g, backend, state, o, hashes.fence());
        hashes.add(state);
        r.losses.push_back(loss);
        ++ran;
        const bool periodic = cfg.checkpointEvery > 0 && state.step % cfg.checkpointEvery == 0;
        if (state.step == cfg.steps) {
            hashes.collect();
            writer.drain();
            extras.finish();
            saveCheckpoint(o, state, r.hashes, r.losses, hashes.newest());
        } else if (periodic) {
            if (o.periodicDurability == Durability::Cached) {
                hashes.checkpoint(writer, state, r.losses);
            } else {
                hashes.collect();
                saveCheckpoint(o, state, r.hashes, r.losses, hashes.newest());
            }
        } else if (extras.due(state.step)) {
            extras.write(hashes, state);
        }
        if (o.onStep)
            o.onStep(state.step, cfg.steps, loss);
    }
    hashes.collect();
    r.computeSeconds = secondsSince(t0);
    r.steps = state.step;
    r.commitment = crypto::merkleRoot(r.hashes);
    r.finalStateHash = r.hashes.back();
    r.modelHash = modelHash(state);
    if (ran > 0 && r.computeSeconds > 0)
        r.tokensPerSecond = double(ran * cfg.batch * cfg.context) / r.computeSeconds;
    return r;
}

namespace {
// s_t in c.state: the newest intact checkpoint of this graph at or before t (read into c's
// buffers), else s_0, replayed forward to t. The reader checks the state hash on the pool, which
// runStep uses from this thread anyway.
void loadStateAt(const Graph &g, Backend &backend, const RunOptions &o, const SavedCheckpoints &saved,
                 CheckpointReader &reader, std::int64_t t, Checkpoint &c)
{
    if (!saved.latest(o.taskId, t, reader, c) || !stateMatchesGraph(c.state, g))
        c.state = initialState(g);
    while (c.state.step < t)
        runStep(g, backend, c.state, o);
}

void checkStepInRun(const Graph &g, std::int64_t t)
{
    if (t < 0 || t > g.config.steps)
        throw std::runtime_error("step " + std::to_string(t) + " is outside the run (0.." + std::to_string(g.config.steps) + ")");
}
} // namespace

TrainState stateAt(const Graph &g, Backend &backend, const RunOptions &o, std::int64_t t)
{
    checkStepInRun(g, t);
    CheckpointReader reader(/*parallelHash=*/true);
    Checkpoint c;
    loadStateAt(g, backend, o, SavedCheckpoints(o.checkpointDir, o.extraCheckpointDir), reader, t, c);
    return std::move(c.state);
}

void forEachStateAt(const Graph &g, Backend &backend, const RunOptions &o, std::span<const std::int64_t> steps,
                    const std::function<void(const TrainState &)> &emit)
{
    if (!std::is_sorted(steps.begin(), steps.end()))
        throw std::runtime_error("forEachStateAt: steps must be ascending");
    // The newest checkpoint file at or before t (by name; a corrupt one is skipped for the one before).
    const SavedCheckpoints saved(o.checkpointDir, o.extraCheckpointDir);
    const auto nearestTo = [&saved](std::int64_t t) { return saved.nearest(t); };
    // Every state served lives in `loaded`: each read writes over the last one's buffers.
    CheckpointReader reader(/*parallelHash=*/true);
    Checkpoint loaded;
    TrainState &state = loaded.state;
    bool have = false;
    for (size_t i = 0; i < steps.size(); ++i) {
        const std::int64_t t = steps[i];
        checkStepInRun(g, t);
        if (!have || state.step > t || state.step < nearestTo(t)) {
            loadStateAt(g, backend, o, saved, reader, t, loaded);
            have = true;
        }
        while (state.step < t)
            runStep(g, backend, state, o);
        // The next state's checkpoint is read while this one is served: its pages were dropped
        // after it was written (CheckpointWriter.h), so it comes from disk.
        if (const std::int64_t next = i + 1 < steps.size() ? nearestTo(steps[i + 1]) : 0; next > t)
            saved.prefetch(next);
        emit(state);
    }
}

Hash256 replayStep(const Graph &g, Backend &backend, TrainState &state, std::span<const std::uint8_t> shard,
                   StepObserver *observer)
{
    const Batch batch = makeBatch(shard, g.config.seed, state.step, g.config.batch, g.config.context);
    backend.step(state, batch, observer);
    return stateHash(state);
}

void TraceRecorder::onNode(int index, StepPhase phase, std::string_view op, std::string_view name,
                           std::span<TensorView> outputs)
{
    crypto::Blake2b256 h;
    for (const auto &out : outputs) {
        const Hash256 leaf = floatTensorLeafHash(out.name, out.shape, out.data);
        h.update(std::span<const std::uint8_t>(leaf));
    }
    entries.push_back({index, std::string(phaseName(phase)), std::string(op), std::string(name), h.finish()});
}

StepTrace traceStep(const Graph &g, Backend &backend, const RunOptions &o, std::int64_t t)
{
    if (!backend.supportsTracing())
        throw std::runtime_error("the " + backend.name() + " backend cannot trace a step; use repro");
    if (t < 0 || t >= g.config.steps)
        throw std::runtime_error("step " + std::to_string(t) + " is outside the run (0.." + std::to_string(g.config.steps - 1) + ")");
    TrainState state = stateAt(g, backend, o, t);
    StepTrace trace;
    trace.step = t;
    trace.stateBefore = stateHash(state);
    TraceRecorder recorder;
    const Batch batch = makeBatch(o.shard, g.config.seed, t, g.config.batch, g.config.context);
    trace.loss = backend.step(state, batch, &recorder);
    trace.stateAfter = stateHash(state);
    trace.nodes = std::move(recorder.entries);
    std::vector<Hash256> leaves;
    for (const auto &e : trace.nodes)
        leaves.push_back(e.hash);
    trace.root = crypto::merkleRoot(leaves);
    return trace;
}

std::string_view phaseName(StepPhase p)
{
    switch (p) {
    case StepPhase::Forward: return "forward";
    case StepPhase::Loss: return "loss";
    case StepPhase::Backward: return "backward";
    case StepPhase::Optimizer: return "optimizer";
    }
    return "?";
}

} // namespace idleforge::graph
