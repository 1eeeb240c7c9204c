#include "verify/Audit.h"

#include "verify/SampleSelection.h"

#include <QJsonArray>

#include <algorithm>

namespace idleforge::verify {

namespace {

const QString kVerifier = QStringLiteral("verifier");
const QString kSolver = QStringLiteral("solver");

} // namespace

AuditVerifier::AuditVerifier(const TaskContext &task, StepRecomputer &recomputer, const Hash256 &seed, int samples, QString game,
                             Limits limits)
    : m_task(task), m_recomputer(recomputer), m_seed(seed), m_wanted(samples), m_gate(kVerifier, std::move(game), limits)
{
    m_report.totalSteps = task.graph.config.steps;
}

std::vector<Message> AuditVerifier::start()
{
    m_state = State::AwaitCommitment;
    return {m_gate.make(kSolver, QStringLiteral("audit.request"),
                        {{QStringLiteral("task_id"), hexOf(m_task.taskId)}, {QStringLiteral("seed_commit"), hexOf(seedCommitment(m_seed))}})};
}

void AuditVerifier::onTimeout()
{
    if (m_state == State::AwaitCommitment || m_state == State::AwaitOpenings)
        finish(QStringLiteral("the solver did not answer in time"));
}

std::vector<Message> AuditVerifier::finish(const QString &failure)
{
    // Samples never answered fail.
    for (size_t i = m_report.samples.size(); i < m_samples.size(); ++i)
        m_report.samples.push_back({m_samples[i], false, failure.isEmpty() ? QStringLiteral("not answered") : failure});
    m_report.failure = failure;
    m_report.finished = true;
    m_report.ok = failure.isEmpty() && !m_report.samples.empty()
               && std::all_of(m_report.samples.begin(), m_report.samples.end(), [](const auto &s) { return s.ok; });
    m_state = State::Done;
    QJsonArray list;
    for (const auto &s : m_report.samples)
        list.append(QJsonObject{{QStringLiteral("step"), double(s.step)}, {QStringLiteral("ok"), s.ok}});
    return {m_gate.make(kSolver, QStringLiteral("audit.result"), {{QStringLiteral("ok"), m_report.ok}, {QStringLiteral("samples"), list}})};
}

Result<std::vector<Message>> AuditVerifier::handle(const Message &m)
{
    QStringList expected;
    if (m_state == State::AwaitCommitment)
        expected = {QStringLiteral("audit.commitment"), QStringLiteral("audit.refuse")};
    else if (m_state == State::AwaitOpenings)
        expected = {QStringLiteral("audit.opening"), QStringLiteral("audit.refuse")};
    if (auto ok = m_gate.check(m, {kSolver}, expected); !ok)
        return ok.error();
    if (m.type == QLatin1String("audit.refuse")) {
        m_gate.accept(m);
        return finish(QStringLiteral("the solver refused: ") + m.body.value(QStringLiteral("reason")).toString().left(200));
    }
    const std::int64_t N = m_task.graph.config.steps;
    if (m_state == State::AwaitCommitment) {
        auto commitment = hashField(m.body, "commitment");
        if (!commitment)
            return commitment.error();
        auto steps = intField(m.body, "steps", N, N);
        if (!steps)
            return steps.error();
        m_gate.accept(m);
        m_commitment = *commitment;
        m_samples = drawSamples(m_seed, m_commitment, N, std::clamp<std::int64_t>(m_wanted, 1, N));
        QJsonArray list;
        for (auto t : m_samples)
            list.append(double(t));
        m_state = State::AwaitOpenings;
        return std::vector<Message>{m_gate.make(kSolver, QStringLiteral("audit.challenge"),
                                                {{QStringLiteral("seed"), hexOf(m_seed)}, {QStringLiteral("samples"), list}})};
    }
    const std::int64_t t = m_samples[m_report.samples.size()];
    // The step must be the next sample: anything else is out of order and changes nothing.
    auto step = intField(m.body, "step", 0, N - 1);
    if (!step)
        return step.error();
    if (*step != t)
        return makeError("verify.out_of_order", QStringLiteral("expected the opening of step %1, not %2").arg(t).arg(*step));
    for (const char *key : {"state_hash", "next_hash"})
        if (auto h = hashField(m.body, key); !h)
            return h.error();
    for (const char *key : {"state_proof", "next_proof"})
        if (auto p = proofField(m.body, key); !p)
            return p.error();
    auto tensors = unpackTensors(m.body.value(QStringLiteral("tensors")), m.blob, 3 * int(m_task.graph.params.size()) + 1);
    if (!tensors)
        return tensors.error();
    m_gate.accept(m);
    m_report.samples.push_back(check(m, t));
    if (m_report.samples.size() == m_samples.size())
        return finish();
    return std::vector<Message>{};
}

AuditSample AuditVerifier::check(const Message &m, std::int64_t t)
{
    const auto fail = [t](const QString &why) { return AuditSample{t, false, why}; };
    const Hash256 h = *hashField(m.body, "state_hash");
    const Hash256 next = *hashField(m.body, "next_hash");
    const auto proof = *proofField(m.body, "state_proof");
    const auto nextProof = *proofField(m.body, "next_proof");
    const std::uint64_t count = std::uint64_t(m_task.graph.config.steps + 1);
    if (proof.index != std::uint64_t(t) || proof.count != count || !crypto::verifyMerkleProof(h, proof, m_commitment))
        return fail(QStringLiteral("h_t is not opened against the commitment"));
    if (nextProof.index != std::uint64_t(t + 1) || nextProof.count != count || !crypto::verifyMerkleProof(next, nextProof, m_commitment))
        return fail(QStringLiteral("h_t+1 is not opened against the commitment"));
    auto state = stateFromTensors(m_task.graph, t, *unpackTensors(m.body.value(QStringLiteral("tensors")), m.blob, 1 << 20));
    if (!state)
        return fail(QStringLiteral("s_t does not fit the task: ") + state.error().message);
    if (graph::stateHash(*state) != h)
        return fail(QStringLiteral("the served s_t does not hash to the committed h_t"));
    auto recomputed = m_recomputer.recompute(*state);
    ++m_report.recomputed;
    if (!recomputed)
        return fail(recomputed.error().message);
    if (*recomputed != next)
        return fail(QStringLiteral("recomputing step %1 gives a different h_t+1").arg(t));
    return {t, true, {}};
}

AuditSolver::AuditSolver(RunSource &run, const Hash256 &taskId, QString game, Limits limits)
    : m_run(run), m_taskId(taskId), m_gate(kSolver, std::move(game), limits)
{
}

Result<std::vector<Message>> AuditSolver::handle(const Message &m)
{
    QStringList expected;
    switch (m_state) {
    case State::AwaitRequest: expected = {QStringLiteral("audit.request")}; break;
    case State::AwaitChallenge: expected = {QStringLiteral("audit.challenge")}; break;
    case State::AwaitResult: expected = {QStringLiteral("audit.result")}; break;
    case State::Done: break;
    }
    if (auto ok = m_gate.check(m, {kVerifier}, expected); !ok)
        return ok.error();
    const auto &hashes = m_run.stateHashes();
    const std::int64_t N = std::int64_t(hashes.size()) - 1;
    const Hash256 commitment = crypto::merkleRoot(hashes);
    const auto refuse = [&](const QString &why) {
        m_state = State::Done;
        return std::vector<Message>{m_gate.make(kVerifier, QStringLiteral("audit.refuse"), {{QStringLiteral("reason"), why}})};
    };
    if (m_state == State::AwaitRequest) {
        auto task = hashField(m.body, "task_id");
        if (!task)
            return task.error();
        auto commit = hashField(m.body, "seed_commit");
        if (!commit)
            return commit.error();
        m_gate.accept(m);
        if (*task != m_taskId)
            return refuse(QStringLiteral("this run is of another task"));
        m_seedCommit = *commit;
        m_state = State::AwaitChallenge;
        return std::vector<Message>{m_gate.make(kVerifier, QStringLiteral("audit.commitment"),
                                                {{QStringLiteral("commitment"), hexOf(commitment)}, {QStringLiteral("steps"), double(N)}})};
    }
    if (m_state == State::AwaitResult) {
        if (!m.body.value(QStringLiteral("ok")).isBool() || !m.body.value(QStringLiteral("samples")).isArray())
            return malformed(QStringLiteral("audit.result needs \"ok\" (bool) and \"samples\" (list)"));
        m_gate.accept(m);
        m_state = State::Done;
        return std::vector<Message>{};
    }
    auto seed = hashField(m.body, "seed");
    if (!seed)
        return seed.error();
    const QJsonArray list = m.body.value(QStringLiteral("samples")).toArray();
    if (list.isEmpty() || list.size() > N)
        return malformed(QStringLiteral("\"samples\" must list 1..%1 steps").arg(N));
    m_gate.accept(m);
    if (seedCommitment(*seed) != m_seedCommit)
        return refuse(QStringLiteral("the revealed seed does not match its commitment"));
    const auto samples = drawSamples(*seed, commitment, N, list.size());
    for (qsizetype i = 0; i < list.size(); ++i)
        if (list[i].toDouble(-1) != double(samples[size_t(i)]))
            return refuse(QStringLiteral("the samples are not the ones the seed draws"));
    std::vector<Message> out;
    for (auto t : samples) {
        auto state = m_run.state(t);
        if (!state)
            return refuse(QStringLiteral("cannot serve s_%1: %2").arg(t).arg(state.error().message));
        QByteArray blob;
        const QJsonArray tensors = packTensors(stateTensors(*state), blob);
        out.push_back(m_gate.make(kVerifier, QStringLiteral("audit.opening"),
                                  {{QStringLiteral("step"), double(t)},
                                   {QStringLiteral("state_hash"), hexOf(hashes[size_t(t)])},
                                   {QStringLiteral("state_proof"), proofJson(crypto::merkleProof(hashes, std::uint64_t(t)))},
                                   {QStringLiteral("next_hash"), hexOf(hashes[size_t(t + 1)])},
                                   {QStringLiteral("next_proof"), proofJson(crypto::merkleProof(hashes, std::uint64_t(t + 1)))},
                                   {QStringLiteral("tensors"), tensors}},
                                  std::move(blob)));
    }
    m_state = State::AwaitResult;
    return out;
}

} // namespace idleforge::verify
