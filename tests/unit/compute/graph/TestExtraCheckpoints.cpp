// A solver's extra checkpoints between the task's own (RunOptions::extraCheckpointEvery, kept by
// the node in memory): they leave every hash and the commitment as they are, they are where
// serving a state and resuming start from (fewer steps replayed: counted), a torn one is passed
// over for the checkpoint before it, and one that cannot be written ends the extras, never the run.
#include "GraphTestUtil.h"

#include "compute/graph/Checkpoint.h"
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::graph;

namespace {

// The repro executor, counting the steps it runs.
class CountingBackend final : public Backend {
public:
    explicit CountingBackend(const Graph &g) : m_exec(g) {}
    std::string name() const override { return m_exec.name(); }
    float step(TrainState &state, const Batch &batch, StepObserver *observer) override
    {
        ++steps;
        return m_exec.step(state, batch, observer);
    }
    bool supportsTracing() const override { return m_exec.supportsTracing(); }
    int cpuThreads() const override { return m_exec.cpuThreads(); }
    int steps = 0;

private:
    ReproExecutor m_exec;
};

struct Run {
    task::TaskSpec spec = testutil::parse(testutil::tinyGpt(12, 6));
    std::vector<std::uint8_t> shard = testutil::shardOf(spec);
    QTemporaryDir disk, memory;
    std::string diskDir = disk.path().toStdString() + "/checkpoints-repro";
    std::string extraDir = memory.path().toStdString() + "/checkpoints-repro";

    RunOptions options(std::int64_t extraEvery = 2) const
    {
        RunOptions o;
        o.checkpointDir = diskDir;
        o.taskId = spec.taskId;
        o.shard = shard;
        if (extraEvery > 0) {
            o.extraCheckpointDir = extraDir;
            o.extraCheckpointEvery = extraEvery;
        }
        return o;
    }
};

std::vector<std::int64_t> steps(std::initializer_list<std::int64_t> l) { return l; }

} // namespace

class TestExtraCheckpoints : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void extrasLeaveTheCommitmentAsItIs()
    {
        Run plain, extra;
        ReproExecutor e1(plain.spec.graph), e2(extra.spec.graph);
        const RunResult a = runTraining(plain.spec.graph, e1, plain.options(0));
        const RunResult b = runTraining(extra.spec.graph, e2, extra.options(2));
        QVERIFY(a.hashes == b.hashes);
        QCOMPARE(b.commitment, a.commitment);
        QCOMPARE(b.extraCheckpoints, 4);
        QVERIFY(b.extraCheckpointError.empty());
        QVERIFY(b.extraCheckpointSeconds > 0); // the copies and writes, timed
        QCOMPARE(a.extraCheckpoints, 0);
        QCOMPARE(a.extraCheckpointSeconds, 0.0);
        // The task's own every 6 and the final state stay in the job folder; the extras fill the
        // steps between them, none twice.
        QCOMPARE(listCheckpoints(extra.diskDir), steps({6, 12}));
        QCOMPARE(listCheckpoints(extra.extraDir), steps({2, 4, 8, 10}));
        QCOMPARE(listCheckpoints(plain.diskDir), steps({6, 12}));
        const auto fromExtra = readCheckpoint(checkpointPath(extra.extraDir, 8), extra.spec.taskId);
        QVERIFY(fromExtra);
        QVERIFY(fromExtra->hashes == std::vector<Hash256>(a.hashes.begin(), a.hashes.begin() + 9));
    }

    // Samples 3, 5, 9, 11: from the task's checkpoints alone (0 and 6) that is 5 + 5 = 10 steps
    // replayed; with the extras (2, 4, 8, 10) 1 + 1 + 1 + 1 = 4. The states are the same.
    void servingReplaysFromTheNearestOfEitherFolder()
    {
        Run r;
        ReproExecutor exec(r.spec.graph);
        const RunResult trained = runTraining(r.spec.graph, exec, r.options(2));
        const auto samples = steps({3, 5, 9, 11});
        for (const bool withExtras : {false, true}) {
            CountingBackend counting(r.spec.graph);
            std::vector<Hash256> served;
            forEachStateAt(r.spec.graph, counting, r.options(withExtras ? 2 : 0), samples,
                           [&](const TrainState &s) { served.push_back(stateHash(s)); });
            QCOMPARE(counting.steps, withExtras ? 4 : 10);
            for (size_t i = 0; i < samples.size(); ++i)
                QCOMPARE(served[i], trained.hashes[size_t(samples[i])]);
        }
        CountingBackend one(r.spec.graph);
        QCOMPARE(stateHash(stateAt(r.spec.graph, one, r.options(2), 11)), trained.hashes[11]);
        QCOMPARE(one.steps, 1);
    }

    void aTornExtraIsPassedOver()
    {
        Run r;
        ReproExecutor exec(r.spec.graph);
        const RunResult trained = runTraining(r.spec.graph, exec, r.options(2));
        QFile f(QString::fromStdString(checkpointPath(r.extraDir, 4)));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(f.size() / 2));
        QByteArray byte = f.read(1);
        byte[0] = char(byte[0] ^ 0x10);
        QVERIFY(f.seek(f.size() / 2));
        QCOMPARE(f.write(byte), 1);
        f.close();
        CountingBackend counting(r.spec.graph);
        QCOMPARE(stateHash(stateAt(r.spec.graph, counting, r.options(2), 5)), trained.hashes[5]);
        QCOMPARE(counting.steps, 3); // from the extra at 2, not the torn one at 4
    }

    void anExtraThatCannotBeWrittenEndsTheExtrasNotTheRun()
    {
        Run plain, blocked;
        QFile file(blocked.memory.filePath(QStringLiteral("checkpoints-repro"))); // a file where the folder should be
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        ReproExecutor e1(plain.spec.graph), e2(blocked.spec.graph);
        const RunResult a = runTraining(plain.spec.graph, e1, plain.options(0));
        const RunResult b = runTraining(blocked.spec.graph, e2, blocked.options(2));
        QCOMPARE(b.steps, 12);
        QCOMPARE(b.commitment, a.commitment);
        QCOMPARE(b.extraCheckpoints, 0);
        QVERIFY2(!b.extraCheckpointError.empty(), "the reason the extras stopped");
        QCOMPARE(listCheckpoints(blocked.diskDir), steps({6, 12}));
    }

    // The node removed the memory folder (it stopped): the extras end and nothing is made again.
    void anExtraFolderWhoseParentIsGoneIsNotMade()
    {
        Run r;
        RunOptions o = r.options(2);
        o.extraCheckpointDir = r.memory.filePath(QStringLiteral("gone/checkpoints-repro")).toStdString();
        ReproExecutor exec(r.spec.graph);
        const RunResult b = runTraining(r.spec.graph, exec, o);
        QCOMPARE(b.steps, 12);
        QCOMPARE(b.extraCheckpoints, 0);
        QVERIFY(!b.extraCheckpointError.empty());
        QVERIFY(!QFileInfo::exists(r.memory.filePath(QStringLiteral("gone"))));
    }

    void aRunResumesFromItsNewestExtra()
    {
        Run whole, parts;
        ReproExecutor e1(whole.spec.graph), e2(parts.spec.graph), e3(parts.spec.graph);
        const RunResult full = runTraining(whole.spec.graph, e1, whole.options(0));
        RunOptions o = parts.options(2);
        int calls = 0;
        o.cancelled = [&] { return ++calls > 9; };
        const RunResult first = runTraining(parts.spec.graph, e2, o);
        QVERIFY(first.cancelled);
        QCOMPARE(first.steps, 9);
        // Without the stop-time checkpoint (9) the newest is the extra at 8, not the task's at 6.
        QVERIFY(QFile::remove(QString::fromStdString(checkpointPath(parts.diskDir, 9))));
        const RunResult resumed = runTraining(parts.spec.graph, e3, parts.options(2));
        QCOMPARE(resumed.resumedFrom, 8);
        QCOMPARE(resumed.commitment, full.commitment);
        QCOMPARE(resumed.extraCheckpoints, 1); // 10
    }
};

QTEST_GUILESS_MAIN(TestExtraCheckpoints)
#include "TestExtraCheckpoints.moc"
