// Input idle time and presentation state from Win32 (see WinFacts.h).
#include "WinFacts.h"

#include <windows.h>
#include <shellapi.h>

namespace idleforge::platform::win {

std::optional<std::int64_t> inputIdleMs()
{
    LASTINPUTINFO info{};
    info.cbSize = sizeof(info);
    if (!GetLastInputInfo(&info))
        return std::nullopt;
    // Both are 32-bit tick counts: unsigned subtraction is right across the wrap.
    const DWORD now = GetTickCount();
    return std::int64_t(DWORD(now - info.dwTime));
}

Presentation presentation()
{
    Presentation p;
    QUERY_USER_NOTIFICATION_STATE state{};
    if (FAILED(SHQueryUserNotificationState(&state)))
        return p; // fullscreen unknown
    switch (state) {
    case QUNS_BUSY:                    // a full-screen application
    case QUNS_RUNNING_D3D_FULL_SCREEN: // an exclusive Direct3D game
    case QUNS_PRESENTATION_MODE:       // the user asked for presentation mode
        p.fullscreen = true;
        break;
    case QUNS_NOT_PRESENT: // lock screen, screen saver, fast user switching: no present user
        p.fullscreen = false;
        p.screenLocked = true;
        break;
    default: // QUNS_ACCEPTS_NOTIFICATIONS, QUNS_QUIET_TIME (a fresh login), QUNS_APP (a Store app)
        p.fullscreen = false;
        break;
    }
    return p;
}

} // namespace idleforge::platform::win
