#include "verify/Pinpoint.h"

#include <algorithm>

namespace idleforge::verify {

namespace {

const QString kReferee = QStringLiteral("referee");

QJsonObject childrenJson(const std::optional<std::pair<Hash256, std::optional<Hash256>>> &c)
{
    QJsonObject o{{QStringLiteral("left"), hexOf(c->first)}};
    if (c->second)
        o.insert(QStringLiteral("right"), hexOf(*c->second));
    return o;
}

} // namespace

PinpointParty::PinpointParty(QString name, RunSource &run, const TaskContext &task, QString game, Limits limits)
    : m_name(name), m_run(run), m_task(task), m_gate(std::move(name), std::move(game), limits)
{
}

Result<std::vector<Message>> PinpointParty::handle(const Message &m)
{
    QStringList expected;
    switch (m_state) {
    case State::Idle: expected = {QStringLiteral("pinpoint.hello")}; break;
    case State::Steps: expected = {QStringLiteral("pinpoint.step_children"), QStringLiteral("pinpoint.step_open")}; break;
    case State::Opened: expected = {QStringLiteral("pinpoint.trace")}; break;
    case State::Traced: expected = {QStringLiteral("pinpoint.trace_children"), QStringLiteral("pinpoint.node_open")}; break;
    case State::Final: break;
    case State::Done: break;
    }
    if (m_state != State::Done)
        expected << QStringLiteral("pinpoint.verdict");
    if (auto ok = m_gate.check(m, {kReferee}, expected); !ok)
        return ok.error();
    if (m.type == QLatin1String("pinpoint.verdict")) {
        if (!m.body.value(QStringLiteral("winner")).isString() || !m.body.value(QStringLiteral("reason")).isString()
            || !intField(m.body, "step", -1, qint64(1) << 40) || !intField(m.body, "node", -1, 1 << 30))
            return malformed(QStringLiteral("pinpoint.verdict needs \"winner\", \"reason\", \"step\" and \"node\""));
        m_gate.accept(m);
        m_state = State::Done;
        return std::vector<Message>{};
    }
    auto reply = answer(m);
    if (!reply)
        return reply.error();
    return std::vector<Message>{std::move(reply).value()};
}

Result<Message> PinpointParty::answer(const Message &m)
{
    const auto &hashes = m_run.stateHashes();
    const std::int64_t N = std::int64_t(hashes.size()) - 1;
    const int M = int(m_run.plan().size());
    const auto refuse = [&](const QString &why) {
        m_state = State::Done;
        return m_gate.make(kReferee, QStringLiteral("pinpoint.refuse"), {{QStringLiteral("reason"), why}});
    };
    if (m.type == QLatin1String("pinpoint.hello")) {
        auto task = hashField(m.body, "task_id");
        if (!task)
            return task.error();
        auto steps = intField(m.body, "steps", 1, qint64(1) << 40);
        if (!steps)
            return steps.error();
        m_gate.accept(m);
        if (*task != m_task.taskId || *steps != N)
            return refuse(QStringLiteral("my run is of another task or length"));
        m_stateTree = std::make_unique<MerkleLevels>(hashes);
        m_state = State::Steps;
        return m_gate.make(kReferee, QStringLiteral("pinpoint.commitment"),
                           {{QStringLiteral("commitment"), hexOf(m_stateTree->root())}, {QStringLiteral("count"), double(hashes.size())}});
    }
    if (m.type == QLatin1String("pinpoint.step_children") || m.type == QLatin1String("pinpoint.trace_children")) {
        const bool steps = m.type == QLatin1String("pinpoint.step_children");
        const MerkleLevels &tree = steps ? *m_stateTree : *m_traceTree;
        auto level = intField(m.body, "level", 1, tree.top());
        if (!level)
            return level.error();
        auto index = intField(m.body, "index", 0, qint64(1) << 40);
        if (!index)
            return index.error();
        const auto c = tree.children(int(*level), std::uint64_t(*index));
        if (!c)
            return malformed(QStringLiteral("there is no node %1 on level %2").arg(*index).arg(*level));
        m_gate.accept(m);
        return m_gate.make(kReferee, steps ? QStringLiteral("pinpoint.step_nodes") : QStringLiteral("pinpoint.trace_nodes"), childrenJson(c));
    }
    if (m.type == QLatin1String("pinpoint.step_open")) {
        auto j = intField(m.body, "step", 0, N);
        if (!j)
            return j.error();
        m_gate.accept(m);
        QJsonObject body{{QStringLiteral("next"), hexOf(hashes[size_t(*j)])},
                         {QStringLiteral("next_proof"), proofJson(crypto::merkleProof(hashes, std::uint64_t(*j)))}};
        if (*j > 0) {
            body.insert(QStringLiteral("prev"), hexOf(hashes[size_t(*j - 1)]));
            body.insert(QStringLiteral("prev_proof"), proofJson(crypto::merkleProof(hashes, std::uint64_t(*j - 1))));
        }
        m_state = State::Opened;
        return m_gate.make(kReferee, QStringLiteral("pinpoint.step_opening"), body);
    }
    if (m.type == QLatin1String("pinpoint.trace")) {
        auto t = intField(m.body, "step", 0, N - 1);
        if (!t)
            return t.error();
        m_gate.accept(m);
        auto replay = m_run.replay(*t, -1);
        if (!replay)
            return refuse(QStringLiteral("cannot replay step %1: %2").arg(*t).arg(replay.error().message));
        m_step = *t;
        m_trace = std::move(replay).value();
        m_traceTree = std::make_unique<MerkleLevels>(m_trace->leaves());
        m_state = State::Traced;
        return m_gate.make(kReferee, QStringLiteral("pinpoint.trace_root"),
                           {{QStringLiteral("root"), hexOf(m_traceTree->root())}, {QStringLiteral("count"), double(M + 1)}});
    }
    // pinpoint.node_open
    auto node = intField(m.body, "node", 0, M);
    if (!node)
        return node.error();
    m_gate.accept(m);
    QByteArray blob;
    auto body = nodeOpening(int(*node), blob);
    if (!body)
        return refuse(body.error().message);
    m_state = State::Final;
    return m_gate.make(kReferee, QStringLiteral("pinpoint.node_opening"), std::move(body).value(), std::move(blob));
}

Result<QJsonObject> PinpointParty::nodeOpening(int node, QByteArray &blob)
{
    auto replay = m_run.replay(m_step, node);
    if (!replay)
        return replay.error();
    const std::vector<Hash256> leaves = replay->leaves();
    const auto sources = inputSources(m_run.plan(), node, zeroState(m_task.graph, m_step));
    QJsonArray list;
    for (const auto &src : sources) {
        switch (src.kind) {
        case InputSource::Kind::State: {
            const auto &names = replay->stateLeafNames;
            const auto pos = std::find(names.begin(), names.end(), src.name) - names.begin();
            list.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("state")},
                                    {QStringLiteral("proof"), proofJson(crypto::merkleProof(replay->stateLeavesBefore, std::uint64_t(pos)))}});
            break;
        }
        case InputSource::Kind::Node:
            list.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("node")},
                                    {QStringLiteral("node"), src.node},
                                    {QStringLiteral("outputs"), hashList(replay->nodes[size_t(src.node)].outputLeaves)},
                                    {QStringLiteral("proof"), proofJson(crypto::merkleProof(leaves, std::uint64_t(src.node)))}});
            break;
        case InputSource::Kind::Batch: list.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("batch")}}); break;
        case InputSource::Kind::Zero: list.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("zero")}}); break;
        }
    }
    return QJsonObject{{QStringLiteral("leaf"), hexOf(leaves[size_t(node)])},
                       {QStringLiteral("leaf_proof"), proofJson(crypto::merkleProof(leaves, std::uint64_t(node)))},
                       {QStringLiteral("tensors"), packTensors(replay->inputs, blob)},
                       {QStringLiteral("sources"), list}};
}

} // namespace idleforge::verify
