// Steam's running app (the registry) and the power supply (see WinFacts.h).
#include "WinFacts.h"

#include <windows.h>

namespace idleforge::platform::win {

std::optional<std::int64_t> steamRunningAppId()
{
    DWORD value = 0;
    DWORD size = sizeof(value);
    // RRF_RT_REG_DWORD: anything else under that name (a string, a missing key) is an error.
    const LSTATUS rc = RegGetValueW(HKEY_CURRENT_USER, L"Software\\Valve\\Steam", L"RunningAppID", RRF_RT_REG_DWORD, nullptr, &value, &size);
    if (rc != ERROR_SUCCESS)
        return std::nullopt;
    return std::int64_t(value);
}

std::optional<bool> onBattery()
{
    SYSTEM_POWER_STATUS s{};
    if (!GetSystemPowerStatus(&s))
        return std::nullopt;
    if (s.BatteryFlag != 255 && (s.BatteryFlag & 128))
        return false; // no system battery: a desktop
    switch (s.ACLineStatus) {
    case 0:
        return true;
    case 1:
        return false;
    default: // 255: unknown
        return std::nullopt;
    }
}

} // namespace idleforge::platform::win
