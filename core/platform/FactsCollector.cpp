#include "platform/FactsCollector.h"

#include "platform/DBusFacts.h"
#include "platform/DBusWatch.h"
#include "platform/GameDetector.h"
#include "platform/Nvml.h"
#include "platform/ProcFs.h"
#include "platform/X11Session.h"


#include <time.h>

namespace idleforge::platform {

qint64 threadCpuNs()
{
    timespec t{};
    if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0)
        return 0;
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

namespace {
// Adds the thread CPU time of its scope to one provider's cost.
class Costed {
public:
    Costed(ProviderCosts &costs, const char *provider) : m_cost(costs[QLatin1String(provider)]), m_start(threadCpuNs()) {}
    ~Costed()
    {
        m_cost.cpuNs += threadCpuNs() - m_start;
        ++m_cost.calls;
    }
    Costed(const Costed &) = delete;
    Costed &operator=(const Costed &) = delete;

private:
    ProviderCost &m_cost;
    qint64 m_start;
};
} // namespace

FactsCollector::FactsCollector(FactsSources sources, const Clock &clock)
    : m_sources(std::move(sources)), m_clock(clock),
      m_games(std::make_unique<GameDetector>(GameDetector::loadGamesList(m_sources.gamesFile))),
      m_processes(std::make_unique<ProcessTable>(m_sources.procRoot)), m_cpu(std::make_unique<CpuLoadMeter>(10, m_sources.procRoot))
{
    if (m_sources.x11Display != QLatin1String("-"))
        m_x11 = X11Session::open(m_sources.x11Display);
    if (!m_sources.nvmlLibrary.isEmpty()) {
        m_nvml = std::make_unique<Nvml>(m_sources.nvmlLibrary);
        if (!m_nvml->isAvailable())
            m_nvml.reset();
    }
    if (m_sources.dbus) {
        Costed cost(m_costs, "dbus");
        m_dbus = std::make_unique<DBusWatch>(QDBusConnection::sessionBus(), QDBusConnection::systemBus());
    }
}

FactsCollector::~FactsCollector() = default;

policy::Facts FactsCollector::collect(const QSet<qint64> &workers, const QStringList &exclusiveApps, bool hasGpu)
{
    const QSet<qint64> ours = withThisProcess(workers);
    policy::Facts f;
    f.hasGpu = hasGpu;
    collectInput(f);
    QList<ProcessInfo> processes;
    {
        Costed cost(m_costs, "processes");
        processes = m_processes->refresh();
    }
    std::optional<qint64> steamApp;
    {
        Costed cost(m_costs, "steam");
        steamApp = steamRunningAppId(m_sources.home);
    }
    {
        Costed cost(m_costs, "game_scan");
        scanGames(f, processes, exclusiveApps, steamApp, ours);
    }
    {
        Costed cost(m_costs, "cpu_load");
        m_cpu->sample(QList<qint64>(ours.begin(), ours.end()));
        f.otherCpuPercent = m_cpu->otherPercent();
    }
    {
        Costed cost(m_costs, "temperatures");
        const Temperatures t = readTemperatures(m_sources.sysRoot);
        f.cpuTempC = t.cpuC;
        f.gpuTempC = t.gpuC;
    }
    collectGpu(f, ours);
    if (m_dbus) { // what the change signals said (DBusWatch): no call here
        f.mediaPlaying = m_dbus->mediaPlaying();
        f.onBattery = m_dbus->onBattery();
    }
    if (!f.onBattery) {
        Costed cost(m_costs, "power_supply");
        f.onBattery = onBattery(m_sources.sysRoot);
    }
    return f;
}

std::optional<qint64> FactsCollector::inputIdleMs()
{
    Costed cost(m_costs, "input_check");
    return m_x11 ? m_x11->inputIdleMs() : std::nullopt;
}

bool FactsCollector::newGameStarted(const QSet<qint64> &workers, const QStringList &exclusiveApps)
{
    Costed cost(m_costs, "game_check");
    // The newest pid the kernel handed out (/proc/loadavg's last field): unchanged, and no pid
    // waiting for its second look, means no process started since, and the readdir is skipped.
    const std::optional<qint64> newest = newestPid(m_sources.procRoot);
    if (newest && newest == m_newestPid && m_oldPids && m_freshPids.isEmpty())
        return false;
    m_newestPid = newest;
    const QList<qint64> pids = listPids(m_sources.procRoot);
    if (!m_oldPids) {
        m_oldPids = QSet<qint64>(pids.begin(), pids.end());
        return false;
    }
    QList<ProcessInfo> young;
    QSet<qint64> fresh;
    for (qint64 pid : pids) {
        if (m_oldPids->contains(pid) || workers.contains(pid))
            continue;
        if (!m_freshPids.contains(pid))
            fresh.insert(pid);
        if (auto p = readProcess(m_sources.procRoot, pid))
            young.append(*p);
    }
    m_oldPids = QSet<qint64>(pids.begin(), pids.end()) - fresh;
    m_freshPids = std::move(fresh);
    return anyGame(young, exclusiveApps, workers);
}

void FactsCollector::collectInput(policy::Facts &f)
{
    if (m_x11) {
        Costed cost(m_costs, "x11");
        f.inputIdleMs = m_x11->inputIdleMs();
        f.fullscreen = m_x11->activeWindowFullscreen();
    }
    if (!m_sources.dbus)
        return;
    Costed cost(m_costs, "dbus");
    if (!f.inputIdleMs)
        f.inputIdleMs = sessionIdleMs(QDBusConnection::sessionBus());
    if (!f.inputIdleMs)
        f.inputIdleMs = logindIdleMs(QDBusConnection::systemBus(), m_clock.msecsSinceEpoch());
    f.screenLocked = m_dbus && m_dbus->screenLocked().value_or(false);
}

void FactsCollector::collectGpu(policy::Facts &f, const QSet<qint64> &ours)
{
    if (!m_nvml)
        return;
    Costed cost(m_costs, "nvml");
    const NvmlSnapshot s = m_nvml->snapshot();
    int others = 0;
    bool known = false;
    for (const NvmlGpu &g : s.gpus) {
        if (g.temperatureC && (!f.gpuTempC || *g.temperatureC > *f.gpuTempC))
            f.gpuTempC = double(*g.temperatureC);
        // Either list may be refused (no permission for graphics processes is common): what one
        // of them shows still counts.
        if (!g.processesKnown && g.processes.isEmpty())
            continue;
        known = true;
        for (const GpuProcess &p : g.processes)
            others += ours.contains(qint64(p.pid)) ? 0 : 1;
    }
    if (known)
        f.otherGpuProcesses = others;
}

} // namespace idleforge::platform
