// /proc and /sys facts on fake trees in a temporary directory (and the real /proc once):
// processes with Wine program names, Steam's RunningAppID in its three homes, hwmon and thermal
// zone temperatures, the power supply with a mouse's battery, and other processes' CPU share.
// And ProcessTable: a known pid's command line is not read again unless its comm changed.
#include "platform/ProcFs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge::platform;

class TestProcFs : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString put(const QString &rel, const QByteArray &content)
    {
        const QString path = m_dir.filePath(rel);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(content);
        return path;
    }

private Q_SLOTS:
    void processesWithTheirNames()
    {
        put(QStringLiteral("proc/100/comm"), "bash\n");
        put(QStringLiteral("proc/100/cmdline"), QByteArray("/bin/bash\0-l\0", 13));
        put(QStringLiteral("proc/200/comm"), "cs2.exe\n");
        put(QStringLiteral("proc/200/cmdline"), QByteArray("Z:\\games\\cs2\\cs2.exe\0-novid\0", 28));
        put(QStringLiteral("proc/self/comm"), "not a pid\n");
        QDir().mkpath(m_dir.filePath(QStringLiteral("proc/300"))); // gone: nothing readable
        const auto list = listProcesses(m_dir.filePath(QStringLiteral("proc")));
        QCOMPARE(list.size(), 2);
        const ProcessInfo &game = list[0].pid == 200 ? list[0] : list[1];
        QCOMPARE(game.program, QStringLiteral("cs2.exe"));
        QCOMPARE(game.commandLine, QStringLiteral("Z:\\games\\cs2\\cs2.exe -novid"));
        QCOMPARE(namesOf(game), QStringList{QStringLiteral("cs2.exe")});
        // The real /proc has this test in it.
        bool found = false;
        for (const ProcessInfo &p : listProcesses())
            found = found || p.pid == QCoreApplication::applicationPid();
        QVERIFY(found);
    }

    // ProcessTable reads a command line for a new pid and for one whose comm changed (an exec),
    // not for the others, and all of them at every fullEvery-th refresh.
    void processTableReadsOnlyWhatChanged()
    {
        const QString root = m_dir.filePath(QStringLiteral("table"));
        put(QStringLiteral("table/10/comm"), "bash\n");
        put(QStringLiteral("table/10/cmdline"), QByteArray("/bin/bash\0", 10));
        put(QStringLiteral("table/11/comm"), "sleep\n");
        put(QStringLiteral("table/11/cmdline"), QByteArray("sleep\0", 6));
        ProcessTable table(root, 4);
        QCOMPARE(table.refresh().size(), 2);
        QCOMPARE(table.commandLineReads(), 2);
        QCOMPARE(table.refresh().size(), 2); // nothing new: only the comms
        QCOMPARE(table.commandLineReads(), 2);
        put(QStringLiteral("table/10/comm"), "dota2\n"); // pid 10 exec'ed a game
        put(QStringLiteral("table/10/cmdline"), QByteArray("/games/dota2\0-high\0", 20));
        put(QStringLiteral("table/12/comm"), "cat\n");
        put(QStringLiteral("table/12/cmdline"), QByteArray("cat\0", 4));
        QList<ProcessInfo> list = table.refresh();
        QCOMPARE(table.commandLineReads(), 4);
        QCOMPARE(list.size(), 3);
        for (const ProcessInfo &p : list)
            if (p.pid == 10)
                QCOMPARE(p.commandLine, QStringLiteral("/games/dota2 -high"));
        put(QStringLiteral("table/11/cmdline"), QByteArray("sleep\0" "100\0", 10)); // an exec that kept the name
        QVERIFY(QDir(m_dir.filePath(QStringLiteral("table/12"))).removeRecursively());
        list = table.refresh(); // the 4th: not yet seen
        QCOMPARE(list.size(), 2);
        QCOMPARE(table.commandLineReads(), 4);
        list = table.refresh(); // the 5th: every command line again
        QCOMPARE(table.commandLineReads(), 6);
        for (const ProcessInfo &p : list)
            if (p.pid == 11)
                QCOMPARE(p.commandLine, QStringLiteral("sleep 100"));
    }

    void steamRunningAppInEachHome()
    {
        const QByteArray vdf = "\"Registry\"\n{\n\t\"HKCU\"\n\t{\n\t\t\"Software\"\n\t\t{\n\t\t\t\"Valve\"\n\t\t\t{\n\t\t\t\t\"Steam\"\n"
                               "\t\t\t\t{\n\t\t\t\t\t\"language\"\t\t\"english\"\n\t\t\t\t\t\"RunningAppID\"\t\t\"570\"\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t}\n}\n";
        QCOMPARE(parseRunningAppId(vdf), std::optional<qint64>(570));
        QCOMPARE(parseRunningAppId("\"Steam\" { \"language\" \"english\" }"), std::nullopt);
        put(QStringLiteral("native/.steam/registry.vdf"), vdf);
        QCOMPARE(steamRunningAppId(m_dir.filePath(QStringLiteral("native"))), std::optional<qint64>(570));
        put(QStringLiteral("flatpak/.var/app/com.valvesoftware.Steam/.steam/registry.vdf"), "\"RunningAppID\" \"0\"");
        QCOMPARE(steamRunningAppId(m_dir.filePath(QStringLiteral("flatpak"))), std::optional<qint64>(0));
        put(QStringLiteral("snap/snap/steam/common/.steam/registry.vdf"), "\"RunningAppID\"   \"1091500\"");
        QCOMPARE(steamRunningAppId(m_dir.filePath(QStringLiteral("snap"))), std::optional<qint64>(1091500));
        QCOMPARE(steamRunningAppId(m_dir.filePath(QStringLiteral("nosteam"))), std::nullopt);
    }

    void temperaturesFromHwmonAndZones()
    {
        put(QStringLiteral("sys/class/hwmon/hwmon0/name"), "coretemp\n");
        put(QStringLiteral("sys/class/hwmon/hwmon0/temp1_input"), "45000\n");
        put(QStringLiteral("sys/class/hwmon/hwmon0/temp2_input"), "61500\n");
        put(QStringLiteral("sys/class/hwmon/hwmon1/name"), "amdgpu\n");
        put(QStringLiteral("sys/class/hwmon/hwmon1/temp1_input"), "72000\n");
        put(QStringLiteral("sys/class/hwmon/hwmon2/name"), "nvme\n"); // a disk: neither
        put(QStringLiteral("sys/class/hwmon/hwmon2/temp1_input"), "90000\n");
        put(QStringLiteral("sys/class/hwmon/hwmon3/name"), "k10temp\n");
        put(QStringLiteral("sys/class/hwmon/hwmon3/temp1_input"), "0\n"); // not wired
        const Temperatures t = readTemperatures(m_dir.filePath(QStringLiteral("sys")));
        QCOMPARE(t.cpuC, std::optional<double>(61.5));
        QCOMPARE(t.gpuC, std::optional<double>(72.0));
        put(QStringLiteral("zones/class/thermal/thermal_zone0/type"), "acpitz\n");
        put(QStringLiteral("zones/class/thermal/thermal_zone0/temp"), "99000\n");
        put(QStringLiteral("zones/class/thermal/thermal_zone1/type"), "x86_pkg_temp\n");
        put(QStringLiteral("zones/class/thermal/thermal_zone1/temp"), "55000\n");
        const Temperatures z = readTemperatures(m_dir.filePath(QStringLiteral("zones")));
        QCOMPARE(z.cpuC, std::optional<double>(55.0));
        QCOMPARE(z.gpuC, std::nullopt);
        QCOMPARE(readTemperatures(m_dir.filePath(QStringLiteral("empty"))).cpuC, std::nullopt);
    }

    void powerSupply()
    {
        put(QStringLiteral("ac/class/power_supply/AC/type"), "Mains\n");
        put(QStringLiteral("ac/class/power_supply/AC/online"), "1\n");
        put(QStringLiteral("ac/class/power_supply/BAT0/type"), "Battery\n");
        put(QStringLiteral("ac/class/power_supply/BAT0/status"), "Charging\n");
        QCOMPARE(onBattery(m_dir.filePath(QStringLiteral("ac"))), std::optional<bool>(false));
        put(QStringLiteral("ac/class/power_supply/AC/online"), "0\n");
        QCOMPARE(onBattery(m_dir.filePath(QStringLiteral("ac"))), std::optional<bool>(true));
        // A desktop whose only battery is the mouse's.
        put(QStringLiteral("desk/class/power_supply/hidpp_battery_0/type"), "Battery\n");
        put(QStringLiteral("desk/class/power_supply/hidpp_battery_0/scope"), "Device\n");
        put(QStringLiteral("desk/class/power_supply/hidpp_battery_0/status"), "Discharging\n");
        QCOMPARE(onBattery(m_dir.filePath(QStringLiteral("desk"))), std::optional<bool>(false));
        // A laptop without a Mains entry: the battery's own status says.
        put(QStringLiteral("lap/class/power_supply/BAT1/type"), "Battery\n");
        put(QStringLiteral("lap/class/power_supply/BAT1/status"), "Discharging\n");
        QCOMPARE(onBattery(m_dir.filePath(QStringLiteral("lap"))), std::optional<bool>(true));
        QCOMPARE(onBattery(m_dir.filePath(QStringLiteral("none"))), std::nullopt);
    }

    // MemAvailable in bytes from a kernel's meminfo; a file without it, a garbled value or none
    // at all is unknown. The real /proc has one.
    void memoryAvailable()
    {
        put(QStringLiteral("mem/meminfo"), "MemTotal:       24578364 kB\nMemFree:         1203344 kB\n"
                                          "MemAvailable:   20480000 kB\nBuffers:          123456 kB\n");
        QCOMPARE(memoryAvailableBytes(m_dir.filePath(QStringLiteral("mem"))), std::optional<qint64>(qint64(20480000) * 1024));
        put(QStringLiteral("old/meminfo"), "MemTotal:       24578364 kB\nMemFree:         1203344 kB\n"); // before Linux 3.14
        QCOMPARE(memoryAvailableBytes(m_dir.filePath(QStringLiteral("old"))), std::nullopt);
        put(QStringLiteral("bad/meminfo"), "MemAvailable:   lots kB\n");
        QCOMPARE(memoryAvailableBytes(m_dir.filePath(QStringLiteral("bad"))), std::nullopt);
        put(QStringLiteral("pages/meminfo"), "MemAvailable:   20480000 pages\n");
        QCOMPARE(memoryAvailableBytes(m_dir.filePath(QStringLiteral("pages"))), std::nullopt);
        QCOMPARE(memoryAvailableBytes(m_dir.filePath(QStringLiteral("none"))), std::nullopt);
        const auto real = memoryAvailableBytes();
        QVERIFY(real.has_value());
        QVERIFY(*real > 0);
    }

    void otherProcessesCpuShare()
    {
        const QString root = m_dir.filePath(QStringLiteral("cpu"));
        const auto write = [&](const QByteArray &stat, quint64 utime, quint64 stime) {
            put(QStringLiteral("cpu/stat"), stat);
            put(QStringLiteral("cpu/42/stat"), "42 (idleforge work) S 1 42 42 0 -1 4194304 100 0 0 0 " + QByteArray::number(utime) +
                                                   ' ' + QByteArray::number(stime) + " 0 0 20 0 4 0 100 0 0\n");
        };
        CpuLoadMeter meter(10, root);
        write("cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3 4\n", 10, 10);
        meter.sample({42});
        QCOMPARE(meter.otherPercent(), std::nullopt);
        // +1000 jiffies in all, +400 busy of which +100 are our worker's: others 30 %.
        write("cpu  300 0 300 1400 0 0 0 0 0 0\n", 60, 60);
        meter.sample({42});
        QVERIFY(meter.otherPercent());
        QCOMPARE(*meter.otherPercent(), 30.0);
        // Real /proc: a number in range.
        CpuLoadMeter real;
        real.sample({});
        QTest::qWait(50);
        real.sample({});
        if (auto p = real.otherPercent())
            QVERIFY(*p >= 0.0 && *p <= 100.0);
    }
};

QTEST_GUILESS_MAIN(TestProcFs)
#include "TestProcFs.moc"
