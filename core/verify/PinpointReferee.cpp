#include "verify/Pinpoint.h"

#include "compute/graph/ReproExecutor.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>

namespace idleforge::verify {

namespace {

const QStringList kParties{QStringLiteral("a"), QStringLiteral("b")};

QString responseTo(const QString &phaseRequest)
{
    static const std::map<QString, QString> map{
        {QStringLiteral("pinpoint.hello"), QStringLiteral("pinpoint.commitment")},
        {QStringLiteral("pinpoint.step_children"), QStringLiteral("pinpoint.step_nodes")},
        {QStringLiteral("pinpoint.step_open"), QStringLiteral("pinpoint.step_opening")},
        {QStringLiteral("pinpoint.trace"), QStringLiteral("pinpoint.trace_root")},
        {QStringLiteral("pinpoint.trace_children"), QStringLiteral("pinpoint.trace_nodes")},
        {QStringLiteral("pinpoint.node_open"), QStringLiteral("pinpoint.node_opening")},
    };
    const auto it = map.find(phaseRequest);
    return it == map.end() ? QString() : it->second;
}

// Syntax of each answer; semantics are checked once both parties answered.
Result<void> checkBody(const Message &m, int maxTensors)
{
    const QJsonObject &b = m.body;
    const auto first = [](auto... results) -> Result<void> {
        Result<void> out;
        ((out.ok() && !results ? (out = results.error(), 0) : 0), ...);
        return out;
    };
    if (m.type == QLatin1String("pinpoint.refuse"))
        return b.value(QStringLiteral("reason")).isString() ? Result<void>() : Result<void>(malformed(QStringLiteral("\"reason\" must be a string")));
    if (m.type == QLatin1String("pinpoint.commitment"))
        return first(hashField(b, "commitment"), intField(b, "count", 1, qint64(1) << 40));
    if (m.type == QLatin1String("pinpoint.trace_root"))
        return first(hashField(b, "root"), intField(b, "count", 1, qint64(1) << 40));
    if (m.type == QLatin1String("pinpoint.step_nodes") || m.type == QLatin1String("pinpoint.trace_nodes")) {
        if (b.contains(QStringLiteral("right")))
            return first(hashField(b, "left"), hashField(b, "right"));
        return first(hashField(b, "left"));
    }
    if (m.type == QLatin1String("pinpoint.step_opening")) {
        if (b.contains(QStringLiteral("prev")))
            return first(hashField(b, "next"), proofField(b, "next_proof"), hashField(b, "prev"), proofField(b, "prev_proof"));
        return first(hashField(b, "next"), proofField(b, "next_proof"));
    }
    // pinpoint.node_opening
    auto tensors = unpackTensors(b.value(QStringLiteral("tensors")), m.blob, maxTensors);
    if (!tensors)
        return tensors.error();
    if (b.value(QStringLiteral("sources")).toArray().size() != qsizetype(tensors->size()))
        return malformed(QStringLiteral("\"sources\" must have one entry per tensor"));
    return first(hashField(b, "leaf"), proofField(b, "leaf_proof"));
}

} // namespace

struct PinpointReferee::Impl {
    explicit Impl(const graph::Graph &g) : exec(g, 0), plan(planOf(exec)) {}
    graph::ReproExecutor exec;
    std::vector<graph::ReproExecutor::NodeInfo> plan;
    bool walkedTrace = false;
    QString lastRequest;
    graph::Batch batch;
    std::int64_t batchStep = -1;
};

PinpointReferee::PinpointReferee(const TaskContext &task, QString game, Limits limits)
    : d(std::make_unique<Impl>(task.graph)), m_task(task), m_gate(QStringLiteral("referee"), std::move(game), limits)
{
}

PinpointReferee::~PinpointReferee() = default;

const std::vector<graph::ReproExecutor::NodeInfo> &PinpointReferee::refereePlan() const { return d->plan; }
graph::ReproExecutor &PinpointReferee::refereeExecutor() const { return d->exec; }
bool PinpointReferee::refereeWalkedTrace() const { return d->walkedTrace; }
const graph::Batch &PinpointReferee::refereeBatch() const
{
    // Batch t of the task's data, drawn by the referee itself (cheap next to any op).
    if (d->batch.tokens.empty() || d->batchStep != m_outcome.step) {
        const auto &c = m_task.graph.config;
        d->batch = graph::makeBatch(m_task.shard, c.seed, m_outcome.step, c.batch, c.context);
        d->batchStep = m_outcome.step;
    }
    return d->batch;
}

std::vector<Message> PinpointReferee::request(const QString &type, const QJsonObject &body)
{
    d->lastRequest = type;
    m_answers = {};
    return {m_gate.make(kParties[0], type, body), m_gate.make(kParties[1], type, body)};
}

std::vector<Message> PinpointReferee::start()
{
    m_phase = Phase::Commit;
    return request(QStringLiteral("pinpoint.hello"),
                   {{QStringLiteral("task_id"), hexOf(m_task.taskId)}, {QStringLiteral("steps"), double(m_task.graph.config.steps)}});
}

QStringList PinpointReferee::awaiting() const
{
    QStringList out;
    if (m_phase == Phase::Done)
        return out;
    for (int p = 0; p < 2; ++p)
        if (!m_answers[size_t(p)])
            out << kParties[p];
    return out;
}

Result<void> PinpointReferee::validate(const Message &m) const
{
    QStringList expected;
    if (m_phase != Phase::Done)
        expected = {responseTo(d->lastRequest), QStringLiteral("pinpoint.refuse")};
    if (auto ok = m_gate.check(m, kParties, expected); !ok)
        return ok;
    if (m_answers[size_t(kParties.indexOf(m.from))])
        return makeError("verify.out_of_order", QStringLiteral("%1 already answered this round").arg(m.from));
    return checkBody(m, int(d->plan.size()) + 3 * int(m_task.graph.params.size()) + 8);
}

Result<std::vector<Message>> PinpointReferee::handle(const Message &m)
{
    if (auto ok = validate(m); !ok)
        return ok.error();
    m_gate.accept(m);
    m_answers[size_t(kParties.indexOf(m.from))] = m;
    if (!m_answers[0] || !m_answers[1])
        return std::vector<Message>{};
    return advance();
}

std::vector<Message> PinpointReferee::onTimeout()
{
    const QStringList late = awaiting();
    if (late.size() == 2)
        return verdict(QStringLiteral("none"), QStringLiteral("neither party answered in time"));
    if (late.size() == 1)
        return lose(int(kParties.indexOf(late[0])), QStringLiteral("did not answer in time"));
    return {};
}

std::vector<Message> PinpointReferee::verdict(const QString &winner, const QString &reason)
{
    m_phase = Phase::Done;
    m_outcome.finished = true;
    m_outcome.winner = winner;
    m_outcome.reason = reason;
    const QJsonObject body{{QStringLiteral("winner"), winner}, {QStringLiteral("reason"), reason},
                           {QStringLiteral("step"), double(m_outcome.step)}, {QStringLiteral("node"), m_outcome.node}};
    return {m_gate.make(kParties[0], QStringLiteral("pinpoint.verdict"), body), m_gate.make(kParties[1], QStringLiteral("pinpoint.verdict"), body)};
}

std::vector<Message> PinpointReferee::lose(int party, const QString &reason)
{
    return verdict(kParties[1 - party], kParties[party] + QStringLiteral(" loses: ") + reason);
}

std::vector<Message> PinpointReferee::walkNext(Walk &w, const QString &type, int &rounds)
{
    while (w.level > 0 && 2 * w.index + 1 >= w.widths[size_t(w.level) - 1]) { // promoted: same hash below
        --w.level;
        w.index *= 2;
    }
    if (w.level == 0)
        return {};
    ++rounds;
    return request(type, {{QStringLiteral("level"), w.level}, {QStringLiteral("index"), double(w.index)}});
}

// A check on each party's answer: exactly one failing loses, both failing: nobody wins.
std::optional<std::vector<Message>> PinpointReferee::judge(const std::array<QString, 2> &err)
{
    if (!err[0].isEmpty() && !err[1].isEmpty())
        return verdict(QStringLiteral("none"), QStringLiteral("both failed: ") + err[0] + QStringLiteral("; ") + err[1]);
    for (int p = 0; p < 2; ++p)
        if (!err[size_t(p)].isEmpty())
            return lose(p, err[size_t(p)]);
    return std::nullopt;
}

std::vector<Message> PinpointReferee::advance()
{
    const Answers ans{*m_answers[0], *m_answers[1]};
    // Refusals lose.
    const bool refusedA = ans[0].type == QLatin1String("pinpoint.refuse");
    const bool refusedB = ans[1].type == QLatin1String("pinpoint.refuse");
    if (refusedA && refusedB)
        return verdict(QStringLiteral("none"), QStringLiteral("both parties refused"));
    if (refusedA || refusedB) {
        const int p = refusedA ? 0 : 1;
        return lose(p, QStringLiteral("refused: ") + ans[size_t(p)].body.value(QStringLiteral("reason")).toString().left(200));
    }
    switch (m_phase) {
    case Phase::Commit: return onCommit(ans);
    case Phase::StepWalk:
    case Phase::TraceWalk: return onChildren(ans);
    case Phase::StepOpen: return onStepOpen(ans);
    case Phase::Trace: return onTrace(ans);
    case Phase::NodeOpen: return rule();
    case Phase::Done: return {};
    }
    return {};
}

namespace {
// Each party's Merkle root (`key`) into `roots`, and `wrongCount` for a party whose leaf
// `count` is not `expected` (checkBody already checked both fields are there).
std::array<QString, 2> rootsOf(const std::array<Message, 2> &ans, const char *key, qint64 expected,
                               std::array<Hash256, 2> &roots, const QString &wrongCount)
{
    std::array<QString, 2> err;
    for (size_t p = 0; p < 2; ++p) {
        roots[p] = *hashField(ans[p].body, key);
        if (*intField(ans[p].body, "count", 1, qint64(1) << 40) != expected)
            err[p] = wrongCount;
    }
    return err;
}
} // namespace

std::vector<Message> PinpointReferee::onCommit(const Answers &ans)
{
    const std::int64_t N = m_task.graph.config.steps;
    const auto err = rootsOf(ans, "commitment", N + 1, m_commitment,
                             QStringLiteral("its commitment does not cover h_0..h_%1").arg(N));
    if (auto v = judge(err))
        return *v;
    if (m_commitment[0] == m_commitment[1]) {
        m_outcome.dispute = false;
        return verdict(QString(), QStringLiteral("the commitments are equal: there is no dispute"));
    }
    m_walk = {merkleWidths(std::uint64_t(N + 1)), 0, 0, m_commitment};
    m_walk.level = int(m_walk.widths.size()) - 1;
    m_phase = Phase::StepWalk;
    return continueWalk();
}

std::vector<Message> PinpointReferee::onChildren(const Answers &ans)
{
    std::array<QString, 2> err;
    std::array<Hash256, 2> left{}, right{};
    for (int p = 0; p < 2; ++p) {
        const QJsonObject &b = ans[size_t(p)].body;
        if (!b.contains(QStringLiteral("right"))) {
            err[size_t(p)] = QStringLiteral("revealed one child where the tree has two");
            continue;
        }
        left[size_t(p)] = *hashField(b, "left");
        right[size_t(p)] = *hashField(b, "right");
        if (crypto::merkleInnerNode(left[size_t(p)], right[size_t(p)]) != m_walk.node[size_t(p)])
            err[size_t(p)] = QStringLiteral("its revealed children do not hash to the node it committed to");
    }
    if (auto v = judge(err))
        return *v;
    --m_walk.level;
    m_walk.index *= 2;
    if (left[0] != left[1]) {
        m_walk.node = left;
    } else {
        m_walk.node = right;
        ++m_walk.index;
    }
    return continueWalk();
}

std::vector<Message> PinpointReferee::onStepOpen(const Answers &ans)
{
    const std::int64_t N = m_task.graph.config.steps;
    const std::uint64_t j = m_walk.index;
    std::array<QString, 2> err;
    std::array<Hash256, 2> prev{};
    for (int p = 0; p < 2; ++p) {
        const QJsonObject &b = ans[size_t(p)].body;
        const Hash256 next = *hashField(b, "next");
        const auto proof = *proofField(b, "next_proof");
        if (crypto::merkleLeafNode(next) != m_walk.node[size_t(p)] || proof.index != j || proof.count != std::uint64_t(N + 1)
            || !crypto::verifyMerkleProof(next, proof, m_commitment[size_t(p)]))
            err[size_t(p)] = QStringLiteral("h_%1 is not opened against its commitment").arg(j);
        m_next[size_t(p)] = next;
        if (j > 0) {
            auto pp = proofField(b, "prev_proof");
            auto ph = hashField(b, "prev");
            if (!pp || !ph || pp->index != j - 1 || pp->count != std::uint64_t(N + 1) || !crypto::verifyMerkleProof(*ph, *pp, m_commitment[size_t(p)]))
                err[size_t(p)] = QStringLiteral("h_%1 is not opened against its commitment").arg(j - 1);
            else
                prev[size_t(p)] = *ph;
        }
    }
    if (auto v = judge(err))
        return *v;
    m_outcome.step = std::int64_t(j) - 1;
    m_outcome.claimedNext = m_next;
    if (j == 0)
        return ruleOnInitialState();
    if (prev[0] != prev[1])
        return verdict(QStringLiteral("none"), QStringLiteral("the openings contradict the bisection"));
    m_agreed = prev[0];
    m_phase = Phase::Trace;
    return request(QStringLiteral("pinpoint.trace"), {{QStringLiteral("step"), double(m_outcome.step)}});
}

// The parties disagree on s_0: the referee derives it from the spec itself.
std::vector<Message> PinpointReferee::ruleOnInitialState()
{
    const auto t0 = std::chrono::steady_clock::now();
    const Hash256 h0 = graph::stateHash(graph::initialState(m_task.graph));
    m_outcome.refereeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m_outcome.refereeOps = 1;
    m_outcome.op = QStringLiteral("initial_state");
    for (int p = 0; p < 2; ++p)
        if (m_next[size_t(p)] == h0)
            return lose(1 - p, QStringLiteral("its s_0 is not the task's initial state"));
    return verdict(QStringLiteral("none"), QStringLiteral("neither s_0 is the task's initial state"));
}

std::vector<Message> PinpointReferee::onTrace(const Answers &ans)
{
    const int M = int(d->plan.size());
    const auto err = rootsOf(ans, "root", M + 1, m_traceRoot,
                             QStringLiteral("its trace does not have the step's %1 nodes plus the state").arg(M));
    if (auto v = judge(err))
        return *v;
    if (m_traceRoot[0] == m_traceRoot[1]) {
        // Same nodes and same last leaf, yet different h_{t+1}: one trace does not end in
        // the state its party committed to. Opening the last leaf shows which.
        m_outcome.node = M;
        m_phase = Phase::NodeOpen;
        return request(QStringLiteral("pinpoint.node_open"), {{QStringLiteral("node"), M}});
    }
    d->walkedTrace = true;
    m_walk = {merkleWidths(std::uint64_t(M + 1)), 0, 0, m_traceRoot};
    m_walk.level = int(m_walk.widths.size()) - 1;
    m_phase = Phase::TraceWalk;
    return continueWalk();
}

// Continue a walk, or leave it at its leaf.
std::vector<Message> PinpointReferee::continueWalk()
{
    if (m_phase == Phase::StepWalk) {
        if (auto next = walkNext(m_walk, QStringLiteral("pinpoint.step_children"), m_outcome.stepRounds); !next.empty())
            return next;
        m_phase = Phase::StepOpen;
        return request(QStringLiteral("pinpoint.step_open"), {{QStringLiteral("step"), double(m_walk.index)}});
    }
    if (auto next = walkNext(m_walk, QStringLiteral("pinpoint.trace_children"), m_outcome.nodeRounds); !next.empty())
        return next;
    m_outcome.node = int(m_walk.index);
    m_phase = Phase::NodeOpen;
    return request(QStringLiteral("pinpoint.node_open"), {{QStringLiteral("node"), m_outcome.node}});
}

} // namespace idleforge::verify
