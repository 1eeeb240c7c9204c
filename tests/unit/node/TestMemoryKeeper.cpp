// MemoryKeeper: the extra checkpoints' memory goes back when a game or an exclusive app blocks
// the work and when the machine's available memory (a meminfo file under a fake /proc) falls under
// the low water mark; it stays at any other pause and while memory is plentiful. The headroom for
// new extras is MemAvailable less twice the mark. Real files and folders, the real timer.
#include "node/MemoryKeeper.h"
#include "policy/PolicyEngine.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace idleforge;
using node::JobFolders;
using node::MemoryKeeper;

class TestMemoryKeeper : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    static void write(const QString &path, const QByteArray &bytes)
    {
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(bytes), bytes.size());
    }
    QString proc(const QString &name, qint64 availableKb)
    {
        const QString root = m_tmp.filePath(name);
        write(root + QStringLiteral("/meminfo"),
              QByteArrayLiteral("MemTotal:       25165824 kB\nMemFree:          100000 kB\nMemAvailable:   ") +
                  QByteArray::number(availableKb) + QByteArrayLiteral(" kB\n"));
        return root;
    }
    // A memory folder with its owner file and two twins of 3,000 bytes each.
    JobFolders folders(const QString &name)
    {
        const JobFolders f(m_tmp.filePath(name + QStringLiteral("/jobs")), m_tmp.filePath(name + QStringLiteral("/shm/0123456789abcdef")));
        write(QDir(f.ramDir()).filePath(QStringLiteral("owner")), f.dir().toUtf8());
        for (const QString &twin : {QStringLiteral("task-1-aaaa"), QStringLiteral("task-2-bbbb")})
            for (const QString &step : {QStringLiteral("step-0000000002.ckpt"), QStringLiteral("step-0000000004.ckpt")})
                write(QDir(f.ramDir()).filePath(twin + QStringLiteral("/checkpoints-repro/") + step), QByteArray(1500, 'x'));
        return f;
    }
    static int twinsIn(const JobFolders &f)
    {
        return int(QDir(f.ramDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void releaseDeletesEveryTwinAndSaysSo()
    {
        const JobFolders f = folders(QStringLiteral("release"));
        QStringList said;
        MemoryKeeper keeper(f, {qint64(1) << 20, 50, proc(QStringLiteral("plenty"), 20'000'000)},
                            [&](const QString &line) { said << line; });
        QCOMPARE(twinsIn(f), 2);
        keeper.release(QStringLiteral("Game running: dota2"));
        QVERIFY(QTest::qWaitFor([&] { return !said.isEmpty(); }, 10000));
        QCOMPARE(twinsIn(f), 0);
        QVERIFY(QFileInfo(QDir(f.ramDir()).filePath(QStringLiteral("owner"))).isFile()); // the folder stays ours
        QCOMPARE(said.size(), 1);
        QVERIFY2(said[0].contains(QLatin1String("dota2")) && said[0].contains(QLocale().formattedDataSize(6000)), qPrintable(said[0]));
        // Nothing left to give: nothing said.
        keeper.release(QStringLiteral("again"));
        QTest::qWait(300);
        QCOMPARE(said.size(), 1);
        keeper.stop(); // the node stops: the memory folder goes
        QVERIFY(!QFileInfo::exists(f.ramDir()));
    }

    // Polling: plenty of memory keeps the twins; under the mark they go.
    void shortMemoryGivesItBack()
    {
        const JobFolders f = folders(QStringLiteral("short"));
        QStringList said;
        const qint64 mark = qint64(1536) << 20; // 1.5 GiB
        {
            MemoryKeeper keeper(f, {mark, 20, proc(QStringLiteral("enough"), (mark >> 10) + 1024)}, [&](const QString &l) { said << l; });
            keeper.start();
            QTest::qWait(400); // twenty polls
            QCOMPARE(twinsIn(f), 2);
            QVERIFY(said.isEmpty());
        }
        MemoryKeeper keeper(f, {mark, 20, proc(QStringLiteral("low"), (mark >> 10) - 1024)}, [&](const QString &l) { said << l; });
        QTest::qWait(200);
        QCOMPARE(twinsIn(f), 2); // not started: no polls
        keeper.start();
        QVERIFY(QTest::qWaitFor([&] { return !said.isEmpty(); }, 10000));
        QCOMPARE(twinsIn(f), 0);
        QVERIFY2(said[0].contains(QLocale().formattedDataSize(mark)), qPrintable(said[0]));
    }

    // A node without a memory folder has nothing to give and never polls.
    void noMemoryFolderNoWork()
    {
        QStringList said;
        MemoryKeeper keeper(JobFolders(m_tmp.filePath(QStringLiteral("none/jobs"))), {qint64(1) << 40, 10, proc(QStringLiteral("tiny"), 1)},
                            [&](const QString &l) { said << l; });
        keeper.start();
        keeper.release(QStringLiteral("a game"));
        QTest::qWait(200);
        QVERIFY(said.isEmpty());
    }

    void headroomForNewExtras()
    {
        const qint64 mark = qint64(1) << 30;
        const MemoryKeeper roomy(JobFolders(QString()), {mark, 1000, proc(QStringLiteral("h1"), qint64(5) << 20)}, {});
        QCOMPARE(roomy.headroomBytes(), (qint64(5) << 30) - 2 * mark);
        const MemoryKeeper tight(JobFolders(QString()), {mark, 1000, proc(QStringLiteral("h2"), qint64(1) << 20)}, {});
        QCOMPARE(tight.headroomBytes(), 0);
        const MemoryKeeper unknown(JobFolders(QString()), {mark, 1000, m_tmp.filePath(QStringLiteral("no-proc"))}, {});
        QCOMPARE(unknown.headroomBytes(), std::numeric_limits<qint64>::max());
        const MemoryKeeper defaults(JobFolders(QString()), {}, {});
        QVERIFY(defaults.lowWaterBytes() >= qint64(512) << 20);
        QVERIFY(defaults.headroomBytes() >= 0);
    }

    void lowWaterOfAMachine()
    {
        QCOMPARE(MemoryKeeper::defaultLowWater(qint64(24) << 30), qint64(1536) << 20);
        QCOMPARE(MemoryKeeper::defaultLowWater(qint64(4) << 30), qint64(512) << 20);
    }

    // Which decisions want the memory back: a game or an exclusive app, whatever else blocks too.
    void gamesAndExclusiveAppsWantIt()
    {
        policy::Decision d;
        d.reasons = {{QStringLiteral("input"), QStringLiteral("You are using the computer")}};
        QVERIFY(MemoryKeeper::memoryWantedBy(d).isEmpty());
        d.reasons.append({QStringLiteral("game"), QStringLiteral("Game running: dota2")});
        QCOMPARE(MemoryKeeper::memoryWantedBy(d), QStringLiteral("Game running: dota2"));
        d.reasons = {{QStringLiteral("user_pause"), QStringLiteral("Paused")}, {QStringLiteral("exclusive_app"), QStringLiteral("blender is running")}};
        QCOMPARE(MemoryKeeper::memoryWantedBy(d), QStringLiteral("blender is running"));
        d.reasons = {{QStringLiteral("fullscreen"), QStringLiteral("A fullscreen window")}, {QStringLiteral("media"), QStringLiteral("Media playing")}};
        QVERIFY(MemoryKeeper::memoryWantedBy(d).isEmpty());
        QVERIFY(MemoryKeeper::memoryWantedBy(policy::Decision{}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMemoryKeeper)
#include "TestMemoryKeeper.moc"
