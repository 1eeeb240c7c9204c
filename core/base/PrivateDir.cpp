#include "base/PrivateDir.h"

#include "base/Log.h"

#include <QDir>
#include <QFile>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace idleforge::paths {

Result<void> checkPrivateDir(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st {};
    const QByteArray native = QFile::encodeName(path);
    if (::lstat(native.constData(), &st) != 0)
        return makeError("base.unsafe_dir", QStringLiteral("cannot inspect %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if (S_ISLNK(st.st_mode))
        return makeError("base.unsafe_dir", QStringLiteral("%1 is a symbolic link, not a private directory").arg(path));
    if (!S_ISDIR(st.st_mode))
        return makeError("base.unsafe_dir", QStringLiteral("%1 is not a directory").arg(path));
    if (st.st_uid != ::geteuid())
        return makeError("base.unsafe_dir",
                         QStringLiteral("%1 belongs to uid %2, not to this user (uid %3)").arg(path).arg(st.st_uid).arg(::geteuid()));
    if ((st.st_mode & 07777) != 0700)
        return makeError("base.unsafe_dir", QStringLiteral("%1 has mode %2, not 0700").arg(path).arg(st.st_mode & 07777, 4, 8, QLatin1Char('0')));
    return {};
#else
    return QDir(path).exists() ? Result<void>() : makeError("base.unsafe_dir", QStringLiteral("%1 does not exist").arg(path));
#endif
}

Result<QString> privateRuntimeDir()
{
    const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!xdg.isEmpty()) {
        if (auto ok = checkPrivateDir(xdg); ok)
            return QDir::cleanPath(xdg);
        else
            qCWarning(lcBase).noquote() << "not using XDG_RUNTIME_DIR:" << ok.error().message;
    }
#ifdef Q_OS_UNIX
    const QString own = QDir::tempPath() + QStringLiteral("/idleforge-") + QString::number(::geteuid());
    // mkdir fails when the name exists (as anything, ours or not): the check below decides.
    if (::mkdir(QFile::encodeName(own).constData(), 0700) != 0 && errno != EEXIST)
        return makeError("base.unsafe_dir", QStringLiteral("cannot create %1: %2").arg(own, QString::fromLocal8Bit(std::strerror(errno))));
#else
    const QString own = QDir::tempPath() + QStringLiteral("/idleforge");
    QDir().mkpath(own);
#endif
    if (auto ok = checkPrivateDir(own); !ok)
        return ok.error();
    return own;
}

Result<QString> privateMemoryDir(const QString &shm)
{
#ifdef Q_OS_LINUX
    constexpr long kTmpfsMagic = 0x01021994; // TMPFS_MAGIC, linux/magic.h
    struct statfs fs {};
    if (::statfs(QFile::encodeName(shm).constData(), &fs) != 0 || long(fs.f_type) != kTmpfsMagic)
        return makeError("base.no_tmpfs", QStringLiteral("%1 is not a tmpfs (memory) file system").arg(shm));
    const QString own = QDir(shm).filePath(QStringLiteral("idleforge-") + QString::number(::geteuid()));
    if (::mkdir(QFile::encodeName(own).constData(), 0700) != 0 && errno != EEXIST)
        return makeError("base.unsafe_dir", QStringLiteral("cannot create %1: %2").arg(own, QString::fromLocal8Bit(std::strerror(errno))));
    if (auto ok = checkPrivateDir(own); !ok)
        return ok.error();
    return own;
#else
    return makeError("base.no_tmpfs", QStringLiteral("%1: memory folders are Linux only").arg(shm));
#endif
}

} // namespace idleforge::paths
