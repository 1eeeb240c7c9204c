// The whole snapshot from fake sources: a /proc with a game, an exclusive app and our worker, a
// /sys with hot sensors and a battery, a HOME with Steam running an app, and the fake NVML (three
// compute processes, one of them ours). And FactsThread delivering snapshots to this thread.
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
};

QTEST_GUILESS_MAIN(TestFactsCollector)
#include "TestFactsCollector.moc"
