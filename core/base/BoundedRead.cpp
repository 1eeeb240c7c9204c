#include "base/BoundedRead.h"

#include <QFile>
#include <QIODevice>

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifndef Q_OS_WIN
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace idleforge {

Result<QByteArray> readAtMost(QIODevice &device, qint64 limit)
{
    constexpr qint64 kChunk = 64 * 1024;
    QByteArray bytes;
    while (true) {
        const qint64 want = std::min(kChunk, limit + 1 - qint64(bytes.size()));
        const qsizetype at = bytes.size();
        bytes.resize(at + qsizetype(want));
        const qint64 got = device.read(bytes.data() + at, want);
        if (got < 0)
            return makeError("io.read_failed", QStringLiteral("read failed: %1").arg(device.errorString()));
        bytes.resize(at + qsizetype(got));
        if (bytes.size() > limit)
            return makeError("io.too_large", QStringLiteral("more than %1").arg(byteLimitText(limit)));
        // 0 bytes: the end (a regular file), or nothing more from a sequential device that
        // has closed; waitForReadyRead is how a socket-like device would say more is coming.
        if (got == 0 && (device.atEnd() || !device.waitForReadyRead(-1)))
            return bytes;
    }
}

Result<void> openRegularFile(QFile &file)
{
#ifdef Q_OS_WIN
    if (!file.open(QIODevice::ReadOnly))
        return makeError("io.open_failed", file.errorString());
    return {};
#else
    const int fd = ::open(QFile::encodeName(file.fileName()).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return makeError("io.open_failed", QString::fromLocal8Bit(std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError("io.not_regular", QStringLiteral("not a regular file"));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return makeError("io.open_failed", file.errorString());
    }
    return {};
#endif
}

QString byteLimitText(qint64 bytes)
{
    if (bytes >= (qint64(1) << 20) && bytes % (qint64(1) << 20) == 0)
        return QStringLiteral("%1 MiB").arg(bytes >> 20);
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes >> 10);
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace idleforge
