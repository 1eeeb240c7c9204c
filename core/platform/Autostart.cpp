#include "platform/Autostart.h"

#include "base/SafeFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace idleforge::platform {

namespace {
constexpr qint64 kMaxEntryBytes = 64 * 1024;

// Exec= quoting of the Desktop Entry Specification: a path with spaces or specials in quotes.
QString quotedExec(const QString &program)
{
    QString escaped = program;
    for (const QChar c : {QLatin1Char('\\'), QLatin1Char('"'), QLatin1Char('`'), QLatin1Char('$')})
        escaped.replace(c, QStringLiteral("\\") + c);
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

bool ours(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(kMaxEntryBytes).contains("\nX-IdleForge-Managed=true");
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
    const QString path = autostartEntryPath();
    if (!enabled) {
        if (QFileInfo::exists(path) && ours(path) && !QFile::remove(path))
            return makeError("platform.autostart", QStringLiteral("cannot remove %1").arg(path));
        return {};
    }
    if (QFileInfo::exists(path) && !ours(path))
        return {}; // the user's own entry: theirs to keep
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError("platform.autostart", QStringLiteral("cannot create %1").arg(QFileInfo(path).absolutePath()));
    const QByteArray entry = QByteArrayLiteral("[Desktop Entry]\nType=Application\nName=IdleForge\n"
                                               "Comment=Earn with your idle GPU; starts minimized in the tray\nExec=") +
                             quotedExec(program).toUtf8() +
                             QByteArrayLiteral(" --minimized\nIcon=io.idleforge.IdleForge\nTerminal=false\n"
                                               "X-GNOME-Autostart-enabled=true\nX-IdleForge-Managed=true\n");
    if (auto w = writeFileReplacing(path, entry); !w)
        return makeError("platform.autostart", w.error().message);
    return {};
}

} // namespace idleforge::platform
