#include "verify/GraphRun.h"
#include "base/BuildFeatures.h"

#include "compute/graph/Checkpoint.h"
#include "task/DatasetStore.h"
#include "task/TaskSpec.h"
#include "task/WorkerJob.h"
#include "verify/FaultOption.h"

#include <QDir>

#include <algorithm>
#include <cstring>
#include <exception>

namespace idleforge::verify {

namespace {

// Hashes every node's outputs; optionally corrupts one node (the party's own fault) and
// captures the inputs of one node right before it runs.
class ReplayObserver final : public graph::StepObserver {
public:
    std::vector<NodeRecord> nodes;
    int flipNode = -1;
    int flipBit = 0;
    int captureBefore = -1; // capture() is called after node captureBefore - 1 ran
    std::function<void()> capture;

    void onNode(int index, graph::StepPhase, std::string_view, std::string_view, std::span<graph::TensorView> outputs) override
    {
        if (index == flipNode && !outputs.empty() && !outputs[0].data.empty()) {
            std::uint32_t u;
            std::memcpy(&u, &outputs[0].data[0], 4);
            u ^= 1u << (flipBit & 31);
            std::memcpy(&outputs[0].data[0], &u, 4);
        }
        NodeRecord rec;
        crypto::Blake2b256 h;
        for (const auto &out : outputs) {
            rec.outputLeaves.push_back(graph::floatTensorLeafHash(out.name, out.shape, out.data));
            h.update(std::span<const std::uint8_t>(rec.outputLeaves.back()));
        }
        rec.hash = h.finish();
        nodes.push_back(std::move(rec));
        if (index + 1 == captureBefore && capture)
            capture();
    }
};

} // namespace

Result<TaskContext> loadTaskContext(const task::TaskSpec &spec, const QString &storeDir)
{
    auto shard = task::DatasetStore(storeDir).resolve(spec.data);
    if (!shard)
        return shard.error();
    TaskContext ctx;
    ctx.graph = spec.graph;
    ctx.shard.assign(shard->begin(), shard->end());
    ctx.taskId = spec.taskId;
    return ctx;
}

Result<std::unique_ptr<GraphRun>> GraphRun::open(const TaskContext &task, const QString &workdir, int threads,
                                                 const QString &extraCheckpointDir)
{
    const std::string dir = QFile::encodeName(task::checkpointDirOf(workdir, QStringLiteral("repro"))).toStdString();
    const auto ckpt = graph::latestCheckpoint(dir, task.taskId);
    if (!ckpt || ckpt->state.step != task.graph.config.steps || ckpt->hashes.size() != size_t(task.graph.config.steps + 1))
        return makeError("verify.no_run", QStringLiteral("%1 holds no complete repro run of this task; run `idleforgectl task run` first")
                                              .arg(QString::fromStdString(dir)));
    auto run = std::make_unique<GraphRun>(task, dir, ckpt->hashes, threads);
    run->m_options.extraCheckpointDir = QFile::encodeName(extraCheckpointDir).toStdString();
    auto fault = readFaultRecord(workdir);
    if (!fault)
        return fault.error();
    if (!fault->isEmpty()) {
#ifdef IDLEFORGE_FAULT_INJECTION
        auto plan = faultPlanFromJson(*fault);
        if (!plan)
            return plan.error();
        run->setFault(*plan);
#else
        return makeError("verify.fault_build", QStringLiteral("%1 is a deliberately faulty run; this build has no fault injection").arg(workdir));
#endif
    }
    return run;
}

GraphRun::GraphRun(const TaskContext &task, std::string checkpointDir, std::vector<Hash256> hashes, int threads)
    : m_task(task), m_exec(task.graph, threads), m_plan(planOf(m_exec)), m_hashes(std::move(hashes))
{
    m_options.checkpointDir = std::move(checkpointDir);
    m_options.taskId = task.taskId;
    m_options.shard = task.shard;
}

Result<graph::TrainState> GraphRun::state(std::int64_t t)
{
    if (t < 0 || t > m_task.graph.config.steps)
        return makeError("verify.bad_step", QStringLiteral("step %1 is outside the run").arg(t));
    try {
        return graph::stateAt(m_task.graph, m_counted, m_options, t);
    } catch (const std::exception &e) {
        return makeError("verify.replay_failed", QString::fromUtf8(e.what()));
    }
}

Result<void> GraphRun::forEachState(std::span<const std::int64_t> steps, const StateSink &emit)
{
    for (const std::int64_t t : steps)
        if (t < 0 || t > m_task.graph.config.steps)
            return makeError("verify.bad_step", QStringLiteral("step %1 is outside the run").arg(t));
    if (!std::is_sorted(steps.begin(), steps.end()))
        return makeError("verify.bad_step", QStringLiteral("the steps to serve must be ascending"));
    try {
        graph::forEachStateAt(m_task.graph, m_counted, m_options, steps, [&](const graph::TrainState &s) { emit(s.step, s); });
    } catch (const std::exception &e) {
        return makeError("verify.replay_failed", QString::fromUtf8(e.what()));
    }
    return {};
}

Result<StepReplay> GraphRun::replay(std::int64_t t, int inputsOf)
{
    if (t < 0 || t >= m_task.graph.config.steps)
        return makeError("verify.bad_step", QStringLiteral("step %1 is outside the run").arg(t));
    if (inputsOf > int(m_plan.size()))
        return makeError("verify.bad_node", QStringLiteral("node %1 is outside the step (0..%2)").arg(inputsOf).arg(m_plan.size()));
    auto before = state(t);
    if (!before)
        return before.error();
    graph::TrainState s = std::move(before).value();
    StepReplay out;
    out.stateLeavesBefore = graph::stateLeaves(s);
    for (const auto &tensor : s.tensors)
        out.stateLeafNames.push_back(tensor.name);
    out.stateLeafNames.push_back("step");
    std::sort(out.stateLeafNames.begin(), out.stateLeafNames.end());
    std::int64_t batchStep = t;
    ReplayObserver observer;
#ifdef IDLEFORGE_FAULT_INJECTION
    const auto &f = m_options.fault;
    if (f.step == t && f.kind == graph::FaultPlan::Kind::FlipBit) {
        observer.flipNode = f.node;
        observer.flipBit = f.bit;
    }
    if (f.step == t && f.kind == graph::FaultPlan::Kind::WrongBatch)
        batchStep = t + 1;
#endif
    const graph::Batch batch = graph::makeBatch(m_task.shard, m_task.graph.config.seed, batchStep, m_task.graph.config.batch,
                                                m_task.graph.config.context);
    std::vector<std::string> names;
    if (inputsOf >= 0)
        names = nodeInputNames(m_plan, inputsOf, s);
    const auto capture = [&] {
        for (const auto &name : names) {
            if (name == "tokens")
                out.inputs.push_back(intTensor(name, batch.tokens));
            else if (name == "targets")
                out.inputs.push_back(intTensor(name, batch.targets));
            else if (name == "positions")
                out.inputs.push_back(intTensor(name, batch.positions));
            else
                out.inputs.push_back(floatTensor(name, m_exec.buffer(name)));
        }
    };
    observer.captureBefore = inputsOf; // inputsOf == M: after the last node, i.e. s_{t+1}'s tensors
    observer.capture = capture;
    try {
        if (inputsOf == 0) {
            m_exec.bind(s, batch);
            capture();
        }
        m_exec.step(s, batch, &observer);
    } catch (const std::exception &e) {
        return makeError("verify.replay_failed", QString::fromUtf8(e.what()));
    }
    out.nodes = std::move(observer.nodes);
    out.claimedNext = m_hashes.at(size_t(t + 1));
    return out;
}

} // namespace idleforge::verify
