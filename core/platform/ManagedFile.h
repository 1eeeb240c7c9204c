#pragma once
// A file IdleForge owns by a marker inside it: the XDG autostart entry (Autostart.cpp) and the
// macOS LaunchAgent (LaunchAgent.cpp). Written atomically (its folder created) when `enabled`,
// removed when not; a file of that name without the marker is the user's and stays as it is
// either way.
#include "base/Error.h"

#include <QByteArray>
#include <QString>

namespace idleforge::platform {

// Whether `path` holds `marker` in its first 64 KiB.
bool isManagedFile(const QString &path, const QByteArray &marker);
// Errors: platform.autostart (the folder or the file cannot be written or removed).
Result<void> setManagedFile(const QString &path, bool enabled, const QByteArray &marker, const QByteArray &content);

} // namespace idleforge::platform
