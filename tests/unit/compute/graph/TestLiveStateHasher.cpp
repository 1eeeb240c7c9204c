// LiveStateHasher: the hash of a state read while the next step runs up to its optimizer fence is
// stateHash of that state, bit for bit, whether its thread got to the leaves or finish() did, and
// with the step counter moved on meanwhile; and runTraining, which may keep the live place, ends
// with the commitment of a run that hashes inline (the repro executor announces its optimizer).
#include "GraphTestUtil.h"

#include "compute/graph/LiveStateHasher.h"
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"
#include "compute/repro/Runtime.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <thread>

using namespace idleforge;
using namespace idleforge::graph;

namespace {
// The fence: the live hash of the state before the step, finished before the step writes it.
struct Fence final : StepObserver {
    LiveStateHasher live;
    std::vector<Hash256> hashes;
    int fenced = 0;
    void onNode(int, StepPhase, std::string_view, std::string_view, std::span<TensorView>) override {}
    void beforeOptimizer() override
    {
        ++fenced;
        if (live.pending())
            hashes.push_back(live.finish());
    }
};
} // namespace

class TestLiveStateHasher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hashesAsStateHashDoesWhoeverHashesTheLeaves()
    {
        const auto spec = testutil::parse(testutil::tinyGpt());
        TrainState s = initialState(spec.graph);
        s.step = 7;
        const Hash256 want = stateHash(s);
        LiveStateHasher live;
        live.begin(s);
        QVERIFY(live.pending());
        QCOMPARE(live.finish(), want); // at once: finish() hashes what the thread has not
        QVERIFY(!live.pending());
        live.begin(s);
        std::this_thread::sleep_for(std::chrono::milliseconds(100)); // an idle core: the thread's
        QCOMPARE(live.finish(), want);
        live.begin(s);
        s.step = 8; // the loop counts the step before the hash is finished
        QCOMPARE(live.finish(), want);
    }

    // Each state hashed live while the next step runs is the state the loop had after its step.
    void aStepReadsTheStateTheHasherReadsUntilItsFence()
    {
        const auto spec = testutil::parse(testutil::tinyGpt(6, 0));
        const auto shard = testutil::shardOf(spec);
        ReproExecutor exec(spec.graph, 2);
        QVERIFY(exec.announcesOptimizer());
        TrainState s = initialState(spec.graph);
        Fence fence;
        std::vector<Hash256> want;
        for (int i = 0; i < 6; ++i) {
            exec.step(s, makeBatch(shard, spec.graph.config.seed, s.step, spec.graph.config.batch, spec.graph.config.context),
                      &fence);
            want.push_back(stateHash(s));
            fence.live.begin(s);
        }
        fence.hashes.push_back(fence.live.finish());
        QCOMPARE(fence.fenced, 6);
        QVERIFY(fence.hashes == want);
    }

    // Long enough that the run tries each place for 8 steps (live among them: the repro executor
    // announces its optimizer) and keeps one; every hash it recorded is the inline one.
    void aRunEndsWithTheSameCommitmentWhereverItHashed()
    {
        const auto spec = testutil::parse(testutil::tinyGpt(40, 0));
        const auto shard = testutil::shardOf(spec);
        RunOptions o;
        o.taskId = spec.taskId;
        o.shard = shard;
        QTemporaryDir dir;
        o.checkpointDir = dir.filePath(QStringLiteral("run")).toStdString();
        ReproExecutor exec(spec.graph, std::max(1u, std::thread::hardware_concurrency()));
        const RunResult r = runTraining(spec.graph, exec, o);
        QVERIFY(r.hashPlace == "inline" || r.hashPlace == "background" || r.hashPlace == "live");
        TrainState s = initialState(spec.graph);
        std::vector<Hash256> want{stateHash(s)};
        for (int i = 0; i < 40; ++i) {
            exec.step(s, makeBatch(o.shard, spec.graph.config.seed, s.step, spec.graph.config.batch, spec.graph.config.context));
            want.push_back(stateHash(s));
        }
        QVERIFY(r.hashes == want);
        qInfo("hashed %s", r.hashPlace.c_str());
    }
};

QTEST_GUILESS_MAIN(TestLiveStateHasher)
#include "TestLiveStateHasher.moc"
