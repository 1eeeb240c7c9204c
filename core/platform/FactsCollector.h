#pragma once
// One snapshot of policy::Facts from every provider there is (ProcFs, GameDetector, X11Session,
// DBusFacts, Nvml), and FactsThread, which takes one a second on a thread of its own so no
// /proc scan or D-Bus round trip ever runs on the GUI thread. Sources are injectable: tests
// point /proc, /sys, $HOME and the display at fakes or at a private Xvfb.
//
// Linux (FactsCollector.cpp): input idle time from X11 (MIT-SCREEN-SAVER) where there is an X
// display, else the compositor over D-Bus (GNOME on Wayland, KDE), else logind's IdleHint. Other
// GPU processes and the GPU temperature come from NVML, our own worker excluded.
// Windows (FactsCollectorWin.cpp, compiled only there): the Win32 providers of platform/win/.
#include "base/Clock.h"
#include "policy/Facts.h"

#include <QDir>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QMutex>

#include <atomic>
#include <memory>

class QThread;
class QTimer;

namespace idleforge::platform {

class GameDetector;
struct ProcessInfo;
class CpuLoadMeter;
class DBusWatch;
class ProcessTable;
class Nvml;
class X11Session;

struct FactsSources {
    QString home = QDir::homePath();
    QString procRoot = QStringLiteral("/proc");
    QString sysRoot = QStringLiteral("/sys");
    QString gamesFile;              // the user's games.txt (may not exist)
    QString x11Display;             // empty: $DISPLAY; "-": no X11
    bool dbus = true;
    QString nvmlLibrary = QStringLiteral("libnvidia-ml.so.1"); // empty: no NVML
};

// CPU time the facts thread spent on each provider since it started (thread CPU clock), for
// tests/bench/policy/BenchFactsThread: "x11", "processes" (the process list), "steam",
// "game_scan" (the games list against it), "cpu_load", "temperatures", "nvml", "dbus",
// "power_supply", "input_check" (the 100 ms check), "game_check" (the 250 ms one) and "thread"
// (all of the facts thread, its event loop included).
struct ProviderCost {
    qint64 cpuNs = 0;
    qint64 calls = 0;
};
using ProviderCosts = QMap<QString, ProviderCost>;
// This thread's CPU time so far, in nanoseconds (0 where the OS cannot tell).
qint64 threadCpuNs();

class FactsCollector {
public:
    explicit FactsCollector(FactsSources sources = {}, const Clock &clock = Clock::instance());
    ~FactsCollector();

    // `workers`: the worker's pids; they and this process are not a game and not "other" CPU
    // or GPU load.
    policy::Facts collect(const QSet<qint64> &workers, const QStringList &exclusiveApps, bool hasGpu);
    // The X11 input idle time alone (one round trip), for the fast input check; nullopt without X11.
    std::optional<qint64> inputIdleMs();
    // The fast game check: true when a process that started since the last look is a game or
    // an exclusive app. One readdir of /proc; only new pids are read (comm, cmdline), each at two
    // looks in a row (at the first it may still be between fork and exec). The first call only
    // learns the pids there are (collect() judges those). No readdir at all while the kernel's
    // newest pid (/proc/loadavg) is the one of the last look.
    bool newGameStarted(const QSet<qint64> &workers, const QStringList &exclusiveApps);
    // What each provider cost so far (see ProviderCost); FactsThread adds its own entries.
    ProviderCosts &costs() { return m_costs; }

private:
    // FactsCollectorCommon.cpp, for both platforms: `workers` and this process; the games and
    // exclusive apps among `processes` into `f`; whether `young` holds one (the fast check).
    static QSet<qint64> withThisProcess(const QSet<qint64> &workers);
    void scanGames(policy::Facts &f, const QList<ProcessInfo> &processes, const QStringList &exclusiveApps,
                   std::optional<qint64> steamApp, const QSet<qint64> &ours) const;
    bool anyGame(const QList<ProcessInfo> &young, const QStringList &exclusiveApps, const QSet<qint64> &workers) const;

    FactsSources m_sources;
    const Clock &m_clock;
    std::unique_ptr<GameDetector> m_games;
    ProviderCosts m_costs;
#if defined(Q_OS_WIN)
    // FactsCollectorWin.cpp: the Win32 providers of platform/win/ (procRoot, sysRoot, the
    // display and D-Bus do not apply there).
    struct Win;
    std::unique_ptr<Win> m_win;
#else
    void collectInput(policy::Facts &f);
    void collectGpu(policy::Facts &f, const QSet<qint64> &ours);

    std::unique_ptr<ProcessTable> m_processes; // the snapshot's process list, kept between snapshots
    std::unique_ptr<CpuLoadMeter> m_cpu;
    std::unique_ptr<X11Session> m_x11;
    std::unique_ptr<Nvml> m_nvml;
    std::unique_ptr<DBusWatch> m_dbus; // media, battery, lock screen: from change signals
    std::optional<QSet<qint64>> m_oldPids; // seen at two looks or more
    QSet<qint64> m_freshPids;              // first seen at the last look
    std::optional<qint64> m_newestPid;     // /proc/loadavg's last pid at the last readdir
#endif
};

// Collects every `intervalMs` on its own thread and hands the facts to the thread that made it.
// Between snapshots it looks at the input idle time alone every kInputCheckMs (X11: one cheap
// round trip) and says at once when the user touched something (inputSeen), so a pause does not
// wait up to a second for the next snapshot; and every kGameCheckMs it looks at the processes
// started since (newGameStarted) and takes a snapshot at once when one is a game.
class FactsThread : public QObject {
    Q_OBJECT
public:
    explicit FactsThread(FactsSources sources = {}, int intervalMs = 1000, QObject *parent = nullptr);
    ~FactsThread() override;

    // What the next snapshots use; safe from any thread.
    void setOurPids(const QSet<qint64> &pids);
    void setExclusiveApps(const QStringList &apps);
    void setHasGpu(bool hasGpu);
    void start();
    // What the collection cost so far, per provider (a copy, safe from any thread).
    ProviderCosts costs() const;
    // True once the fast input check runs (X11): the idle time of the last snapshot then grows
    // with the clock until inputSeen says otherwise.
    bool watchesInput() const { return m_watchesInput.load(); }

    static constexpr int kInputCheckMs = 100;
    static constexpr int kGameCheckMs = 250;

Q_SIGNALS:
    void collected(const idleforge::policy::Facts &facts);
    void inputSeen(qint64 idleMs); // the idle counter went back: input since the last look

private:
    QThread *m_thread;
    QObject *m_worker; // lives in m_thread: the collector and its timer
    mutable QMutex m_mutex;
    QSet<qint64> m_ours;
    QStringList m_exclusive;
    bool m_hasGpu = false;
    ProviderCosts m_costs; // under m_mutex, copied from the collector's thread
    FactsSources m_sources;
    int m_intervalMs;
    std::atomic<bool> m_watchesInput = false;
};

} // namespace idleforge::platform

Q_DECLARE_METATYPE(idleforge::policy::Facts)
