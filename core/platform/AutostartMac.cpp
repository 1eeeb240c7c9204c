// The `autostart` setting on macOS (compiled only there): a LaunchAgent in
// ~/Library/LaunchAgents, which launchd reads at the next login (LaunchAgent.h writes it).
#include "platform/Autostart.h"

#include "platform/LaunchAgent.h"

#include <QDir>

namespace idleforge::platform {

namespace {
QString agentsFolder()
{
    return QDir::homePath() + QStringLiteral("/Library/LaunchAgents");
}
} // namespace

QString autostartEntryPath()
{
    return launchAgentPath(agentsFolder());
}

bool autostartEnabled()
{
    return launchAgentEnabled(agentsFolder());
}

Result<void> setAutostart(bool enabled, const QString &program)
{
    return setLaunchAgent(agentsFolder(), enabled, program);
}

} // namespace idleforge::platform
