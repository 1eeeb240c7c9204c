#pragma once
// Tiny real runs for the verification tests: the mlp template, trained in-process on the repro
// executor, honestly or with a fault injected exactly as `idleforgectl task run --inject-fault`.
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"
#include "task/TaskSpec.h"
#include "task/Templates.h"
#include "verify/FaultOption.h"
#include "verify/GraphRun.h"
#include "verify/StepRecomputer.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

namespace vtest {

using namespace idleforge;

inline task::TaskSpec tinyMlp(qint64 steps = 24, qint64 checkpointEvery = 4)
{
    task::TemplateOptions o;
    o.templateName = QStringLiteral("mlp");
    o.layers = 1;
    o.dModel = 8;
    o.hidden = 16;
    o.context = 8;
    o.batch = 2;
    o.steps = steps;
    o.checkpointEvery = checkpointEvery;
    o.lr = 1e-2;
    o.data.size = 4096;
    auto spec = task::parseTaskSpec(task::makeTemplateSpec(o).value());
    if (!spec)
        qFatal("tiny mlp spec invalid: %s", qPrintable(spec.error().message));
    return spec.value();
}

inline verify::TaskContext context(const task::TaskSpec &spec)
{
    auto ctx = verify::loadTaskContext(spec);
    if (!ctx)
        qFatal("no data: %s", qPrintable(ctx.error().message));
    return std::move(ctx).value();
}

// Trains into <dir>/checkpoints-repro; `fault` is an --inject-fault string or empty.
inline graph::RunResult train(const verify::TaskContext &ctx, const QString &dir, const QString &fault = {}, int threads = 0)
{
    graph::ReproExecutor exec(ctx.graph, threads);
    graph::RunOptions o;
    o.checkpointDir = QDir(dir).filePath(QStringLiteral("checkpoints-repro")).toStdString();
    o.taskId = ctx.taskId;
    o.shard = ctx.shard;
    if (!fault.isEmpty()) {
        auto json = verify::parseFaultOption(fault);
        if (!json)
            qFatal("bad fault: %s", qPrintable(json.error().message));
        o.fault = verify::faultPlanFromJson(*json).value();
        if (!verify::writeFaultRecord(dir, *json))
            qFatal("cannot write fault record");
    }
    return graph::runTraining(ctx.graph, exec, o);
}

inline std::unique_ptr<verify::GraphRun> open(const verify::TaskContext &ctx, const QString &dir)
{
    auto run = verify::GraphRun::open(ctx, dir);
    if (!run)
        qFatal("cannot open run: %s", qPrintable(run.error().message));
    return std::move(run).value();
}

// A run that passes everything to `inner`, for tests that change one answer. forEachState is
// RunSource's own, through state(), so an overridden state() sees every state served.
class ForwardingRun : public verify::RunSource {
public:
    explicit ForwardingRun(verify::RunSource &inner) : m_inner(inner) {}
    const std::vector<crypto::Hash256> &stateHashes() const override { return m_inner.stateHashes(); }
    Result<graph::TrainState> state(std::int64_t t) override { return m_inner.state(t); }
    Result<verify::StepReplay> replay(std::int64_t t, int inputsOf) override { return m_inner.replay(t, inputsOf); }
    const std::vector<graph::ReproExecutor::NodeInfo> &plan() const override { return m_inner.plan(); }

protected:
    verify::RunSource &m_inner;
};

// Serves states from memory after the first request, so many audits of one run stay cheap.
class CachedRun final : public ForwardingRun {
public:
    using ForwardingRun::ForwardingRun;
    Result<graph::TrainState> state(std::int64_t t) override
    {
        if (auto it = m_states.find(t); it != m_states.end())
            return it->second;
        auto s = m_inner.state(t);
        if (s)
            m_states[t] = *s;
        return s;
    }

private:
    std::map<std::int64_t, graph::TrainState> m_states;
};

// Remembers h_{t+1} by the hash of s_t; counts real recomputations.
class CachedRecomputer final : public verify::StepRecomputer {
public:
    explicit CachedRecomputer(const verify::TaskContext &ctx) : m_inner(ctx) {}
    Result<crypto::Hash256> recompute(const graph::TrainState &s) override
    {
        const auto key = graph::stateHash(s);
        if (auto it = m_memo.find(key); it != m_memo.end())
            return it->second;
        auto h = m_inner.recompute(s);
        if (h)
            m_memo[key] = *h;
        return h;
    }
    Result<crypto::Hash256> advance(graph::TrainState &s) override { return m_inner.advance(s); }
    int realCount() const { return m_inner.count(); }

private:
    verify::ReproStepRecomputer m_inner;
    std::map<crypto::Hash256, crypto::Hash256> m_memo;
};

} // namespace vtest
