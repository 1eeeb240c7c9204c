// Checkpoints that travel between providers (CheckpointTransfer.h): the newest intact one is
// what a solver uploads, and a fetched one is installed only when it is of this task, at the
// step the coordinator named, covers the history up to it, fits the model, and its state is
// the one its last committed hash names. A refused one leaves the job folder as it was.
#include "node/CheckpointTransfer.h"

#include "VerifyTestUtil.h"
#include "compute/graph/Checkpoint.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;

namespace {

std::string stdPath(const QString &p) { return QFile::encodeName(p).toStdString(); }

// The file writeCheckpoint writes for `c`, as bytes (a stand-in for what a blob fetch returns).
QByteArray bytesOf(const graph::Checkpoint &c)
{
    const std::vector<std::uint8_t> b = graph::checkpointBytes(c);
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
}

} // namespace

class TestCheckpointTransfer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_spec = vtest::tinyMlp(8, 4);
        const auto ctx = vtest::context(m_spec);
        QVERIFY(m_run.isValid());
        m_result = vtest::train(ctx, m_run.path());
        QCOMPARE(m_result.steps, 8);
        m_dir = QDir(m_run.path()).filePath(QStringLiteral("checkpoints-repro"));
        auto four = graph::readCheckpoint(graph::checkpointPath(stdPath(m_dir), 4), m_spec.taskId);
        QVERIFY(four.has_value());
        m_four = *four;
    }

    // The newest intact checkpoint after `after`, read whole; a torn newer one is passed over.
    void newestIntactCheckpointIsTheUpload()
    {
        auto newest = node::newestCheckpoint(m_dir, m_spec.taskId, 0);
        QVERIFY2(newest.ok(), newest ? "" : qPrintable(newest.error().message));
        QCOMPARE(newest->step, 8);
        QFile eight(QFile::decodeName(graph::checkpointPath(stdPath(m_dir), 8).c_str()));
        QVERIFY(eight.open(QIODevice::ReadOnly));
        QCOMPARE(newest->bytes, eight.readAll());
        QVERIFY(!node::newestCheckpoint(m_dir, m_spec.taskId, 8).ok());

        QTemporaryDir copy;
        for (const qint64 step : {4, 8})
            QVERIFY(QFile::copy(QFile::decodeName(graph::checkpointPath(stdPath(m_dir), step).c_str()),
                                QFile::decodeName(graph::checkpointPath(stdPath(copy.path()), step).c_str())));
        QFile torn(QFile::decodeName(graph::checkpointPath(stdPath(copy.path()), 8).c_str()));
        QVERIFY(torn.resize(torn.size() - 100));
        auto older = node::newestCheckpoint(copy.path(), m_spec.taskId, 0);
        QVERIFY(older.ok());
        QCOMPARE(older->step, 4);
        const auto none = node::newestCheckpoint(copy.path(), m_spec.taskId, 4);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, QStringLiteral("node.no_checkpoint"));
    }

    void goodCheckpointIsInstalled()
    {
        QTemporaryDir target;
        const QString dir = QDir(target.path()).filePath(QStringLiteral("checkpoints-repro"));
        const auto r = node::installCheckpoint(dir, m_spec, 4, bytesOf(m_four));
        QVERIFY2(r.ok(), r ? "" : qPrintable(r.error().message));
        const auto back = graph::readCheckpoint(graph::checkpointPath(stdPath(dir), 4), m_spec.taskId);
        QVERIFY(back.has_value());
        QVERIFY(back->hashes == std::vector(m_result.hashes.begin(), m_result.hashes.begin() + 5));
        QCOMPARE(graph::stateHash(back->state), m_result.hashes[4]);
        QCOMPARE(QDir(dir).entryList(QDir::Files), QStringList{QStringLiteral("step-0000000004.ckpt")});
    }

    // Links planted in the job folder (the sandboxed worker may write there) are replaced, never
    // written through: at the checkpoint's own name, and at the part file's name an earlier build
    // wrote through (QFile follows links), the file outside keeps its bytes.
    void plantedLinksAreNotWrittenThrough()
    {
        QTemporaryDir target, outside;
        const QString dir = QDir(target.path()).filePath(QStringLiteral("checkpoints-repro"));
        QVERIFY(QDir().mkpath(dir));
        const QString victim = outside.filePath(QStringLiteral("precious.txt"));
        {
            QFile f(victim);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("the user's own file");
        }
        const QString name = QFile::decodeName(graph::checkpointPath(stdPath(dir), 4).c_str());
        QVERIFY(QFile::link(victim, name));
        QVERIFY(QFile::link(victim, QDir(dir).filePath(QStringLiteral("fetched.part"))));
        const auto r = node::installCheckpoint(dir, m_spec, 4, bytesOf(m_four));
        QVERIFY2(r.ok(), r ? "" : qPrintable(r.error().message));
        QFile f(victim);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("the user's own file"));
        QVERIFY(!QFileInfo(name).isSymLink());
        QVERIFY(graph::readCheckpoint(graph::checkpointPath(stdPath(dir), 4), m_spec.taskId).has_value());
    }

    // Each refusal names its reason, and the job folder keeps what it had: the checkpoint
    // already there, and no part file.
    void badCheckpointsAreRefusedAndLeaveTheFolderAsItWas_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("expectedStep");
        QTest::addColumn<QString>("reason");
        const graph::Checkpoint good = m_four;

        QByteArray flipped = bytesOf(good);
        flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 1);
        QTest::newRow("a flipped bit") << flipped << qint64(4) << QStringLiteral("unusable");
        QTest::newRow("truncated") << bytesOf(good).left(200) << qint64(4) << QStringLiteral("unusable");

        graph::Checkpoint foreign = good;
        foreign.taskId[0] ^= 1;
        QTest::newRow("another task") << bytesOf(foreign) << qint64(4) << QStringLiteral("another task");
        QTest::newRow("another step") << bytesOf(good) << qint64(8) << QStringLiteral("at step 4, the coordinator said 8");

        graph::Checkpoint shortHistory = good;
        shortHistory.losses.pop_back();
        QTest::newRow("a loss missing") << bytesOf(shortHistory) << qint64(4) << QStringLiteral("inconsistent step, hash and loss counts");

        graph::Checkpoint otherModel = good; // intact, but a tensor the model does not have
        otherModel.state.tensors.push_back({"zz/extra", {2}, {1, 2}});
        otherModel.hashOfState.reset();
        QTest::newRow("another model") << bytesOf(otherModel) << qint64(4) << QStringLiteral("does not fit the task's model");

        graph::Checkpoint otherState = good; // intact and well shaped, but not the state h_4 names
        otherState.state.tensors.front().data.front() += 1.0f;
        otherState.hashOfState.reset();
        QTest::newRow("another state") << bytesOf(otherState) << qint64(4) << QStringLiteral("does not hash to its last committed");

        graph::Checkpoint otherClaim = good; // the state's own hash given, but h_4 claims another
        otherClaim.hashes.back()[0] ^= 1;
        QTest::newRow("another h_k") << bytesOf(otherClaim) << qint64(4) << QStringLiteral("does not hash to its last committed");
    }

    void badCheckpointsAreRefusedAndLeaveTheFolderAsItWas()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, expectedStep);
        QFETCH(QString, reason);
        QTemporaryDir target;
        const QString dir = QDir(target.path()).filePath(QStringLiteral("checkpoints-repro"));
        QVERIFY(node::installCheckpoint(dir, m_spec, 4, bytesOf(m_four)).ok());
        const QStringList before = QDir(dir).entryList(QDir::Files);

        const auto r = node::installCheckpoint(dir, m_spec, expectedStep, bytes);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("node.bad_checkpoint"));
        QVERIFY2(r.error().message.contains(reason), qPrintable(r.error().message));
        QCOMPARE(QDir(dir).entryList(QDir::Files), before);
        QVERIFY(graph::readCheckpoint(graph::checkpointPath(stdPath(dir), 4), m_spec.taskId).has_value());
    }

private:
    task::TaskSpec m_spec;
    QTemporaryDir m_run;
    QString m_dir;
    graph::RunResult m_result;
    graph::Checkpoint m_four;
};

QTEST_GUILESS_MAIN(TestCheckpointTransfer)
#include "TestCheckpointTransfer.moc"
