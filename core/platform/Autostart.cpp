#include "platform/Autostart.h"

#include "platform/ManagedFile.h"

#include <QDir>
#include <QFileInfo>

namespace idleforge::platform {

namespace {
const QByteArray kManaged = QByteArrayLiteral("\nX-IdleForge-Managed=true");

// Exec= quoting of the Desktop Entry Specification: a path with spaces or specials in quotes.
QString quotedExec(const QString &program)
{
    QString escaped = program;
    for (const QChar c : {QLatin1Char('\\'), QLatin1Char('"'), QLatin1Char('`'), QLatin1Char('$')})
        escaped.replace(c, QStringLiteral("\\") + c);
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}
} // namespace

QString autostartEntryPath()
{
    QString base = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.config");
    return base + QStringLiteral("/autostart/io.idleforge.IdleForge.desktop");
}

bool autostartEnabled()
{
    return QFileInfo::exists(autostartEntryPath());
}

Result<void> setAutostart(bool enabled, const QString &program)
{
    const QByteArray entry = QByteArrayLiteral("[Desktop Entry]\nType=Application\nName=IdleForge\n"
                                               "Comment=Earn with your idle GPU; starts minimized in the tray\nExec=") +
                             quotedExec(program).toUtf8() +
                             QByteArrayLiteral(" --minimized\nIcon=io.idleforge.IdleForge\nTerminal=false\n"
                                               "X-GNOME-Autostart-enabled=true\nX-IdleForge-Managed=true\n");
    return setManagedFile(autostartEntryPath(), enabled, kManaged, entry);
}

} // namespace idleforge::platform
