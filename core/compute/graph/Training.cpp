#include "compute/graph/Training.h"
#include "base/BuildFeatures.h"

#include "compute/graph/CheckpointWriter.h"
#include "compute/graph/SavedCheckpoints.h"
#include "compute/graph/StateHasher.h"
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

double secondsSince(SteadyClock::time_point t0)
{
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

#ifdef IDLEFORGE_FAULT_INJECTION
class BitFlipper final : public StepObserver {
public:
    BitFlipper(int node, int bit) : m_node(node), m_bit(bit) {}
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
};
#endif

// One step of the loop, with the fault plan applied when compiled in.
float runStep(const Graph &g, Backend &backend, TrainState &state, const RunOptions &o)
{
    std::int64_t batchStep = state.step;
    StepObserver *observer = nullptr;
#ifdef IDLEFORGE_FAULT_INJECTION
    BitFlipper flipper(o.fault.node, o.fault.bit);
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

// Where h_{t+1} is computed. Where the step's kernel pool leaves a core free (or the step runs
// on a device), on the StateHasher thread while step t+1 runs. Where the pool takes every core,
// neither place wins on every machine (BenchAuditCost --hash-only, 2 threads of 2 cores: inline on
// the pool +4.1 % a step against +12 % in the background on an Intel AVX-512 VM, +5.8-8.1 %
// against +1.7-5.9 % on an AMD EPYC AVX2 VM), so the run times both, kTrial iterations each
// after kWarmup, and keeps the one whose median iteration (a step and its hash) is shorter. The
// hashes are the same either way; only their timing moves. collect() before anything reads
// r.hashes (checkpoints, the end of the run).
class StepHashes {
public:
    StepHashes(const Backend &backend, const RunOptions &o, RunResult &r) : m_o(o), m_r(r)
    {
        const bool poolTakesEveryCore = backend.cpuThreads() > 0
            && unsigned(backend.cpuThreads()) >= std::max(1u, std::thread::hardware_concurrency());
        if (!poolTakesEveryCore)
            m_decided = Place::Background;
    }

    // After each step: h of the new state (s_{t+1}), recorded now or once collected.
    void add(const TrainState &state)
    {
        time();
        collect();
        const auto th = SteadyClock::now();
        m_r.hashInline = place() == Place::Inline;
        m_snapshotIsNewest = !m_r.hashInline;
        if (m_r.hashInline)
            record(stateHash(state, /*parallel=*/true));
        else
            m_hasher.submit(state);
        m_r.hashSeconds += secondsSince(th);
        ++m_adds;
    }

    // stateHash of the newest state recorded (what r.hashes.back() holds, unless a fault plan
    // fabricated that one): a checkpoint of that state carries it. Call after collect().
    std::optional<Hash256> newest() const { return m_newest; }

    // A periodic checkpoint of `state`, the one last add()ed, through `writer`. Where that state
    // was hashed in the background, the hasher's snapshot is a copy of it already: handed to the
    // writer instead of copying the state (5.6 MB for the default gpt) a second time.
    void checkpoint(CheckpointWriter &writer, const TrainState &state, const std::vector<float> &losses)
    {
        collect();
        if (m_snapshotIsNewest)
            writer.submitSwapping(m_o.taskId, m_hasher.snapshot(), m_r.hashes, losses, m_newest);
        else
            writer.submit(m_o.taskId, state, m_r.hashes, losses, m_newest);
        m_snapshotIsNewest = false; // it holds the writer's previous buffer now
    }

    void collect()
    {
        if (!m_hasher.pending())
            return;
        const auto th = SteadyClock::now();
        record(m_hasher.collect());
        m_r.hashSeconds += secondsSince(th);
    }

private:
    enum class Place { Inline, Background };
    static constexpr int kWarmup = 2; // the first steps allocate and warm the caches
    static constexpr int kTrial = 8;

    Place place() const
    {
        if (m_decided)
            return *m_decided;
        const int n = m_adds - kWarmup;
        return n >= 0 && n < kTrial ? Place::Inline : Place::Background;
    }

    // The iteration since the previous add() (its hash, then this step) is a sample of the place
    // that add() chose.
    void time()
    {
        const auto now = SteadyClock::now();
        if (!m_decided && m_adds > 0) {
            const int trial = m_adds - 1 - kWarmup;
            if (trial >= 0 && trial < 2 * kTrial)
                m_samples[trial < kTrial ? 0 : 1].push_back(std::chrono::duration<double>(now - m_lastAdd).count());
            if (m_samples[1].size() == size_t(kTrial))
                m_decided = median(m_samples[0]) <= median(m_samples[1]) ? Place::Inline : Place::Background;
        }
        m_lastAdd = now;
    }

    static double median(std::vector<double> v)
    {
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
        return v[v.size() / 2];
    }

    void record(const Hash256 &h)
    {
        m_newest = h;
        m_r.hashes.push_back(h);
#ifdef IDLEFORGE_FAULT_INJECTION
        if (const std::int64_t t = std::int64_t(m_r.hashes.size()) - 2; m_o.fault.kind == FaultPlan::Kind::FabricateHash
            && t >= m_o.fault.step && t <= std::max(m_o.fault.step, m_o.fault.to))
            m_r.hashes.back() = crypto::blake2b256("fabricated " + std::to_string(t));
#endif
    }

    const RunOptions &m_o;
    RunResult &m_r;
    std::optional<Place> m_decided;
    std::optional<Hash256> m_newest;
    bool m_snapshotIsNewest = false; // m_hasher.snapshot() is a copy of the state last add()ed
    int m_adds = 0;
    SteadyClock::time_point m_lastAdd;
    std::vector<double> m_samples[2]; // iteration seconds with the hash inline, in the background
    StateHasher m_hasher;
};

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
        const float loss = runStep(g, backend, state, o);
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
