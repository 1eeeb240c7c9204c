#pragma once
// Reading a whole file, device or pipe with a bound on the bytes actually read. A size check
// on QFile::size() is no bound: /dev/zero, FIFOs, pipes and stdin all report 0 and never end.
#include "base/Error.h"

#include <QByteArray>

class QIODevice;

namespace idleforge {

// Reads `device` (open for reading) to its end. Errors: io.too_large when it holds more than
// `limit` bytes (at most limit + 1 are read to find out), io.read_failed when a read fails.
// The messages name no file: callers say which one.
Result<QByteArray> readAtMost(QIODevice &device, qint64 limit);

// "more than 16 MiB" style size for messages.
QString byteLimitText(qint64 bytes);

} // namespace idleforge
