#include "compute/graph/Checkpoint.h"

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
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
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

constexpr char kMagic[8] = {'I', 'F', 'C', 'K', 'P', 'T', '0', '2'};
constexpr char kMagicFormat1[8] = {'I', 'F', 'C', 'K', 'P', 'T', '0', '1'}; // BLAKE2b, protocol version 1

struct Writer {
    std::vector<std::uint8_t> out;
    void bytes(const void *p, size_t n)
    {
        const auto *b = static_cast<const std::uint8_t *>(p);
        out.insert(out.end(), b, b + n);
    }
    template <typename T> void pod(T v) { bytes(&v, sizeof v); }
};

// Counts what a Writer would append (writeCheckpoint reserves that much).
struct Counter {
    size_t n = 0;
    void bytes(const void *, size_t k) { n += k; }
    template <typename T> void pod(T) { n += sizeof(T); }
};

// Everything before the trailing hash, in the layout of Checkpoint.h.
template <typename Out> void serialise(Out &w, const Checkpoint &c)
{
    w.bytes(kMagic, 8);
    w.bytes(c.taskId.data(), 32);
    w.pod(std::int64_t(c.state.step));
    w.pod(std::uint32_t(c.state.tensors.size()));
    for (const auto &t : c.state.tensors) {
        w.pod(std::uint32_t(t.name.size()));
        w.bytes(t.name.data(), t.name.size());
        w.pod(std::uint32_t(t.shape.size()));
        for (auto d : t.shape)
            w.pod(std::int64_t(d));
        w.bytes(t.data.data(), t.data.size() * 4);
    }
    w.pod(std::uint64_t(c.hashes.size()));
    for (const auto &h : c.hashes)
        w.bytes(h.data(), 32);
    w.pod(std::uint64_t(c.losses.size()));
    w.bytes(c.losses.data(), c.losses.size() * 4);
}

struct Reader {
    std::span<const std::uint8_t> in;
    size_t pos = 0;
    bool ok = true;
    size_t left() const { return in.size() - pos; }
    bool bytes(void *p, size_t n)
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

// Writes all of `bytes` to a fresh `tmp` (synced when `sync`). An error text, empty on success; on an error
// the temp file is gone (a half-written one would only take the space a full disk lacks).
std::string writeTemp(const std::string &tmp, const std::vector<std::uint8_t> &bytes, bool sync)
{
    // A leftover temp file (a crash) or anything planted under its name is removed, never
    // followed: O_EXCL | O_NOFOLLOW creates a fresh regular file or fails.
    ::unlink(tmp.c_str());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return errnoText("cannot create", tmp);
    std::string error;
    for (size_t done = 0; done < bytes.size() && error.empty();) {
        const ssize_t n = writeSome(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC; // write(2) makes no progress only when there is no room
            error = errnoText("cannot write", tmp);
        }
        done += size_t(std::max<ssize_t>(n, 0));
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

std::string writeCheckpoint(const std::string &dir, const Checkpoint &c, Durability durability)
{
    // The exact size up front, counted by the same serialiser: the state is most of it (5.6 MB for
    // the default gpt), and growing the buffer by doubling would copy it about once more and fault
    // in fresh pages each time.
    Counter count;
    serialise(count, c);
    Writer w;
    w.out.reserve(count.n + 32);
    serialise(w, c);
    const Hash256 digest = crypto::blake3_256(std::span<const std::uint8_t>(w.out));
    w.bytes(digest.data(), 32);

    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const std::string path = checkpointPath(dir, c.state.step);
    const std::string tmp = path + ".tmp";
    if (std::string error = writeTemp(tmp, w.out, durability == Durability::Synced); !error.empty())
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

std::optional<Checkpoint> readCheckpoint(const std::string &path, const Hash256 &taskId, std::string *error)
{
    std::vector<std::uint8_t> in;
    std::string why = readRegularFile(path, kMaxCheckpointBytes, in);
    std::optional<Checkpoint> c;
    if (why.empty())
        c = parseCheckpoint(in, taskId, &why);
    if (!c && error)
        *error = path + ": " + why;
    return c;
}

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
    const Hash256 digest = crypto::blake3_256(in.first(in.size() - 32));
    if (!std::equal(digest.begin(), digest.end(), in.end() - 32))
        return fail("checksum mismatch (corrupt or truncated)");
    Reader r{in};
    char magic[8];
    r.bytes(magic, 8);
    if (std::memcmp(magic, kMagic, 8) != 0)
        return fail("not a checkpoint file");
    Checkpoint c;
    r.bytes(c.taskId.data(), 32);
    if (c.taskId != taskId)
        return fail("belongs to another task");
    c.state.step = r.pod<std::int64_t>();
    const auto count = r.pod<std::uint32_t>();
    for (std::uint32_t i = 0; r.ok && i < count; ++i) {
        StateTensor t;
        const auto nameLen = r.pod<std::uint32_t>();
        if (nameLen > 4096 || nameLen > r.left())
            return fail("bad tensor name");
        t.name.resize(nameLen);
        r.bytes(t.name.data(), nameLen);
        const auto ndim = r.pod<std::uint32_t>();
        if (ndim > 8)
            return fail("bad tensor rank");
        std::uint64_t numel = 1;
        for (std::uint32_t d = 0; r.ok && d < ndim; ++d) {
            const auto dim = r.pod<std::int64_t>();
            if (dim < 0 || (dim > 0 && numel > r.left() / std::uint64_t(dim)))
                return fail("bad tensor shape");
            numel *= std::uint64_t(dim);
            t.shape.push_back(dim);
        }
        if (numel * 4 > r.left())
            return fail("tensor data truncated");
        t.data.resize(numel);
        r.bytes(t.data.data(), numel * 4);
        c.state.tensors.push_back(std::move(t));
    }
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
    if (!r.ok || r.left() != 32)
        return fail("trailing or missing bytes");
    if (c.state.step < 0 || c.hashes.size() != size_t(c.state.step) + 1 || c.losses.size() != size_t(c.state.step))
        return fail("inconsistent step, hash and loss counts");
    if (!std::is_sorted(c.state.tensors.begin(), c.state.tensors.end(),
                        [](const StateTensor &a, const StateTensor &b) { return a.name < b.name; }))
        return fail("tensors out of order");
    return c;
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
    const auto steps = listCheckpoints(dir);
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        if (*it > atOrBefore)
            continue;
        if (auto c = readCheckpoint(checkpointPath(dir, *it), taskId))
            if (c->state.step == *it)
                return c;
    }
    return std::nullopt;
}

#ifdef IDLEFORGE_FAULT_INJECTION
void setCheckpointSpaceForTesting(std::int64_t bytes) { g_spaceLeft = bytes; }
#endif

} // namespace idleforge::graph
