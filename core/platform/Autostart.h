#pragma once
// Start at login, minimized to the tray: the `autostart` setting. On Linux an XDG autostart
// entry ($XDG_CONFIG_HOME/autostart/io.idleforge.IdleForge.desktop, Exec=<program> --minimized),
// written atomically and removed when turned off; an entry we did not write (no X-IdleForge-Managed
// key) is left alone. Windows: the HKCU Run key (AutostartWin.cpp, win/RunKey.h); macOS: a
// LaunchAgent in ~/Library/LaunchAgents (AutostartMac.cpp, LaunchAgent.h). Each file is
// compiled only on its platform.
#include "base/Error.h"

#include <QString>

namespace idleforge::platform {

// The entry's path ($XDG_CONFIG_HOME, else ~/.config).
QString autostartEntryPath();
// Writes or removes the entry. `program`: the absolute path of the idleforge binary.
// Errors: platform.autostart (the file cannot be written or removed).
Result<void> setAutostart(bool enabled, const QString &program);
bool autostartEnabled();

} // namespace idleforge::platform
