#include "verify/Audit.h"
#include "verify/MerkleLevels.h"

#include "verify/AuditPolicy.h"
#include "verify/SampleSelection.h"

#include <QJsonArray>

#include <algorithm>
#include <cstring>

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
    // Samples never answered fail (in replay mode: all of them, when the solver never showed its hashes).
    for (size_t i = m_report.samples.size(); i < m_samples.size() && (!m_replay || !failure.isEmpty()); ++i)
        m_report.samples.push_back({m_samples[i], false, failure.isEmpty() ? QStringLiteral("not answered") : failure});
    m_report.failure = failure;
    m_report.finished = true;
    const bool allOk = std::all_of(m_report.samples.begin(), m_report.samples.end(), [](const auto &s) { return s.ok; });
    // Replay mode passes when every step was replayed and matched; sampling when every sample did.
    m_report.ok = failure.isEmpty() && allOk
               && (m_replay ? m_report.recomputed == m_task.graph.config.steps : !m_report.samples.empty());
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
        expected = {m_replay ? QStringLiteral("audit.hashes") : QStringLiteral("audit.opening"), QStringLiteral("audit.refuse")};
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
        const std::int64_t k = m_task.graph.config.checkpointEvery;
        m_replay = m_mode == AuditMode::Replay || (m_mode == AuditMode::Auto && replayCostsLess(N, k, m_samples));
        QJsonObject challenge{{QStringLiteral("seed"), hexOf(m_seed)}};
        QJsonArray list;
        if (m_replay) {
            m_report.replayed = true;
            challenge.insert(QStringLiteral("replay"), true);
        } else {
            m_report.servingSteps = servingSteps(m_samples, k);
            for (auto t : m_samples)
                list.append(double(t));
        }
        challenge.insert(QStringLiteral("samples"), list);
        m_state = State::AwaitOpenings;
        return std::vector<Message>{m_gate.make(kSolver, QStringLiteral("audit.challenge"), challenge)};
    }
    if (m_replay)
        return replayRun(m);
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
    const auto tensors = sliceTensors(m.body.value(QStringLiteral("tensors")), m.blob, 3 * int(m_task.graph.params.size()) + 1);
    if (!tensors)
        return tensors.error();
    m_gate.accept(m);
    m_report.samples.push_back(check(m, t, *tensors));
    if (m_report.samples.size() == m_samples.size())
        return finish();
    return std::vector<Message>{};
}

Result<std::vector<Message>> AuditVerifier::replayRun(const Message &m)
{
    const std::int64_t N = m_task.graph.config.steps;
    if (auto count = intField(m.body, "count", N + 1, N + 1); !count)
        return count.error();
    if (m.blob.size() != (N + 1) * qsizetype(sizeof(Hash256)))
        return malformed(QStringLiteral("audit.hashes needs %1 hashes of 32 bytes in its blob").arg(N + 1));
    m_gate.accept(m);
    std::vector<Hash256> hashes(size_t(N + 1));
    std::memcpy(hashes.data(), m.blob.constData(), size_t(m.blob.size()));
    if (crypto::merkleRoot(hashes) != m_commitment)
        return finish(QStringLiteral("the served h_0..h_N are not the committed ones"));
    graph::TrainState s = graph::initialState(m_task.graph);
    // The report lists the drawn samples the replay passed (it checks a superset of them) and the
    // step it failed at, if any.
    size_t next = 0;
    const auto passedUpTo = [&](std::int64_t t) {
        for (; next < m_samples.size() && m_samples[next] < t; ++next)
            m_report.samples.push_back({m_samples[next], true, {}});
    };
    const auto failAt = [&](std::int64_t t, const QString &why) {
        passedUpTo(t);
        m_report.samples.push_back({t, false, why});
    };
    if (graph::stateHash(s) != hashes[0]) {
        failAt(0, QStringLiteral("h_0 is not the hash of the task's s_0"));
        return finish();
    }
    for (std::int64_t t = 0; t < N; ++t) {
        auto h = m_recomputer.advance(s);
        if (!h) {
            failAt(t, h.error().message);
            return finish();
        }
        ++m_report.recomputed;
        if (*h != hashes[size_t(t + 1)]) {
            // Our state is the honest one from here on: later steps cannot be compared with the
            // solver's, and the pinpoint game starts from this failure anyway.
            failAt(t, QStringLiteral("replaying step %1 gives a different h_t+1").arg(t));
            return finish();
        }
    }
    passedUpTo(N);
    return finish();
}

AuditSample AuditVerifier::check(const Message &m, std::int64_t t, const std::vector<WireSlice> &tensors)
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
    if (auto fits = stateFromWire(m_task.graph, t, tensors, m.blob, m_served); !fits)
        return fail(QStringLiteral("s_t does not fit the task: ") + fits.error().message);
    if (graph::stateHash(m_served) != h)
        return fail(QStringLiteral("the served s_t does not hash to the committed h_t"));
    auto recomputed = m_recomputer.recompute(m_served);
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
    const QJsonValue replayField = m.body.value(QStringLiteral("replay"));
    if (!replayField.isUndefined() && !replayField.isBool())
        return malformed(QStringLiteral("\"replay\" must be a bool"));
    const bool replay = replayField.toBool(false);
    const QJsonArray list = m.body.value(QStringLiteral("samples")).toArray();
    if (replay ? !list.isEmpty() : (list.isEmpty() || list.size() > N))
        return malformed(replay ? QStringLiteral("a replay challenge lists no samples")
                                : QStringLiteral("\"samples\" must list 1..%1 steps").arg(N));
    m_gate.accept(m);
    if (seedCommitment(*seed) != m_seedCommit)
        return refuse(QStringLiteral("the revealed seed does not match its commitment"));
    if (replay) {
        // The whole run is re-computed by the verifier: we only show the committed hashes.
        QByteArray blob(reinterpret_cast<const char *>(hashes.data()), qsizetype(hashes.size() * sizeof(Hash256)));
        m_state = State::AwaitResult;
        return std::vector<Message>{m_gate.make(kVerifier, QStringLiteral("audit.hashes"),
                                                {{QStringLiteral("count"), double(hashes.size())}}, std::move(blob))};
    }
    const auto samples = drawSamples(*seed, commitment, N, list.size());
    for (qsizetype i = 0; i < list.size(); ++i)
        if (list[i].toDouble(-1) != double(samples[size_t(i)]))
            return refuse(QStringLiteral("the samples are not the ones the seed draws"));
    return serve(samples, hashes);
}

std::vector<Message> AuditSolver::refuse(const QString &why)
{
    m_state = State::Done;
    return std::vector<Message>{m_gate.make(kVerifier, QStringLiteral("audit.refuse"), {{QStringLiteral("reason"), why}})};
}

namespace {
struct Withdrawn {}; // the sink can take no more: out of forEachState (no std::exception, so not an error)
} // namespace

std::vector<Message> AuditSolver::serve(const std::vector<std::int64_t> &samples, const std::vector<Hash256> &hashes)
{
    // Without a sink: bodies first, messages (and their sequence numbers) only once every state
    // was served, so that a refusal is the next message the verifier sees.
    std::vector<std::pair<QJsonObject, QByteArray>> openings;
    size_t made = 0;
    const MerkleLevels tree(hashes); // two proofs a sample from one tree
    Result<void> served;
    try {
        served = m_run.forEachState(samples, [&](std::int64_t t, const graph::TrainState &state) {
            // Streamed, the state goes into m_blob's buffer, back in our hands (not shared) once
            // the last opening is gone: a fresh 5.6 MB buffer a sample was 1,400 page faults.
            QByteArray fresh;
            QByteArray &blob = m_sink ? m_blob : fresh;
            if (!blob.isDetached())
                blob = QByteArray();
            blob.resize(0); // keeps the capacity
            const QJsonArray tensors = packState(state, blob);
            QJsonObject body{{QStringLiteral("step"), double(t)},
                             {QStringLiteral("state_hash"), hexOf(hashes[size_t(t)])},
                             {QStringLiteral("state_proof"), proofJson(tree.proof(std::uint64_t(t)))},
                             {QStringLiteral("next_hash"), hexOf(hashes[size_t(t + 1)])},
                             {QStringLiteral("next_proof"), proofJson(tree.proof(std::uint64_t(t + 1)))},
                             {QStringLiteral("tensors"), tensors}};
            ++made;
            if (!m_sink)
                openings.emplace_back(std::move(body), std::move(blob));
            else if (!m_sink(m_gate.make(kVerifier, QStringLiteral("audit.opening"), std::move(body), blob)))
                throw Withdrawn{};
        });
    } catch (const Withdrawn &) {
        m_state = State::Done;
        return {};
    }
    if (!served) {
        const std::int64_t t = samples[std::min(made, samples.size() - 1)];
        return refuse(QStringLiteral("cannot serve s_%1: %2").arg(t).arg(served.error().message));
    }
    std::vector<Message> out;
    out.reserve(openings.size());
    for (auto &[body, blob] : openings)
        out.push_back(m_gate.make(kVerifier, QStringLiteral("audit.opening"), std::move(body), std::move(blob)));
    m_state = State::AwaitResult;
    return out;
}

} // namespace idleforge::verify
