// The last phase of the pinpoint game: checking each party's opening of node i's inputs and
// recomputing that one op (see Pinpoint.h, step 3).
#include "verify/Pinpoint.h"

#include "compute/graph/ReproExecutor.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>

namespace idleforge::verify {

namespace {

Hash256 hashOfOutputs(const std::vector<Hash256> &outputLeaves)
{
    crypto::Blake2b256 h;
    for (const auto &l : outputLeaves)
        h.update(std::span<const std::uint8_t>(l));
    return h.finish();
}

std::span<const std::uint8_t> bytesOf(const std::vector<std::int32_t> &v)
{
    return {reinterpret_cast<const std::uint8_t *>(v.data()), v.size() * 4};
}

} // namespace

// Empty when party p's opening of node i is consistent with everything agreed.
QString PinpointReferee::checkOpening(int p, const Message &m) const
{
    const graph::Graph &g = m_task.graph;
    const auto &plan = refereePlan();
    const int M = int(plan.size());
    const int i = m_outcome.node;
    const QJsonObject &b = m.body;
    const Hash256 leaf = *hashField(b, "leaf");
    const auto leafProof = *proofField(b, "leaf_proof");
    if (leafProof.index != std::uint64_t(i) || leafProof.count != std::uint64_t(M + 1)
        || !crypto::verifyMerkleProof(leaf, leafProof, m_traceRoot[size_t(p)]))
        return QStringLiteral("node %1's hash is not opened against its trace root").arg(i);
    if (refereeWalkedTrace() && crypto::merkleLeafNode(leaf) != m_walk.node[size_t(p)])
        return QStringLiteral("node %1's hash is not the one the bisection reached").arg(i);
    if (i == M && leaf != m_next[size_t(p)])
        return QStringLiteral("its trace of step %1 does not end in the state it committed to").arg(m_outcome.step);

    const graph::TrainState names = zeroState(g, m_outcome.step);
    const auto sources = inputSources(plan, i, names);
    const auto tensors = *unpackTensors(b.value(QStringLiteral("tensors")), m.blob, 1 << 20);
    const QJsonArray proofs = b.value(QStringLiteral("sources")).toArray();
    if (tensors.size() != sources.size())
        return QStringLiteral("node %1 has %2 inputs, it opened %3").arg(i).arg(sources.size()).arg(tensors.size());
    const graph::Batch &batch = refereeBatch();
    for (size_t k = 0; k < sources.size(); ++k) {
        const InputSource &src = sources[k];
        const WireTensor &t = tensors[k];
        const QString qname = QString::fromStdString(src.name);
        const auto shape = bufferShape(g, src.name);
        if (t.name != src.name || !shape)
            return QStringLiteral("input %1 of node %2 should be \"%3\"").arg(k).arg(i).arg(qname);
        std::int64_t numel = 1;
        for (auto dim : *shape)
            numel *= dim;
        const bool wantInt = src.kind == InputSource::Kind::Batch;
        if (t.isInt != wantInt || std::int64_t(t.bytes.size()) != 4 * numel)
            return QStringLiteral("input \"%1\" has the wrong type or size").arg(qname);
        const QJsonObject proof = proofs[qsizetype(k)].toObject();
        switch (src.kind) {
        case InputSource::Kind::Batch: {
            const auto &want = src.name == "tokens" ? batch.tokens : src.name == "targets" ? batch.targets : batch.positions;
            const auto bytes = bytesOf(want);
            if (!std::equal(bytes.begin(), bytes.end(), t.bytes.begin(), t.bytes.end()))
                return QStringLiteral("input \"%1\" is not batch %2 of the task's data").arg(qname).arg(m_outcome.step);
            break;
        }
        case InputSource::Kind::Zero:
            if (std::any_of(t.bytes.begin(), t.bytes.end(), [](std::uint8_t x) { return x != 0; }))
                return QStringLiteral("input \"%1\" should still be zero at this node").arg(qname);
            break;
        case InputSource::Kind::State: {
            auto sp = proofField(proof, "proof");
            const Hash256 l = graph::floatTensorLeafHash(src.name, *shape, floats(t));
            if (!sp || !crypto::verifyMerkleProof(l, *sp, m_agreed))
                return QStringLiteral("input \"%1\" is not the tensor of the agreed s_%2").arg(qname).arg(m_outcome.step);
            break;
        }
        case InputSource::Kind::Node: {
            const auto &outs = plan[size_t(src.node)].outputs;
            auto leaves = hashListField(proof, "outputs", 16);
            auto np = proofField(proof, "proof");
            const size_t pos = size_t(std::find(outs.begin(), outs.end(), src.name) - outs.begin());
            if (!leaves || !np || proof.value(QStringLiteral("node")).toInt(-1) != src.node || leaves->size() != outs.size())
                return QStringLiteral("input \"%1\" lacks the opening of node %2").arg(qname).arg(src.node);
            if ((*leaves)[pos] != graph::floatTensorLeafHash(src.name, *shape, floats(t)))
                return QStringLiteral("input \"%1\" is not what node %2 output").arg(qname).arg(src.node);
            if (np->index != std::uint64_t(src.node) || np->count != std::uint64_t(M + 1)
                || !crypto::verifyMerkleProof(hashOfOutputs(*leaves), *np, m_traceRoot[size_t(p)]))
                return QStringLiteral("node %1's outputs are not opened against its trace root").arg(src.node);
            break;
        }
        }
    }
    return {};
}

std::vector<Message> PinpointReferee::rule()
{
    const graph::Graph &g = m_task.graph;
    const auto &plan = refereePlan();
    const int M = int(plan.size());
    const int i = m_outcome.node;
    m_outcome.op = i == M ? QStringLiteral("state_commit") : QString::fromStdString(plan[size_t(i)].op);
    m_outcome.nodeName = i == M ? QStringLiteral("state") : QString::fromStdString(plan[size_t(i)].name);
    std::array<QString, 2> err;
    for (int p = 0; p < 2; ++p)
        err[size_t(p)] = checkOpening(p, *m_answers[size_t(p)]);
    if (!err[0].isEmpty() && !err[1].isEmpty())
        return verdict(QStringLiteral("none"), QStringLiteral("both failed: ") + err[0] + QStringLiteral("; ") + err[1]);
    // Recompute the one op on the inputs of a party that passed (both passing means equal inputs).
    const int src = err[0].isEmpty() ? 0 : 1;
    const Message &opening = *m_answers[size_t(src)];
    const auto tensors = *unpackTensors(opening.body.value(QStringLiteral("tensors")), opening.blob, 1 << 20);
    m_outcome.refereeBytes = opening.blob.size();
    Hash256 expected{};
    const auto t0 = std::chrono::steady_clock::now();
    if (i == M) {
        auto state = stateFromTensors(g, m_outcome.step + 1, tensors);
        if (!state)
            return lose(src, state.error().message);
        expected = graph::stateHash(*state);
    } else {
        try {
            graph::TrainState scratch = zeroState(g, m_outcome.step);
            graph::ReproExecutor &exec = refereeExecutor();
            exec.bind(scratch, refereeBatch());
            for (const auto &t : tensors) {
                if (t.isInt)
                    continue; // ids come from the referee's own batch, checked equal above
                const auto dst = exec.buffer(t.name);
                std::memcpy(dst.data(), t.bytes.data(), std::min(dst.size_bytes(), t.bytes.size()));
            }
            exec.runNode(i);
            std::vector<Hash256> outLeaves;
            for (const auto &name : plan[size_t(i)].outputs)
                outLeaves.push_back(graph::floatTensorLeafHash(name, *bufferShape(g, name), exec.buffer(name)));
            expected = hashOfOutputs(outLeaves);
        } catch (const std::exception &e) {
            return verdict(QStringLiteral("none"), QStringLiteral("the referee could not run node %1: %2").arg(i).arg(QString::fromUtf8(e.what())));
        }
    }
    m_outcome.refereeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m_outcome.refereeOps = 1;
    const QString what = QStringLiteral("node %1 (%2 %3) of step %4").arg(i).arg(m_outcome.op, m_outcome.nodeName).arg(m_outcome.step);
    if (!err[size_t(1 - src)].isEmpty()) {
        if (*hashField(opening.body, "leaf") == expected)
            return lose(1 - src, err[size_t(1 - src)]);
        const QString party[2] = {QStringLiteral("a"), QStringLiteral("b")};
        return verdict(QStringLiteral("none"), QStringLiteral("%1 failed its opening and %2's output of %3 is wrong").arg(party[1 - src], party[src], what));
    }
    for (int p = 0; p < 2; ++p)
        if (*hashField(m_answers[size_t(p)]->body, "leaf") == expected)
            return lose(1 - p, QStringLiteral("its output of %1 differs from the referee's recomputation").arg(what));
    return verdict(QStringLiteral("none"), QStringLiteral("neither output of %1 matches the referee's recomputation").arg(what));
}

} // namespace idleforge::verify
