// The whole snapshot from fake sources: a /proc with a game, an exclusive app and our worker, a
// /sys with hot sensors and a battery, a HOME with Steam running an app, and the fake NVML (three
// compute processes, one of them ours). And FactsThread delivering snapshots to this thread, and
// the fast game check: only new pids read, a game among them bringing the next snapshot forward,
// and no readdir at all while /proc/loadavg's newest pid stays the same.
#include "platform/FactsCollector.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::platform;

class TestFactsCollector : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    void put(const QString &rel, const QByteArray &content)
    {
        const QString path = m_dir.filePath(rel);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
    }

    FactsSources sources() const
    {
        FactsSources s;
        s.home = m_dir.filePath(QStringLiteral("home"));
        s.procRoot = m_dir.filePath(QStringLiteral("proc"));
        s.sysRoot = m_dir.filePath(QStringLiteral("sys"));
        s.gamesFile = m_dir.filePath(QStringLiteral("games.txt"));
        s.x11Display = QStringLiteral("-");
        s.dbus = false;
        s.nvmlLibrary = QStringLiteral(FAKE_NVML);
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        put(QStringLiteral("proc/stat"), "cpu  100 0 100 800 0 0 0 0\n");
        put(QStringLiteral("proc/10/comm"), "cs2.exe\n");
        put(QStringLiteral("proc/10/cmdline"), QByteArray("C:\\cs2.exe\0", 11));
        put(QStringLiteral("proc/11/comm"), "blender\n");
        put(QStringLiteral("proc/11/cmdline"), QByteArray("/usr/bin/blender\0", 17));
        put(QStringLiteral("proc/1000/comm"), "factorio\n"); // our worker, whatever it is called
        put(QStringLiteral("proc/1000/cmdline"), QByteArray("factorio\0", 9));
        put(QStringLiteral("sys/class/hwmon/hwmon0/name"), "k10temp\n");
        put(QStringLiteral("sys/class/hwmon/hwmon0/temp1_input"), "88000\n");
        put(QStringLiteral("sys/class/power_supply/BAT0/type"), "Battery\n");
        put(QStringLiteral("sys/class/power_supply/BAT0/status"), "Discharging\n");
        put(QStringLiteral("home/.steam/registry.vdf"), "\"RunningAppID\" \"620\"");
    }

    void oneSnapshotFromEverySource()
    {
        FactsCollector c(sources());
        policy::Facts f = c.collect({1000}, {QStringLiteral("blender")}, true);
        QVERIFY(f.hasGpu);
        QCOMPARE(f.gamesRunning, (QStringList{QStringLiteral("Steam app 620"), QStringLiteral("cs2.exe")}));
        QCOMPARE(f.exclusiveAppsRunning, QStringList{QStringLiteral("blender")});
        QCOMPARE(f.cpuTempC, std::optional<double>(88.0));
        QCOMPARE(f.gpuTempC, std::optional<double>(67.0)); // the fake NVML's hotter GPU
        QCOMPARE(f.otherGpuProcesses, std::optional<int>(2)); // 1000 is ours
        QCOMPARE(f.onBattery, std::optional<bool>(true));
        QCOMPARE(f.inputIdleMs, std::nullopt); // no X11, no D-Bus asked
        QCOMPARE(f.otherCpuPercent, std::nullopt); // one sample so far
        put(QStringLiteral("proc/stat"), "cpu  200 0 200 1400 0 0 0 0\n");
        f = c.collect({1000}, {}, true);
        QCOMPARE(f.otherCpuPercent, std::optional<double>(25.0));
        QVERIFY(f.exclusiveAppsRunning.isEmpty());
    }

    void threadDeliversSnapshots()
    {
        FactsThread t(sources(), 50);
        t.setOurPids({1000});
        t.setHasGpu(true);
        QSignalSpy spy(&t, &FactsThread::collected);
        t.start();
        QVERIFY(spy.wait(5000));
        QVERIFY(QTest::qWaitFor([&] { return spy.size() >= 3; }, 5000));
        const auto f = spy.last().first().value<policy::Facts>();
        QCOMPARE(f.otherGpuProcesses, std::optional<int>(2));
    }

    // The fast game check reads only processes new since its last look, each at two looks (the
    // first may catch it between fork and exec); old pids are not read again.
    void newGameStartedReadsOnlyNewProcesses()
    {
        FactsCollector c(sources());
        QVERIFY(!c.newGameStarted({1000}, {})); // learns 10, 11, 1000 (cs2.exe runs, but collect() says so)
        QVERIFY(!c.newGameStarted({1000}, {}));
        put(QStringLiteral("proc/20/comm"), "bash\n");
        put(QStringLiteral("proc/20/cmdline"), QByteArray("bash\0", 5));
        QVERIFY(!c.newGameStarted({1000}, {}));
        put(QStringLiteral("proc/20/comm"), "dota2\n"); // exec'ed after the first look
        put(QStringLiteral("proc/20/cmdline"), QByteArray("/games/dota2\0", 13));
        QVERIFY(c.newGameStarted({1000}, {}));
        put(QStringLiteral("proc/11/comm"), "factorio\n"); // an old pid is not read again
        QVERIFY(!c.newGameStarted({1000}, {}));
        put(QStringLiteral("proc/21/comm"), "blender\n");
        put(QStringLiteral("proc/21/cmdline"), QByteArray("/usr/bin/blender\0", 17));
        QVERIFY(c.newGameStarted({1000}, {QStringLiteral("blender")})); // an exclusive app
        put(QStringLiteral("proc/1001/comm"), "dota2\n"); // our own worker is never a game
        QVERIFY(!c.newGameStarted({1000, 1001}, {}));
        QVERIFY(!c.newGameStarted({1000, 1001}, {}));
        for (const char *gone : {"proc/20", "proc/21", "proc/1001"})
            QVERIFY(QDir(m_dir.filePath(QLatin1String(gone))).removeRecursively());
        put(QStringLiteral("proc/11/comm"), "blender\n");
    }

    // While /proc/loadavg's newest pid stays the same, no process started: the check does not
    // even list /proc (a game planted without a new pid is not seen); once it moves, it does.
    void newGameCheckSkipsTheReaddirWhileNoPidIsNew()
    {
        put(QStringLiteral("proc/loadavg"), "0.10 0.20 0.30 1/90 500\n");
        FactsCollector c(sources());
        QVERIFY(!c.newGameStarted({1000}, {}));
        put(QStringLiteral("proc/40/comm"), "dota2\n");
        put(QStringLiteral("proc/40/cmdline"), QByteArray("/games/dota2\0", 13));
        QVERIFY(!c.newGameStarted({1000}, {})); // skipped: the newest pid did not move
        put(QStringLiteral("proc/loadavg"), "0.10 0.20 0.30 1/91 501\n");
        QVERIFY(c.newGameStarted({1000}, {}));
        QVERIFY(QDir(m_dir.filePath(QStringLiteral("proc/40"))).removeRecursively());
        QVERIFY(QFile::remove(m_dir.filePath(QStringLiteral("proc/loadavg"))));
    }

    // A game that starts between snapshots brings the next snapshot forward: with a minute
    // between snapshots, the one naming the game still comes (kGameCheckMs after it started).
    void threadSnapshotsAtOnceWhenAGameStarts()
    {
        FactsThread t(sources(), 60 * 60 * 1000);
        t.setOurPids({1000});
        QSignalSpy spy(&t, &FactsThread::collected);
        t.start();
        QVERIFY(spy.wait(10000));
        QVERIFY(!spy.last().first().value<policy::Facts>().gamesRunning.contains(QStringLiteral("dota2")));
        // The thread learnt the pids there are before that first snapshot.
        put(QStringLiteral("proc/30/comm"), "dota2\n");
        put(QStringLiteral("proc/30/cmdline"), QByteArray("/games/dota2\0", 13));
        QVERIFY(QTest::qWaitFor([&] { return spy.size() >= 2; }, 30000));
        QVERIFY(spy.last().first().value<policy::Facts>().gamesRunning.contains(QStringLiteral("dota2")));
        QVERIFY(QDir(m_dir.filePath(QStringLiteral("proc/30"))).removeRecursively());
    }
};

QTEST_GUILESS_MAIN(TestFactsCollector)
#include "TestFactsCollector.moc"
