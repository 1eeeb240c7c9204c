#pragma once
// Windows fact providers (issue 14), plain Win32 and C++20, no Qt: compiled only on Windows, and
// here by installer/check-windows-sources.sh with mingw-w64 (the Qt build for Windows cannot be
// made on this machine). FactsCollectorWin.cpp turns them into policy::Facts. Every function says
// "unknown" (an empty optional) when Windows cannot tell, never a guess. Strings are UTF-8.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idleforge::platform::win {

// Milliseconds since the session's last keyboard or mouse input (GetLastInputInfo); the tick
// counter is 32 bits, so the difference is taken modulo 2^32 (it wraps every 49.7 days).
std::optional<std::int64_t> inputIdleMs();

// What Windows itself tells about the user's presentation state (SHQueryUserNotificationState).
struct Presentation {
    std::optional<bool> fullscreen; // a full-screen app, a Direct3D exclusive game or presentation mode
    bool screenLocked = false;      // the lock screen or the screen saver is up ("not present")
};
Presentation presentation();

struct Process {
    std::uint32_t pid = 0;
    std::uint32_t parentPid = 0;
    std::string exeName; // "cs2.exe", as Toolhelp32 gives it
};
// Every process (a Toolhelp32 snapshot); empty when the snapshot fails.
std::vector<Process> listProcesses();
// The full path of a process's image (QueryFullProcessImageNameW), empty when it is gone or not
// ours to open. The Steam library check (steamapps\common) needs the path; read it once a pid.
std::string processImagePath(std::uint32_t pid);

// Steam's RunningAppID (HKCU\Software\Valve\Steam, a DWORD; 0: none); nullopt without Steam.
std::optional<std::int64_t> steamRunningAppId();

// On battery: true when the AC line is off and there is a system battery, false on mains or a
// machine without one, nullopt when Windows does not know (GetSystemPowerStatus).
std::optional<bool> onBattery();

// CPU times in 100 ns units: the whole machine (GetSystemTimes) and some processes (GetProcessTimes).
struct SystemTimes {
    std::uint64_t busy = 0;  // kernel + user - idle, all CPUs
    std::uint64_t total = 0; // kernel + user, all CPUs (kernel time includes the idle time)
};
std::optional<SystemTimes> systemTimes();
// kernel + user time of a process; nullopt when it is gone or not ours to open.
std::optional<std::uint64_t> processCpuTime(std::uint32_t pid);

// Other processes' share of all CPUs over a window of samples, like the Linux CpuLoadMeter:
// the machine's busy time minus `ours`, over its total.
class CpuLoad {
public:
    explicit CpuLoad(std::size_t windowSamples = 10);
    void sample(const std::vector<std::uint32_t> &ours);
    std::optional<double> otherPercent() const; // nullopt until two samples

private:
    struct Sample {
        SystemTimes machine;
        std::vector<std::pair<std::uint32_t, std::uint64_t>> ours; // pid -> its CPU time so far
    };
    std::size_t m_window;
    std::vector<Sample> m_samples; // oldest first, at most m_window
};

} // namespace idleforge::platform::win
