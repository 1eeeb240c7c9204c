// The coordinator's disk stays flat (issue 13.1): on a real SQLite file and a real blob
// directory, the housekeeper deletes the blobs of settled tasks and games, keeps those an open
// task or game refers to and fresh uploads nothing names yet, and bounds the relay log and the
// event log.
#include "devnet/DevnetStore.h"
#include "devnet/Housekeeper.h"
#include "task/DatasetStore.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;

class TestHousekeeper : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<task::DatasetStore> blobs;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    QString blob(const char *text, qint64 ageMs)
    {
        auto e = blobs->putBytes(QByteArray(text).repeated(100));
        const QString hex = task::hashHex(e->hash);
        QFile f(blobs->pathOf(e->hash));
        [&] { QVERIFY(f.open(QIODevice::ReadWrite)); }();
        f.setFileTime(QDateTime::fromMSecsSinceEpoch(now - ageMs), QFileDevice::FileModificationTime);
        return hex;
    }
    qint64 taskWithData(const QString &hash, const QString &state)
    {
        NewTask t;
        t.spec = QJsonObject{{QStringLiteral("data"), QJsonObject{{QStringLiteral("hash"), hash}}}};
        t.specHash = hash;
        t.name = QStringLiteral("t");
        t.backend = QStringLiteral("repro");
        t.submitter = QStringLiteral("s");
        const qint64 id = store->addTask(t, now)->id;
        [&] { QVERIFY(store->setTaskState(id, state, now).ok()); }();
        return id;
    }
    qint64 gameWithBlob(qint64 task, const QString &state, const QString &hash, qint64 updatedMs)
    {
        GameRow g;
        g.kind = QStringLiteral("audit");
        g.taskId = task;
        g.solver = QStringLiteral("a");
        g.verifier = QStringLiteral("b");
        g.state = state;
        g.seed = QString(64, QLatin1Char('0'));
        g.samples = 4;
        g = *store->games().addGame(g, updatedMs);
        for (qint64 seq = 1; seq <= 3; ++seq) {
            RelayRow r{g.id, QStringLiteral("solver"), QStringLiteral("verifier"), seq, QJsonObject{{QStringLiteral("seq"), seq}},
                       seq == 1 ? hash : QString()};
            [&] { QVERIFY(*store->games().logRelay(r, updatedMs)); }();
        }
        return g.id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        blobs = std::make_unique<task::DatasetStore>(dir.filePath(QStringLiteral("blobs")));
    }

    void collectsWhatNothingOpenRefersTo()
    {
        const qint64 hour = 3'600'000, old = 2 * hour;
        const QString pooled = blob("pooled task's data", old), settled = blob("verified task's data", old);
        const QString openGame = blob("open audit's state", old), settledGame = blob("passed audit's state", old);
        const QString committed = blob("committed task's data", old), fresh = blob("fresh upload", 60'000);
        const QString orphan = blob("old upload nothing names", old);
        taskWithData(pooled, QStringLiteral("pooled"));
        taskWithData(committed, QStringLiteral("committed"));
        const qint64 done = taskWithData(settled, QStringLiteral("verified"));
        const qint64 auditing = taskWithData(QString(64, QLatin1Char('e')), QStringLiteral("verified"));
        const qint64 g1 = gameWithBlob(auditing, QStringLiteral("open"), openGame, now);
        const qint64 g2 = gameWithBlob(done, QStringLiteral("passed"), settledGame, now - hour);

        Housekeeper keeper(*store, blobs->dir(), Housekeeper::Options{});
        auto report = keeper.run(now);
        QVERIFY(report.ok());
        const auto has = [&](const QString &hex) { return blobs->contains(*crypto::hashFromHex(hex.toStdString())); };
        QVERIFY(has(pooled));
        QVERIFY(has(committed));
        QVERIFY(has(openGame));
        QVERIFY(has(fresh)); // within the grace: the message naming it may be on its way
        QVERIFY(!has(settled));
        QVERIFY(!has(settledGame));
        QVERIFY(!has(orphan));
        QCOMPARE(report->blobsDeleted, 3);
        QCOMPARE(report->blobsKept, 4);
        // The settled game's relay log is gone, the open game's kept.
        QCOMPARE(report->relayRows, 3);
        QCOMPARE(store->games().relayLog(g2)->size(), 0);
        QCOMPARE(store->games().relayLog(g1)->size(), 3);
        // A second run finds nothing more to do.
        report = keeper.run(now);
        QCOMPARE(report->blobsDeleted, 0);
        QCOMPARE(report->relayRows, 0);
    }

    void boundsTheEventLog()
    {
        QVERIFY(store->logEvent(QStringLiteral("refused"), QStringLiteral("n"), QStringLiteral("ancient"), 1).ok());
        for (int i = 0; i < 50; ++i) // ts now-100 .. now-51
            QVERIFY(store->logEvent(QStringLiteral("refused"), QStringLiteral("n"), QStringLiteral("x"), now - 100 + i).ok());
        Housekeeper::Options o;
        o.eventsKeep = 10;
        QVERIFY(Housekeeper(*store, {}, o).run(now).ok());
        QCOMPARE(*store->eventCount(QStringLiteral("refused")), qint64(10));
        o.eventsKeepMs = 55; // the age bound: ts now-55 .. now-51 stay
        QVERIFY(Housekeeper(*store, {}, o).run(now).ok());
        QCOMPARE(*store->eventCount(QStringLiteral("refused")), qint64(5));
    }
};

QTEST_GUILESS_MAIN(TestHousekeeper)
#include "TestHousekeeper.moc"
