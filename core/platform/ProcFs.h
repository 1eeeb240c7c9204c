#pragma once
// Facts read from Linux's /proc and /sys, each under a root that tests point at a fake tree:
// processes (for games and exclusive apps), Steam's running app, temperatures (hwmon, thermal
// zones), the power supply, and other processes' CPU share. Small files only, every read
// bounded (a /proc file reports size 0); a missing or unreadable file is "unknown", not an error.
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

namespace idleforge::platform {

struct ProcessInfo {
    qint64 pid = 0;
    QString comm;    // /proc/<pid>/comm (the kernel truncates it to 15 characters)
    QString program; // the file name of argv[0], '/' or '\' paths cut off (a Wine game's cs2.exe)
    QString commandLine; // argv joined by spaces, at most 4 KiB
};

// Every process under `procRoot` (default /proc) that can be read.
QList<ProcessInfo> listProcesses(const QString &procRoot = QStringLiteral("/proc"));
// The pids under `procRoot` (its numeric entries), no file read: one readdir.
QList<qint64> listPids(const QString &procRoot = QStringLiteral("/proc"));
// The pid the kernel handed out last (the last field of /proc/loadavg, in our pid namespace);
// nullopt when it cannot be read. A new process or thread changes it.
std::optional<qint64> newestPid(const QString &procRoot = QStringLiteral("/proc"));
// One process (comm, cmdline), nullopt when it is gone or not ours to read.
std::optional<ProcessInfo> readProcess(const QString &procRoot, qint64 pid);

// The processes, kept from one snapshot to the next so a snapshot reads little (issue 14's
// cost goal): one readdir of /proc, then for a pid seen before only its comm (one small file;
// an exec or prctl(PR_SET_NAME) changes it, so a launcher that execs a game under its own pid
// is still seen), its command line only when the pid is new or its comm changed. Every
// `fullEvery`-th refresh reads every command line again, so an exec that keeps the name
// (`python3 a.py` -> `python3 b.py`) is seen within that many snapshots. Plain open/read.
class ProcessTable {
public:
    explicit ProcessTable(QString procRoot = QStringLiteral("/proc"), int fullEvery = 10);
    QList<ProcessInfo> refresh(); // every process there is now
    qint64 commandLineReads() const { return m_commandLineReads; } // for tests

private:
    struct Entry {
        QByteArray comm; // as read, to compare
        ProcessInfo info;
    };
    QString m_root;
    int m_fullEvery;
    qint64 m_refreshes = 0;
    qint64 m_commandLineReads = 0;
    QHash<qint64, Entry> m_known;
};

// Names a process is known by, lower case: its comm and its program name.
QStringList namesOf(const ProcessInfo &p);

// Steam's RunningAppID (0: none) from the first registry.vdf found under `home`: the native
// client (~/.steam/registry.vdf), the Flatpak and the Snap one. nullopt: no Steam found.
std::optional<qint64> steamRunningAppId(const QString &home);
// The value of RunningAppID in a registry.vdf text (KeyValues), nullopt when absent.
std::optional<qint64> parseRunningAppId(const QByteArray &vdf);

struct Temperatures {
    std::optional<double> cpuC; // hottest CPU sensor
    std::optional<double> gpuC; // hottest GPU sensor the kernel drives (amdgpu, radeon, nouveau, i915)
};
// From /sys/class/hwmon and /sys/class/thermal under `sysRoot` (default /sys).
Temperatures readTemperatures(const QString &sysRoot = QStringLiteral("/sys"));

// True on battery, false on mains or a machine without a battery, nullopt unknown.
std::optional<bool> onBattery(const QString &sysRoot = QStringLiteral("/sys"));

// MemAvailable of `procRoot`/meminfo in bytes: what the kernel can hand to programs without
// swapping (page cache it can drop counts; tmpfs pages do not). nullopt when it cannot be read.
std::optional<qint64> memoryAvailableBytes(const QString &procRoot = QStringLiteral("/proc"));

// Other processes' share of all CPUs, averaged over a window of samples (10 s at 1 Hz): the
// whole machine's busy time from /proc/stat minus the time of `ours` (the worker and its
// threads, /proc/<pid>/stat), over the machine's total.
class CpuLoadMeter {
public:
    explicit CpuLoadMeter(int windowSamples = 10, QString procRoot = QStringLiteral("/proc"));
    void sample(const QList<qint64> &ours);
    std::optional<double> otherPercent() const; // nullopt until two samples
private:
    struct Sample {
        quint64 total = 0, busy = 0;
        QHash<qint64, quint64> ours; // pid -> its CPU time so far
    };
    std::optional<Sample> read(const QList<qint64> &ours) const;
    int m_window;
    QString m_root;
    std::deque<Sample> m_samples;
};

} // namespace idleforge::platform
