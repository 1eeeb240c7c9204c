// Training on the repro backend: bitwise determinism across thread counts and ISA paths,
// resume from checkpoints, single-step replay and tracing, and a loss that really falls.
#include "GraphTestUtil.h"
#include "base/BuildFeatures.h"

#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"
#include "compute/repro/Runtime.h"
#include "crypto/Merkle.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace idleforge;
using namespace idleforge::graph;

namespace {

RunResult train(const task::TaskSpec &spec, const std::vector<std::uint8_t> &shard, const std::string &dir,
                std::function<bool()> cancelled = {})
{
    ReproExecutor exec(spec.graph);
    RunOptions o;
    o.checkpointDir = dir;
    o.taskId = spec.taskId;
    o.shard = shard;
    o.cancelled = std::move(cancelled);
    return runTraining(spec.graph, exec, o);
}

RunOptions optionsFor(const task::TaskSpec &spec, const std::vector<std::uint8_t> &shard, const std::string &dir)
{
    RunOptions o;
    o.checkpointDir = dir;
    o.taskId = spec.taskId;
    o.shard = shard;
    return o;
}

// Flips one bit of one node's first output, then lets the recorder see the result.
class FlipThenRecord final : public StepObserver {
public:
    explicit FlipThenRecord(int node) : m_node(node) {}
    void onNode(int index, StepPhase phase, std::string_view op, std::string_view name, std::span<TensorView> outputs) override
    {
        if (index == m_node) {
            std::uint32_t u;
            std::memcpy(&u, outputs[0].data.data(), 4);
            u ^= 1u << 3;
            std::memcpy(outputs[0].data.data(), &u, 4);
        }
        recorder.onNode(index, phase, op, name, outputs);
    }
    TraceRecorder recorder;

private:
    int m_node;
};

} // namespace

class TestReproTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup()
    {
        repro::resetIsa();
        repro::setThreadCount(2);
    }

    void sameCommitmentAcrossThreadsAndIsa()
    {
        const auto spec = testutil::parse(testutil::tinyGpt(5, 0));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir d1, d2, d3;
        const repro::Isa native = repro::activeIsa();
        qInfo("native ISA path: %s", repro::isaName(native).data());
        repro::setThreadCount(1);
        const RunResult one = train(spec, shard, d1.path().toStdString());
        repro::setThreadCount(2);
        const RunResult two = train(spec, shard, d2.path().toStdString());
        QVERIFY(repro::forceIsa(repro::Isa::Generic));
        const RunResult generic = train(spec, shard, d3.path().toStdString());
        QCOMPARE(one.steps, 5);
        QCOMPARE(one.hashes.size(), size_t(6));
        QVERIFY(one.hashes == two.hashes);
        QVERIFY(one.hashes == generic.hashes);
        QCOMPARE(one.commitment, two.commitment);
        QCOMPARE(one.commitment, generic.commitment);
        QCOMPARE(one.commitment, crypto::merkleRoot(one.hashes));
        QVERIFY(std::memcmp(one.losses.data(), generic.losses.data(), one.losses.size() * 4) == 0);
        // Every step changes the state.
        for (size_t i = 1; i < one.hashes.size(); ++i)
            QVERIFY(one.hashes[i] != one.hashes[i - 1]);
    }

    // At 1 thread of 2+ cores every state is hashed on the StateHasher thread and the periodic
    // checkpoints take its snapshot (CheckpointWriter::submitSwapping); at 2 threads of 2 cores the
    // run tries both places, so these checkpoints are copies of a state hashed inline.
    void resumeGivesTheSameCommitment_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("1 thread") << 1;
        QTest::newRow("2 threads") << 2;
    }

    void resumeGivesTheSameCommitment()
    {
        QFETCH(int, threads);
        repro::setThreadCount(threads);
        const auto spec = testutil::parse(testutil::tinyGpt(10, 3));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir whole, parts;
        const RunResult full = train(spec, shard, whole.path().toStdString());
        int calls = 0;
        const RunResult first = train(spec, shard, parts.path().toStdString(), [&] { return ++calls > 7; });
        QVERIFY(first.cancelled);
        QCOMPARE(first.steps, 7);
        // Drop the cancel-time checkpoint so the resume really starts from a periodic one (6).
        QVERIFY(QFile::remove(QString::fromStdString(checkpointPath(parts.path().toStdString(), 7))));
        const RunResult resumed = train(spec, shard, parts.path().toStdString());
        QCOMPARE(resumed.resumedFrom, 6);
        QCOMPARE(resumed.steps, 10);
        QCOMPARE(resumed.commitment, full.commitment);
        QVERIFY(resumed.losses == full.losses);
        QCOMPARE(resumed.modelHash, full.modelHash);
        // A finished run resumes to itself without computing anything.
        const RunResult again = train(spec, shard, parts.path().toStdString());
        QCOMPARE(again.resumedFrom, 10);
        QCOMPARE(again.commitment, full.commitment);
    }

    void replayOfStepTReproducesNextHash()
    {
        const auto spec = testutil::parse(testutil::tinyGpt(9, 4));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir dir;
        const RunResult run = train(spec, shard, dir.path().toStdString());
        ReproExecutor exec(spec.graph);
        const RunOptions o = optionsFor(spec, shard, dir.path().toStdString());
        for (std::int64_t t : {0, 3, 4, 6, 8}) {
            TrainState s = stateAt(spec.graph, exec, o, t);
            QCOMPARE(s.step, t);
            QCOMPARE(stateHash(s), run.hashes[size_t(t)]);
            QCOMPARE(replayStep(spec.graph, exec, s, shard, nullptr), run.hashes[size_t(t) + 1]);
        }
    }

    void traceCoversEveryPhaseInOrder()
    {
        const auto spec = testutil::parse(testutil::tinyGpt(4, 2));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir dir;
        const RunResult run = train(spec, shard, dir.path().toStdString());
        ReproExecutor exec(spec.graph);
        const RunOptions o = optionsFor(spec, shard, dir.path().toStdString());
        const StepTrace trace = traceStep(spec.graph, exec, o, 2);
        QCOMPARE(trace.stateBefore, run.hashes[2]);
        QCOMPARE(trace.stateAfter, run.hashes[3]);
        QCOMPARE(trace.loss, run.losses[2]);
        const std::vector<std::string> order{"forward", "loss", "backward", "optimizer"};
        size_t phase = 0;
        int optimizerNodes = 0, lossNodes = 0;
        for (size_t i = 0; i < trace.nodes.size(); ++i) {
            QCOMPARE(trace.nodes[i].index, int(i));
            while (phase < order.size() && trace.nodes[i].phase != order[phase])
                ++phase;
            QVERIFY2(phase < order.size(), "phases out of order");
            optimizerNodes += trace.nodes[i].phase == "optimizer";
            lossNodes += trace.nodes[i].phase == "loss";
        }
        QCOMPARE(lossNodes, 1);
        QCOMPARE(optimizerNodes, int(spec.graph.params.size()));
        QCOMPARE(int(trace.nodes.size()), exec.nodeCount());
        // Tracing is itself deterministic.
        const StepTrace again = traceStep(spec.graph, exec, o, 2);
        QCOMPARE(again.root, trace.root);
    }

    // The pinpoint game's last bisection: with one corrupted node, the first differing trace
    // entry is exactly that node.
    void corruptedNodeIsTheFirstDifference()
    {
        const auto spec = testutil::parse(testutil::tinyGpt(3, 0));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir dir;
        ReproExecutor exec(spec.graph);
        const RunOptions o = optionsFor(spec, shard, dir.path().toStdString());
        const StepTrace honest = traceStep(spec.graph, exec, o, 1);
        for (int bad : {3, exec.nodeCount() / 2, exec.nodeCount() - 1}) {
            TrainState s = stateAt(spec.graph, exec, o, 1);
            FlipThenRecord flip(bad);
            const Hash256 after = replayStep(spec.graph, exec, s, shard, &flip);
            QVERIFY(after != honest.stateAfter);
            int first = -1;
            for (size_t i = 0; i < honest.nodes.size() && first < 0; ++i)
                if (flip.recorder.entries[i].hash != honest.nodes[i].hash)
                    first = int(i);
            QCOMPARE(first, bad);
        }
    }

    // A referee recomputes one node from its inputs alone.
    void oneNodeRecomputesFromItsInputs()
    {
        const auto spec = testutil::parse(testutil::tinyGpt(2, 0));
        const auto shard = testutil::shardOf(spec);
        ReproExecutor exec(spec.graph);
        TrainState s = initialState(spec.graph);
        const Batch batch = makeBatch(shard, spec.graph.config.seed, 0, spec.graph.config.batch, spec.graph.config.context);
        exec.bind(s, batch);
        int attention = -1;
        for (int i = 0; i < exec.nodeCount() && attention < 0; ++i) {
            exec.runNode(i);
            if (exec.nodeInfo(i).op == "causal_attention")
                attention = i;
        }
        QVERIFY(attention > 0);
        const auto &info = exec.nodeInfo(attention);
        const std::vector<float> out(exec.buffer(info.outputs[0]).begin(), exec.buffer(info.outputs[0]).end());
        // A second executor gets only the node's input tensor and recomputes its output.
        ReproExecutor referee(spec.graph);
        TrainState s2 = initialState(spec.graph);
        referee.bind(s2, batch);
        const auto input = exec.buffer(info.inputs[0]);
        std::copy(input.begin(), input.end(), referee.buffer(info.inputs[0]).begin());
        referee.runNode(attention);
        const auto again = referee.buffer(info.outputs[0]);
        QVERIFY(std::memcmp(out.data(), again.data(), out.size() * 4) == 0);
    }

#ifdef IDLEFORGE_FAULT_INJECTION
    // Each kind of cheating shows up in the commitment from the corrupted step on, not before.
    void injectedFaultsChangeTheCommitmentFromTheirStep_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("flip bit") << int(FaultPlan::Kind::FlipBit);
        QTest::newRow("skip update") << int(FaultPlan::Kind::SkipUpdate);
        QTest::newRow("wrong batch") << int(FaultPlan::Kind::WrongBatch);
        QTest::newRow("fabricated hash") << int(FaultPlan::Kind::FabricateHash);
    }
    void injectedFaultsChangeTheCommitmentFromTheirStep()
    {
        QFETCH(int, kind);
        const auto spec = testutil::parse(testutil::tinyGpt(5, 0));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir honestDir, faultyDir;
        const RunResult honest = train(spec, shard, honestDir.path().toStdString());
        ReproExecutor exec(spec.graph);
        RunOptions o = optionsFor(spec, shard, faultyDir.path().toStdString());
        o.fault = {FaultPlan::Kind(kind), 2, 7, 30};
        const RunResult faulty = runTraining(spec.graph, exec, o);
        for (size_t t = 0; t <= 2; ++t)
            QCOMPARE(faulty.hashes[t], honest.hashes[t]);
        const bool onlyOne = FaultPlan::Kind(kind) == FaultPlan::Kind::FabricateHash; // the state stays honest
        for (size_t t = 3; t < honest.hashes.size(); ++t)
            QCOMPARE(faulty.hashes[t] != honest.hashes[t], t == 3 || !onlyOne);
        QVERIFY(faulty.commitment != honest.commitment);
    }
#endif

    void lossFallsOnText()
    {
        auto o = testutil::tinyGpt(60, 0);
        o.dModel = 64;
        o.context = 32;
        o.batch = 8;
        const auto text = testutil::corpus();
        o.data = {task::DatasetRef::Kind::Bytes, crypto::blake2b256(std::span<const std::uint8_t>(text)), qint64(text.size())};
        const auto spec = testutil::parse(o);
        QTemporaryDir dir;
        const RunResult r = train(spec, text, dir.path().toStdString());
        const float first = r.losses.front(), last = r.losses.back();
        qInfo("gpt d=64 on corpus.txt: loss %.4f -> %.4f over %d steps", double(first), double(last), int(r.losses.size()));
        QVERIFY(std::abs(first - 5.545f) < 0.3f); // ln 256 at initialisation
        QVERIFY2(last < first - 1.5f, "the loss did not fall");
    }
};

QTEST_GUILESS_MAIN(TestReproTraining)
#include "TestReproTraining.moc"
