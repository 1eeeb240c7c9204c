// Checkpoints on a disk that fills up (test builds: setCheckpointSpaceForTesting makes the
// checkpoint writes short, then ENOSPC): the write fails with the system's own words, leaves no
// temp file and no partial checkpoint, and a checkpoint already on disk under the same name stays
// byte for byte; a training run stops with that error, and once space is back it resumes from its
// last good checkpoint and ends with the same commitment as a run that never hit a full disk.
#include "GraphTestUtil.h"

#include "compute/graph/Checkpoint.h"
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <stdexcept>

using namespace idleforge;
using namespace idleforge::graph;

namespace {

Checkpoint sample(std::int64_t step, float bias = 0)
{
    Checkpoint c;
    c.taskId.fill(0x3c);
    c.state.step = step;
    c.state.tensors.push_back({"param/w", {64, 64}, std::vector<float>(64 * 64, 0.5f + bias)});
    c.hashes.resize(size_t(step) + 1);
    c.losses.assign(size_t(step), 2.0f + bias);
    return c;
}

QByteArray contents(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256) : QByteArray();
}

qint64 sizeOf(const std::string &path) { return QFileInfo(QString::fromStdString(path)).size(); }

QStringList leftovers(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.tmp*")}, QDir::Files | QDir::Hidden);
}

const std::string kNoSpace = std::strerror(ENOSPC);

RunResult train(const task::TaskSpec &spec, const std::vector<std::uint8_t> &shard, const std::string &dir)
{
    ReproExecutor exec(spec.graph);
    RunOptions o;
    o.checkpointDir = dir;
    o.taskId = spec.taskId;
    o.shard = shard;
    return runTraining(spec.graph, exec, o);
}

} // namespace

class TestCheckpointDiskFull : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { setCheckpointSpaceForTesting(-1); }

    void fullDiskLeavesTheOldCheckpoints_data()
    {
        QTest::addColumn<int>("space"); // bytes of room left, as a share of the new file in 1/8
        for (int eighths : {0, 1, 4, 7})
            QTest::newRow(qPrintable(QStringLiteral("%1/8 of the file").arg(eighths))) << eighths;
    }
    void fullDiskLeavesTheOldCheckpoints()
    {
        QFETCH(int, space);
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        QCOMPARE(writeCheckpoint(d, sample(2)), std::string());
        QCOMPARE(writeCheckpoint(d, sample(4)), std::string());
        const QByteArray four = contents(checkpointPath(d, 4));
        const qint64 fileSize = sizeOf(checkpointPath(d, 4));

        setCheckpointSpaceForTesting(fileSize * space / 8);
        const std::string newer = writeCheckpoint(d, sample(6));
        QVERIFY2(newer.find(kNoSpace) != std::string::npos, newer.c_str());
        QVERIFY2(newer.find(checkpointPath(d, 6)) != std::string::npos, newer.c_str()); // names the file
        // Rewriting a step that exists (a resumed run) keeps the old file until the new one is whole.
        setCheckpointSpaceForTesting(fileSize * space / 8);
        QVERIFY(!writeCheckpoint(d, sample(4, 1.0f)).empty());
        QCOMPARE(contents(checkpointPath(d, 4)), four);
        QCOMPARE(listCheckpoints(d), (std::vector<std::int64_t>{2, 4}));
        QCOMPARE(leftovers(dir.path()), QStringList());
        const auto latest = latestCheckpoint(d, sample(0).taskId);
        QVERIFY(latest.has_value());
        QCOMPARE(latest->state.step, 4);
        QVERIFY(latest->losses == sample(4).losses);

        setCheckpointSpaceForTesting(-1); // space is back
        QCOMPARE(writeCheckpoint(d, sample(6)), std::string());
        QCOMPARE(latestCheckpoint(d, sample(0).taskId)->state.step, 6);
        QCOMPARE(leftovers(dir.path()), QStringList());
    }

    void exactlyEnoughSpaceIsEnough()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        QCOMPARE(writeCheckpoint(d, sample(3)), std::string());
        setCheckpointSpaceForTesting(sizeOf(checkpointPath(d, 3)));
        QVERIFY(QFile::remove(QString::fromStdString(checkpointPath(d, 3))));
        QCOMPARE(writeCheckpoint(d, sample(3)), std::string());
        QVERIFY(readCheckpoint(checkpointPath(d, 3), sample(0).taskId).has_value());
        QVERIFY(writeCheckpoint(d, sample(5)).find(kNoSpace) != std::string::npos); // and now it is full
    }

    void trainingResumesOnceSpaceIsBack()
    {
        const auto spec = testutil::parse(testutil::tinyGpt(9, 3));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir whole, parts;
        const RunResult full = train(spec, shard, whole.path().toStdString());
        const std::string d = parts.path().toStdString();
        // Room for the checkpoint of step 3 and half of the one of step 6.
        setCheckpointSpaceForTesting(sizeOf(checkpointPath(whole.path().toStdString(), 3))
                                     + sizeOf(checkpointPath(whole.path().toStdString(), 6)) / 2);
        std::string error;
        try {
            train(spec, shard, d);
        } catch (const std::runtime_error &e) {
            error = e.what();
        }
        QVERIFY2(error.starts_with("checkpoint: cannot write") && error.find(kNoSpace) != std::string::npos, error.c_str());
        QCOMPARE(listCheckpoints(d), (std::vector<std::int64_t>{3}));
        QCOMPARE(leftovers(parts.path()), QStringList());

        setCheckpointSpaceForTesting(-1);
        const RunResult resumed = train(spec, shard, d);
        QCOMPARE(resumed.resumedFrom, 3); // steps 1-3 were not lost
        QCOMPARE(resumed.steps, 9);
        QCOMPARE(resumed.commitment, full.commitment);
        QVERIFY(resumed.losses == full.losses);
        QCOMPARE(resumed.modelHash, full.modelHash);
    }
};

QTEST_GUILESS_MAIN(TestCheckpointDiskFull)
#include "TestCheckpointDiskFull.moc"
