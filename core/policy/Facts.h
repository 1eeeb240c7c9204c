#pragma once
// What the machine looks like right now, as core/platform's providers report it: the only input
// of the policy engine. A fact a provider cannot tell (no X11, no NVML, no hwmon) is empty, and
// the rule that needs it says so instead of guessing (Decision::reasons).
#include <QString>
#include <QStringList>

#include <optional>

namespace idleforge::policy {

struct Facts {
    bool hasGpu = false; // the node has GPU work to give (a GPU backend and device); else GPU rules are moot
    std::optional<qint64> inputIdleMs; // since the user's last keyboard or mouse input
    bool screenLocked = false;          // a lock screen is no present user (and not "fullscreen")
    std::optional<bool> fullscreen;     // the active window on the active screen is fullscreen
    QStringList gamesRunning;           // e.g. "Steam app 570", "cs2.exe" (games list, Steam)
    QStringList exclusiveAppsRunning;   // processes named in the exclusive_apps setting
    QStringList mediaPlaying;           // players whose PlaybackStatus is Playing (MPRIS)
    std::optional<int> otherGpuProcesses;   // on our GPU, our worker excluded (NVML)
    std::optional<double> otherCpuPercent;  // other processes' share of all cores over 10 s, 0..100
    std::optional<double> cpuTempC;         // hottest CPU sensor (hwmon, thermal zones)
    std::optional<double> gpuTempC;         // hottest GPU (NVML)
    std::optional<bool> onBattery;          // UPower, else /sys/class/power_supply
};

} // namespace idleforge::policy
