#include "compute/graph/Checkpoint.h"
#include "compute/graph/SavedCheckpoints.h"

#include "crypto/Blake3.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace idleforge::graph {

namespace {
// A file as writeCheckpoint writes it: the metadata (everything but the tensors' f32 data) copied
// into one small buffer and hashed as it goes (the trailer), the tensors' data written from where
// it lies. The state is most of a checkpoint (5.6 MB for the default gpt): a serialised copy of it
// was a fresh 5.6 MB buffer a write, and hashing it a pass the step's state hash had already made.
class Pieces {
public:
    void meta(const void *p, size_t n)
    {
        const auto *b = static_cast<const std::uint8_t *>(p);
        if (m_list.empty() || m_list.back().data)
            m_list.push_back({nullptr, m_buffer.size(), 0});
        m_list.back().size += n;
        m_buffer.insert(m_buffer.end(), b, b + n);
        m_trailer.update(std::span<const std::uint8_t>(b, n));
    }
    template <typename T> void pod(T v) { meta(&v, sizeof v); }
    void data(const void *p, size_t n)
    {
        if (n > 0)
            m_list.push_back({static_cast<const std::uint8_t *>(p), 0, n});
    }
    // Appends the trailer (after the last meta()) and returns the pieces in file order; they point
    // into this object and into the checkpoint's tensors.
    std::vector<std::span<const std::uint8_t>> seal()
    {
        const Hash256 trailer = m_trailer.finish();
        m_list.push_back({nullptr, m_buffer.size(), 32});
        m_buffer.insert(m_buffer.end(), trailer.begin(), trailer.end());
        std::vector<std::span<const std::uint8_t>> out;
        out.reserve(m_list.size());
        for (const Piece &piece : m_list)
            out.emplace_back(piece.data ? piece.data : m_buffer.data() + piece.offset, piece.size);
        return out;
    }

private:
    struct Piece {
        const std::uint8_t *data; // null: m_buffer[offset, offset + size)
        size_t offset;
        size_t size;
    };
    std::vector<std::uint8_t> m_buffer;
    std::vector<Piece> m_list;
    crypto::Blake3Hasher m_trailer;
};

// Everything before the trailer, in the layout of Checkpoint.h. The state hash is the one the
// writer passed, else computed here.
void serialise(Pieces &w, const Checkpoint &c)
{
    const Hash256 hashOfState = c.hashOfState ? *c.hashOfState : stateHash(c.state, /*parallel=*/false);
    w.meta(kCheckpointMagic, 8);
    w.meta(c.taskId.data(), 32);
    w.pod(std::int64_t(c.state.step));
    w.pod(std::uint32_t(c.state.tensors.size()));
    for (const auto &t : c.state.tensors) {
        w.pod(std::uint32_t(t.name.size()));
        w.meta(t.name.data(), t.name.size());
        w.pod(std::uint32_t(t.shape.size()));
        for (auto d : t.shape)
            w.pod(std::int64_t(d));
        w.data(t.data.data(), t.data.size() * 4);
    }
    w.pod(std::uint64_t(c.hashes.size()));
    for (const auto &h : c.hashes)
        w.meta(h.data(), 32);
    w.pod(std::uint64_t(c.losses.size()));
    w.meta(c.losses.data(), c.losses.size() * 4);
    w.meta(hashOfState.data(), 32);
}

std::string errnoText(const char *what, const std::string &path)
{
    return std::string(what) + " " + path + ": " + std::strerror(errno);
}

#ifdef IDLEFORGE_FAULT_INJECTION
std::atomic<std::int64_t> g_spaceLeft{-1};

ssize_t writeSome(int fd, const std::uint8_t *data, size_t n)
{
    for (std::int64_t left = g_spaceLeft.load(); left >= 0;) {
        const auto now = std::min<std::int64_t>(left, std::int64_t(n));
        if (now == 0) {
            errno = ENOSPC;
            return -1;
        }
        if (g_spaceLeft.compare_exchange_weak(left, left - now))
            return ::write(fd, data, size_t(now));
    }
    return ::write(fd, data, n);
}
#else
ssize_t writeSome(int fd, const std::uint8_t *data, size_t n) { return ::write(fd, data, n); }
#endif

// Writes the pieces, in order, to a fresh `tmp` (synced when `sync`). An error text, empty on
// success; on an error the temp file is gone (a half-written one would only take the space a full
// disk lacks).
std::string writeTemp(const std::string &tmp, std::span<const std::span<const std::uint8_t>> pieces, bool sync)
{
    // A leftover temp file (a crash) or anything planted under its name is removed, never
    // followed: O_EXCL | O_NOFOLLOW creates a fresh regular file or fails.
    ::unlink(tmp.c_str());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return errnoText("cannot create", tmp);
    std::string error;
    for (const auto &piece : pieces) {
        for (size_t done = 0; done < piece.size() && error.empty();) {
            const ssize_t n = writeSome(fd, piece.data() + done, piece.size() - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (n == 0)
                    errno = ENOSPC; // write(2) makes no progress only when there is no room
                error = errnoText("cannot write", tmp);
            }
            done += size_t(std::max<ssize_t>(n, 0));
        }
    }
    if (error.empty() && sync && ::fsync(fd) != 0)
        error = errnoText("cannot fsync", tmp);
    if (::close(fd) != 0 && error.empty()) // NFS and some FUSE systems report a full disk only here
        error = errnoText("cannot close", tmp);
    if (!error.empty())
        ::unlink(tmp.c_str());
    return error;
}

} // namespace

std::string checkpointPath(const std::string &dir, std::int64_t step)
{
    char name[40];
    std::snprintf(name, sizeof name, "step-%010lld.ckpt", static_cast<long long>(step));
    return dir + "/" + name;
}

std::vector<std::uint8_t> checkpointBytes(const Checkpoint &c)
{
    Pieces pieces;
    serialise(pieces, c);
    std::vector<std::uint8_t> out;
    for (const auto &piece : pieces.seal())
        out.insert(out.end(), piece.begin(), piece.end());
    return out;
}

std::string writeCheckpoint(const std::string &dir, const Checkpoint &c, Durability durability)
{
    // The state's hash goes in the file, so a reader checks the tensors against it rather than
    // against a trailer over them: periodic checkpoints pass the h_t the run computed anyway.
    Pieces pieces;
    serialise(pieces, c);
    const auto file = pieces.seal();

    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const std::string path = checkpointPath(dir, c.state.step);
    const std::string tmp = path + ".tmp";
    if (std::string error = writeTemp(tmp, file, durability == Durability::Synced); !error.empty())
        return error;
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string error = errnoText("cannot rename", tmp);
        ::unlink(tmp.c_str());
        return error;
    }
    if (durability == Durability::Cached)
        return {};
    // Make the rename itself durable.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return {};
}

void adviseCheckpointPages([[maybe_unused]] const std::string &dir, [[maybe_unused]] std::int64_t step,
                           [[maybe_unused]] PageAdvice advice)
{
#ifdef __linux__
    // O_NONBLOCK: a FIFO of that name must not block the caller. Failures are ignored: this is
    // advice, and a failure changes nothing but the cache.
    const int fd = ::open(checkpointPath(dir, step).c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    switch (advice) {
    case PageAdvice::Prefetch:
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
        break;
    case PageAdvice::StartWriteback:
        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        break;
    case PageAdvice::Drop:
        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        break;
    }
    ::close(fd);
#endif
}

std::vector<std::int64_t> listCheckpoints(const std::string &dir)
{
    std::vector<std::int64_t> steps;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() != 20 || !name.starts_with("step-") || !name.ends_with(".ckpt"))
            continue;
        const std::string digits = name.substr(5, 10);
        if (!std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            continue;
        steps.push_back(std::stoll(digits));
    }
    std::sort(steps.begin(), steps.end());
    return steps;
}

std::optional<Checkpoint> latestCheckpoint(const std::string &dir, const Hash256 &taskId, std::int64_t atOrBefore)
{
    return SavedCheckpoints(dir, {}).latest(taskId, atOrBefore);
}

#ifdef IDLEFORGE_FAULT_INJECTION
void setCheckpointSpaceForTesting(std::int64_t bytes) { g_spaceLeft = bytes; }
#endif

} // namespace idleforge::graph
