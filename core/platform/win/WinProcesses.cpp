// Processes (Toolhelp32), a process's image path and CPU time (see WinFacts.h).
#include "WinFacts.h"

#include <windows.h>
#include <tlhelp32.h>

namespace idleforge::platform::win {

namespace {
constexpr std::size_t kMaxProcesses = 65536; // a bound on what one snapshot can make us hold

std::string utf8(const wchar_t *s, int length)
{
    if (length <= 0)
        return {};
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, s, length, nullptr, 0, nullptr, nullptr);
    if (bytes <= 0)
        return {};
    std::string out(std::size_t(bytes), '\0');
    WideCharToMultiByte(CP_UTF8, 0, s, length, out.data(), bytes, nullptr, nullptr);
    return out;
}

struct Handle {
    HANDLE h;
    ~Handle()
    {
        if (h && h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
    }
};

std::uint64_t ticks(const FILETIME &t)
{
    return (std::uint64_t(t.dwHighDateTime) << 32) | t.dwLowDateTime;
}
} // namespace

std::vector<Process> listProcesses()
{
    std::vector<Process> out;
    const Handle snap{CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0)};
    if (snap.h == INVALID_HANDLE_VALUE)
        return out;
    PROCESSENTRY32W e{};
    e.dwSize = sizeof(e);
    for (BOOL more = Process32FirstW(snap.h, &e); more && out.size() < kMaxProcesses; more = Process32NextW(snap.h, &e)) {
        if (e.th32ProcessID == 0)
            continue; // the System Idle Process
        out.push_back({e.th32ProcessID, e.th32ParentProcessID, utf8(e.szExeFile, int(wcsnlen(e.szExeFile, MAX_PATH)))});
    }
    return out;
}

std::string processImagePath(std::uint32_t pid)
{
    const Handle p{OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid)};
    if (!p.h)
        return {};
    wchar_t path[MAX_PATH * 4];
    DWORD size = DWORD(std::size(path));
    if (!QueryFullProcessImageNameW(p.h, 0, path, &size))
        return {};
    return utf8(path, int(size));
}

std::optional<SystemTimes> systemTimes()
{
    FILETIME idle, kernel, user;
    if (!GetSystemTimes(&idle, &kernel, &user))
        return std::nullopt;
    SystemTimes t;
    t.total = ticks(kernel) + ticks(user);
    t.busy = t.total - std::min(t.total, ticks(idle));
    return t;
}

std::optional<std::uint64_t> processCpuTime(std::uint32_t pid)
{
    const Handle p{OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid)};
    if (!p.h)
        return std::nullopt;
    FILETIME created, exited, kernel, user;
    if (!GetProcessTimes(p.h, &created, &exited, &kernel, &user))
        return std::nullopt;
    return ticks(kernel) + ticks(user);
}

CpuLoad::CpuLoad(std::size_t windowSamples) : m_window(std::max<std::size_t>(2, windowSamples)) {}

void CpuLoad::sample(const std::vector<std::uint32_t> &ours)
{
    const auto machine = systemTimes();
    if (!machine)
        return;
    Sample s{*machine, {}};
    for (const std::uint32_t pid : ours)
        if (const auto t = processCpuTime(pid))
            s.ours.emplace_back(pid, *t);
    m_samples.push_back(std::move(s));
    if (m_samples.size() > m_window)
        m_samples.erase(m_samples.begin());
}

std::optional<double> CpuLoad::otherPercent() const
{
    if (m_samples.size() < 2)
        return std::nullopt;
    const Sample &a = m_samples.front(), &b = m_samples.back();
    if (b.machine.total <= a.machine.total)
        return std::nullopt;
    std::uint64_t ours = 0;
    for (const auto &[pid, now] : b.ours) {
        std::uint64_t before = 0; // a new worker: all of its time counts
        for (const auto &[oldPid, then] : a.ours)
            if (oldPid == pid)
                before = then;
        ours += now - std::min(now, before);
    }
    const std::uint64_t busy = b.machine.busy - std::min(b.machine.busy, a.machine.busy);
    const std::uint64_t other = busy - std::min(busy, ours);
    return 100.0 * double(other) / double(b.machine.total - a.machine.total);
}

} // namespace idleforge::platform::win
