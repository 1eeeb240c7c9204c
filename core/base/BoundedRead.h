#pragma once
// Reading a whole file, device or pipe with a bound on the bytes actually read. A size check
// on QFile::size() is no bound: /dev/zero, FIFOs, pipes and stdin all report 0 and never end.
#include "base/Error.h"

#include <QByteArray>

class QFile;
class QIODevice;

namespace idleforge {

// Reads `device` (open for reading) to its end. Errors: io.too_large when it holds more than
// `limit` bytes (at most limit + 1 are read to find out), io.read_failed when a read fails.
// The messages name no file: callers say which one.
Result<QByteArray> readAtMost(QIODevice &device, qint64 limit);

// Opens `file` (by its fileName()) for reading only where it is a regular file: a FIFO, a device
// or a folder of that name is refused (io.not_regular) without blocking, where QFile::open would
// wait for a FIFO's writer. For the app's own files (wallet, secrets, stored blobs); a path the
// user names may well be a pipe. io.open_failed when it cannot be opened.
Result<void> openRegularFile(QFile &file);

// "more than 16 MiB" style size for messages.
QString byteLimitText(qint64 bytes);

} // namespace idleforge
