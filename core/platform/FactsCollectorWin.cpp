// FactsCollector on Windows (compiled only there, see CMakeLists.txt): the same snapshot as the
// Linux FactsCollector.cpp, from the Win32 providers of platform/win/ (WinFacts.h). What Windows
// cannot tell without more machinery stays unknown: temperatures (no WMI here), media playing
// (the media session API is WinRT), other GPU processes (NVML is loaded with dlopen on Linux only).
#include "platform/FactsCollector.h"

#include "platform/GameDetector.h"
#include "platform/win/WinFacts.h"

#include <QHash>

#include <windows.h>

namespace idleforge::platform {

qint64 threadCpuNs()
{
    FILETIME created, exited, kernel, user;
    if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user))
        return 0;
    const auto ticks = [](const FILETIME &t) { return (qint64(t.dwHighDateTime) << 32) | qint64(t.dwLowDateTime); };
    return (ticks(kernel) + ticks(user)) * 100; // 100 ns units
}

struct FactsCollector::Win {
    win::CpuLoad cpu{10};
    // pid -> what we know of it; Windows has no exec, so a pid's image never changes while it
    // lives. Keyed with the exe name too, so a pid Windows reused since is read afresh.
    QHash<qint64, ProcessInfo> known;
    std::optional<QSet<qint64>> oldPids;

    QList<ProcessInfo> processes();
};

QList<ProcessInfo> FactsCollector::Win::processes()
{
    QList<ProcessInfo> out;
    QHash<qint64, ProcessInfo> now;
    for (const win::Process &p : win::listProcesses()) {
        const qint64 pid = qint64(p.pid);
        const QString exe = QString::fromStdString(p.exeName);
        auto it = known.constFind(pid);
        ProcessInfo info;
        if (it != known.cend() && it->comm == exe) {
            info = *it;
        } else {
            info.pid = pid;
            info.comm = exe;
            info.program = exe;
            // The image path stands in for the command line: the Steam library check looks
            // for steamapps\common in it.
            info.commandLine = QString::fromStdString(win::processImagePath(p.pid));
        }
        now.insert(pid, info);
        out.append(info);
    }
    known = std::move(now);
    return out;
}

FactsCollector::FactsCollector(FactsSources sources, const Clock &clock)
    : m_sources(std::move(sources)), m_clock(clock),
      m_games(std::make_unique<GameDetector>(GameDetector::loadGamesList(m_sources.gamesFile))), m_win(std::make_unique<Win>())
{
}

FactsCollector::~FactsCollector() = default;

policy::Facts FactsCollector::collect(const QSet<qint64> &workers, const QStringList &exclusiveApps, bool hasGpu)
{
    const QSet<qint64> ours = withThisProcess(workers);
    policy::Facts f;
    f.hasGpu = hasGpu;
    f.inputIdleMs = win::inputIdleMs();
    const win::Presentation p = win::presentation();
    f.fullscreen = p.fullscreen;
    f.screenLocked = p.screenLocked;
    const QList<ProcessInfo> processes = m_win->processes();
    QSet<qint64> pids;
    for (const ProcessInfo &info : processes)
        pids.insert(info.pid);
    if (!m_win->oldPids)
        m_win->oldPids = pids;
    scanGames(f, processes, exclusiveApps, win::steamRunningAppId(), ours);
    std::vector<std::uint32_t> ourPids;
    for (const qint64 pid : ours)
        ourPids.push_back(std::uint32_t(pid));
    m_win->cpu.sample(ourPids);
    f.otherCpuPercent = m_win->cpu.otherPercent();
    f.onBattery = win::onBattery();
    return f;
}

std::optional<qint64> FactsCollector::inputIdleMs()
{
    if (const auto idle = win::inputIdleMs())
        return qint64(*idle);
    return std::nullopt;
}

bool FactsCollector::newGameStarted(const QSet<qint64> &workers, const QStringList &exclusiveApps)
{
    // One Toolhelp32 snapshot; only pids not seen before are opened (their image path). A
    // Windows process has its image from its first moment (no fork-then-exec): one look is enough.
    const QList<ProcessInfo> all = m_win->processes();
    const bool first = !m_win->oldPids;
    QSet<qint64> pids;
    QList<ProcessInfo> young;
    for (const ProcessInfo &p : all) {
        pids.insert(p.pid);
        if (!first && !m_win->oldPids->contains(p.pid) && !workers.contains(p.pid))
            young.append(p);
    }
    m_win->oldPids = std::move(pids);
    return !first && anyGame(young, exclusiveApps, workers);
}

} // namespace idleforge::platform
