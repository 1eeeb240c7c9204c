// The `autostart` setting on Windows (compiled only there): the value "IdleForge" under
// HKCU\Software\Microsoft\Windows\CurrentVersion\Run, `"<program>" --minimized` (win/RunKey.h).
#include "platform/Autostart.h"

#include "platform/win/RunKey.h"

#include <QDir>

namespace idleforge::platform {

namespace {
const std::string kValue = "IdleForge";
} // namespace

QString autostartEntryPath()
{
    return QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\IdleForge");
}

bool autostartEnabled()
{
    return win::readRunValue(kValue).has_value();
}

Result<void> setAutostart(bool enabled, const QString &program)
{
    std::string error;
    const bool done = enabled ? win::writeRunValue(kValue, win::runCommand(QDir::toNativeSeparators(program).toStdString(), "--minimized"), error)
                              : win::deleteRunValue(kValue, error);
    if (!done)
        return makeError("platform.autostart", QStringLiteral("%1: %2").arg(autostartEntryPath(), QString::fromStdString(error)));
    return {};
}

} // namespace idleforge::platform
