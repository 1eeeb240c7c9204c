#pragma once
// A directory only this user can reach, for local sockets. World-writable /tmp is not one:
// another local user could create our socket's name first and answer in our place.
#include "base/Error.h"

#include <QString>

namespace idleforge::paths {

// Ok when `path` is a directory (not a symlink to one), owned by this process's effective
// user, with mode 0700. Error base.unsafe_dir saying what is wrong.
Result<void> checkPrivateDir(const QString &path);

// $XDG_RUNTIME_DIR when it passes checkPrivateDir; else <temp>/idleforge-<uid>, created 0700
// when missing and then checked. Error base.unsafe_dir when that one fails the check too (for
// instance someone else created it first).
Result<QString> privateRuntimeDir();

// <shm>/idleforge-<uid> (shm: /dev/shm), created 0700 when missing and then checked as above,
// for files that should live in memory and never wear a disk (the node's extra checkpoints,
// node/JobFolders.h). Error base.unsafe_dir when the check fails, base.no_tmpfs when <shm> is not a
// tmpfs (its files would be written to a disk after all). `shm` is for tests.
Result<QString> privateMemoryDir(const QString &shm = QStringLiteral("/dev/shm"));

} // namespace idleforge::paths
