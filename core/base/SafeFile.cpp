#include "base/SafeFile.h"

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace idleforge {

namespace {
Error writeError(const QString &path, const char *what, int err)
{
    return makeError("io.write", QStringLiteral("cannot %1 %2: %3").arg(QLatin1String(what), path, QString::fromLocal8Bit(std::strerror(err))));
}
} // namespace

bool writeAllToFd(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

Result<void> writeFileReplacing(const QString &path, const QByteArray &bytes, int mode)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray tmp = target + ".tmp-" + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const int fd = ::open(tmp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return writeError(path, "create a temp file for", errno);
    if (!writeAllToFd(fd, bytes) || ::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.constData());
        return writeError(path, "write", err);
    }
    ::close(fd);
    if (::rename(tmp.constData(), target.constData()) != 0) {
        const int err = errno;
        ::unlink(tmp.constData());
        return writeError(path, "replace", err);
    }
    return {};
}

} // namespace idleforge
