#pragma once
// Writing a file inside a folder someone else may have planted things in (a job folder): the
// new content goes to a fresh temp file (O_CREAT | O_EXCL | O_NOFOLLOW), is synced and renamed
// over the name. A symlink at the name is replaced, never followed, so a linked result file
// cannot overwrite its target. (QSaveFile resolves a symlink and writes through it.)
#include "base/Error.h"

#include <QByteArray>
#include <QString>

namespace idleforge {

// Writes all of `bytes` to `fd`, retrying short writes and EINTR; false on an error (errno set).
bool writeAllToFd(int fd, const QByteArray &bytes);

// Fails with "io.write" naming the file.
Result<void> writeFileReplacing(const QString &path, const QByteArray &bytes, int mode = 0644);

} // namespace idleforge
