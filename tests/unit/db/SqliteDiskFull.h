#pragma once
// A disk that fills up, as SQLite sees it: the unix VFS's write system calls (write, pwrite,
// pwrite64) are swapped through sqlite3_vfs::xSetSystemCall (the seam SQLite's own fault tests
// use) for ones that put at most `spaceLeft` more bytes on disk and then fail with ENOSPC. A
// write that does not fit is short (what fits, then ENOSPC), as on a real file system. Nothing in
// the code under test changes: SQLite meets the error where it would meet a full disk.
//
// Process-wide (every connection of every thread); one instance at a time; the destructor puts
// the real calls back. Only SQLite's own files are affected, never the test's other files.
#include <sqlite3.h>

#include <QtGlobal>

#include <algorithm>
#include <atomic>
#include <cerrno>

#include <sys/types.h>
#include <unistd.h>

namespace testutil {

class SqliteDiskFull {
public:
    static constexpr qint64 kUnlimited = -1;

    explicit SqliteDiskFull(qint64 spaceLeft = 0)
    {
        const bool another = s_active.exchange(true);
        Q_ASSERT(!another);
        Q_UNUSED(another);
        s_space = spaceLeft;
        s_refused = 0;
        m_vfs = sqlite3_vfs_find(nullptr); // the default one, which every connection here uses
        Q_ASSERT(m_vfs && m_vfs->iVersion >= 3);
        s_write = reinterpret_cast<WriteFn>(m_vfs->xGetSystemCall(m_vfs, "write"));
        s_pwrite = reinterpret_cast<PwriteFn>(m_vfs->xGetSystemCall(m_vfs, "pwrite"));
        s_pwrite64 = reinterpret_cast<PwriteFn>(m_vfs->xGetSystemCall(m_vfs, "pwrite64"));
        install("write", reinterpret_cast<sqlite3_syscall_ptr>(&fullWrite));
        install("pwrite", reinterpret_cast<sqlite3_syscall_ptr>(&fullPwrite));
        install("pwrite64", reinterpret_cast<sqlite3_syscall_ptr>(&fullPwrite64));
    }
    ~SqliteDiskFull()
    {
        m_vfs->xSetSystemCall(m_vfs, nullptr, nullptr); // every call back to its default
        s_active = false;
    }
    SqliteDiskFull(const SqliteDiskFull &) = delete;
    SqliteDiskFull &operator=(const SqliteDiskFull &) = delete;

    void setSpaceLeft(qint64 bytes) { s_space = bytes; }
    void makeSpace() { s_space = kUnlimited; } // someone freed the disk
    qint64 refusedWrites() const { return s_refused; } // calls that failed or came up short

private:
    using WriteFn = ssize_t (*)(int, const void *, size_t);
    using PwriteFn = ssize_t (*)(int, const void *, size_t, off_t);

    void install(const char *name, sqlite3_syscall_ptr fn)
    {
        // A call this SQLite build does not have (e.g. pwrite64 on some platforms) is left alone.
        if (m_vfs->xGetSystemCall(m_vfs, name))
            m_vfs->xSetSystemCall(m_vfs, name, fn);
    }

    // How much of `n` bytes may be written now (and takes it from the space left); -1: none.
    static ssize_t take(size_t n)
    {
        if (n == 0)
            return 0;
        for (;;) {
            qint64 left = s_space.load();
            if (left < 0)
                return ssize_t(n);
            const qint64 now = std::min<qint64>(left, qint64(n));
            if (now == 0) {
                ++s_refused;
                errno = ENOSPC;
                return -1;
            }
            if (s_space.compare_exchange_weak(left, left - now)) {
                if (now < qint64(n))
                    ++s_refused;
                return ssize_t(now);
            }
        }
    }
    static ssize_t fullWrite(int fd, const void *buf, size_t n)
    {
        const ssize_t allowed = take(n);
        return allowed < 0 ? -1 : s_write(fd, buf, size_t(allowed));
    }
    static ssize_t fullPwrite(int fd, const void *buf, size_t n, off_t at)
    {
        const ssize_t allowed = take(n);
        return allowed < 0 ? -1 : s_pwrite(fd, buf, size_t(allowed), at);
    }
    static ssize_t fullPwrite64(int fd, const void *buf, size_t n, off_t at)
    {
        const ssize_t allowed = take(n);
        return allowed < 0 ? -1 : s_pwrite64(fd, buf, size_t(allowed), at);
    }

    sqlite3_vfs *m_vfs = nullptr;
    static inline std::atomic<bool> s_active{false};
    static inline std::atomic<qint64> s_space{kUnlimited};
    static inline std::atomic<qint64> s_refused{0};
    static inline WriteFn s_write = nullptr;
    static inline PwriteFn s_pwrite = nullptr;
    static inline PwriteFn s_pwrite64 = nullptr;
};

} // namespace testutil
