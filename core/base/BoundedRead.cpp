#include "base/BoundedRead.h"

#include <QIODevice>

#include <algorithm>

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

QString byteLimitText(qint64 bytes)
{
    if (bytes >= (qint64(1) << 20) && bytes % (qint64(1) << 20) == 0)
        return QStringLiteral("%1 MiB").arg(bytes >> 20);
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes >> 10);
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace idleforge
