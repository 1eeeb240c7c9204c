#include "compute/graph/Checkpoint.h"
#include "compute/graph/SavedCheckpoints.h"

#include "crypto/Blake3.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace idleforge::graph {

namespace {
// Reads a regular file (no symlink, no device or FIFO) of at most `limit` bytes, counting the bytes
// actually read. Returns an error text, empty on success.
std::string readRegularFile(const std::string &path, std::uint64_t limit, std::vector<std::uint8_t> &out)
{
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer (regular files ignore it).
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return "cannot open";
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return "not a regular file";
    }
    out.clear();
    out.reserve(size_t(std::min<std::uint64_t>(std::uint64_t(std::max<off_t>(st.st_size, 0)), limit)));
    std::uint8_t buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            return "cannot read";
        }
        if (n == 0)
            break;
        if (out.size() + size_t(n) > limit) {
            ::close(fd);
            return "larger than " + std::to_string(limit) + " bytes";
        }
        out.insert(out.end(), buf, buf + n);
    }
    ::close(fd);
    return {};
}

constexpr char kMagic[8] = {'I', 'F', 'C', 'K', 'P', 'T', '0', '3'};
constexpr char kMagicFormat2[8] = {'I', 'F', 'C', 'K', 'P', 'T', '0', '2'}; // trailer over every byte; still read
constexpr char kMagicFormat1[8] = {'I', 'F', 'C', 'K', 'P', 'T', '0', '1'}; // BLAKE2b, protocol version 1

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
    w.meta(kMagic, 8);
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

struct Reader {
    std::span<const std::uint8_t> in;
    crypto::Blake3Hasher *trailer = nullptr; // format 03: fed the metadata, not the tensors' data
    size_t pos = 0;
    bool ok = true;
    size_t left() const { return in.size() - pos; }
    bool bytes(void *p, size_t n)
    {
        if (!data(p, n))
            return false;
        if (trailer)
            trailer->update(in.subspan(pos - n, n));
        return true;
    }
    bool data(void *p, size_t n)
    {
        if (!ok || n > left())
            return ok = false;
        if (n == 0)
            return true; // an empty list's data() may be null, which memcpy must never get
        std::memcpy(p, in.data() + pos, n);
        pos += n;
        return true;
    }
    template <typename T> T pod()
    {
        T v{};
        bytes(&v, sizeof v);
        return v;
    }
};

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

std::optional<Checkpoint> readCheckpoint(const std::string &path, const Hash256 &taskId, std::string *error,
                                         std::vector<std::uint8_t> *fileBytes)
{
    std::vector<std::uint8_t> in;
    std::string why = readRegularFile(path, kMaxCheckpointBytes, in);
    std::optional<Checkpoint> c;
    if (why.empty())
        c = parseCheckpoint(in, taskId, &why);
    if (!c && error)
        *error = path + ": " + why;
    if (c && fileBytes)
        *fileBytes = std::move(in);
    return c;
}

namespace {

// The tensors of a checkpoint, read from r: names, shapes and data, every length bounded by the
// bytes left. An error text, empty on success.
std::string readTensors(Reader &r, TrainState &state)
{
    const auto count = r.pod<std::uint32_t>();
    for (std::uint32_t i = 0; r.ok && i < count; ++i) {
        StateTensor t;
        const auto nameLen = r.pod<std::uint32_t>();
        if (nameLen > 4096 || nameLen > r.left())
            return "bad tensor name";
        t.name.resize(nameLen);
        r.bytes(t.name.data(), nameLen);
        const auto ndim = r.pod<std::uint32_t>();
        if (ndim > 8)
            return "bad tensor rank";
        std::uint64_t numel = 1;
        for (std::uint32_t d = 0; r.ok && d < ndim; ++d) {
            const auto dim = r.pod<std::int64_t>();
            if (dim < 0 || (dim > 0 && numel > r.left() / std::uint64_t(dim)))
                return "bad tensor shape";
            numel *= std::uint64_t(dim);
            t.shape.push_back(dim);
        }
        if (numel * 4 > r.left())
            return "tensor data truncated";
        t.data.resize(numel);
        r.data(t.data.data(), numel * 4);
        state.tensors.push_back(std::move(t));
    }
    if (!std::is_sorted(state.tensors.begin(), state.tensors.end(),
                        [](const StateTensor &a, const StateTensor &b) { return a.name < b.name; }))
        return "tensors out of order";
    return {};
}

} // namespace

std::optional<Checkpoint> parseCheckpoint(std::span<const std::uint8_t> in, const Hash256 &taskId, std::string *error)
{
    auto fail = [&](std::string msg) -> std::optional<Checkpoint> {
        if (error)
            *error = std::move(msg);
        return std::nullopt;
    };
    if (in.size() < 8 + 32 + 8 + 4 + 8 + 8 + 32)
        return fail("truncated");
    if (std::memcmp(in.data(), kMagicFormat1, 8) == 0)
        return fail("written by an earlier IdleForge (checkpoint format 01, BLAKE2b state hashes): not resumable here");
    const auto trailer = in.last(32);
    // Format 02 (still read): the trailer covers every byte. Format 03: the metadata, and the state
    // hash it carries covers the tensors.
    const bool format2 = std::memcmp(in.data(), kMagicFormat2, 8) == 0;
    if (format2) {
        const Hash256 digest = crypto::blake3_256(in.first(in.size() - 32));
        if (!std::equal(digest.begin(), digest.end(), trailer.begin()))
            return fail("checksum mismatch (corrupt or truncated)");
    } else if (std::memcmp(in.data(), kMagic, 8) != 0) {
        return fail("not a checkpoint file");
    }
    crypto::Blake3Hasher metadata;
    Reader r{in.first(in.size() - 32), format2 ? nullptr : &metadata};
    char magic[8];
    r.bytes(magic, 8);
    Checkpoint c;
    r.bytes(c.taskId.data(), 32);
    if (c.taskId != taskId)
        return fail("belongs to another task");
    c.state.step = r.pod<std::int64_t>();
    if (std::string why = readTensors(r, c.state); !why.empty())
        return fail(why);
    const auto nh = r.pod<std::uint64_t>();
    if (!r.ok || nh > r.left() / 32)
        return fail("bad hash list");
    c.hashes.resize(nh);
    for (auto &h : c.hashes)
        r.bytes(h.data(), 32);
    const auto nl = r.pod<std::uint64_t>();
    if (!r.ok || nl > r.left() / 4)
        return fail("bad loss list");
    c.losses.resize(nl);
    r.bytes(c.losses.data(), nl * 4);
    Hash256 stored{};
    if (!format2)
        r.bytes(stored.data(), 32);
    if (!r.ok || r.left() != 0)
        return fail("trailing or missing bytes");
    if (const Hash256 digest = metadata.finish(); !format2 && !std::equal(digest.begin(), digest.end(), trailer.begin()))
        return fail("checksum mismatch (corrupt or truncated)");
    if (c.state.step < 0 || c.hashes.size() != size_t(c.state.step) + 1 || c.losses.size() != size_t(c.state.step))
        return fail("inconsistent step, hash and loss counts");
    if (!format2) {
        if (stateHash(c.state, /*parallel=*/false) != stored)
            return fail("state hash mismatch (corrupt tensor data)");
        c.hashOfState = stored;
    }
    return c;
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
