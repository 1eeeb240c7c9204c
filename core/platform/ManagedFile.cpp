#include "platform/ManagedFile.h"

#include "base/SafeFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace idleforge::platform {

namespace {
constexpr qint64 kMaxManagedBytes = 64 * 1024;
} // namespace

bool isManagedFile(const QString &path, const QByteArray &marker)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(kMaxManagedBytes).contains(marker);
}

Result<void> setManagedFile(const QString &path, bool enabled, const QByteArray &marker, const QByteArray &content)
{
    const bool exists = QFileInfo::exists(path);
    if (!enabled) {
        if (exists && isManagedFile(path, marker) && !QFile::remove(path))
            return makeError("platform.autostart", QStringLiteral("cannot remove %1").arg(path));
        return {};
    }
    if (exists && !isManagedFile(path, marker))
        return {}; // the user's own file: theirs to keep
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        return makeError("platform.autostart", QStringLiteral("cannot create %1").arg(folder));
    if (auto w = writeFileReplacing(path, content); !w)
        return makeError("platform.autostart", w.error().message);
    return {};
}

} // namespace idleforge::platform
