#pragma once
// The macOS LaunchAgent of the `autostart` setting (AutostartMac.cpp uses it with
// ~/Library/LaunchAgents): a property list that launchd reads at login and that starts
// `<program> --minimized`. Built on every platform, with the folder a parameter, so the plist
// writing is tested on Linux (TestLaunchAgent); launchd itself is only on a Mac.
// A file of that name we did not write (no "managed by IdleForge" comment) is left alone.
#include "base/Error.h"

#include <QByteArray>
#include <QString>

namespace idleforge::platform {

inline constexpr const char *kLaunchAgentLabel = "io.idleforge.IdleForge";

// <folder>/io.idleforge.IdleForge.plist
QString launchAgentPath(const QString &folder);
// The property list: Label, ProgramArguments [program, --minimized], RunAtLoad, ProcessType
// Interactive; XML-escaped, so any path is safe.
QByteArray launchAgentPlist(const QString &program);
// Writes (atomically, creating the folder) or removes our plist.
// Errors: platform.autostart (the folder or the file cannot be written or removed).
Result<void> setLaunchAgent(const QString &folder, bool enabled, const QString &program);
bool launchAgentEnabled(const QString &folder);

} // namespace idleforge::platform
