// Reading checkpoints back (Checkpoint.h): a bounded read of a regular file, then a parse that
// trusts nothing in it, into buffers a CheckpointReader keeps from one read to the next.
#include "compute/graph/Checkpoint.h"

#include "crypto/Blake3.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace idleforge::graph {

namespace {

constexpr char kMagicFormat2[8] = {'I', 'F', 'C', 'K', 'P', 'T', '0', '2'}; // trailer over every byte; still read
constexpr char kMagicFormat1[8] = {'I', 'F', 'C', 'K', 'P', 'T', '0', '1'}; // BLAKE2b, protocol version 1

// Reads a regular file (no symlink, no device or FIFO) of at most `limit` bytes into `out`, counting
// the bytes actually read (a size fstat reports is only where to start: a file that grows, or one
// that says 0, is read until it ends or passes the limit). `out` keeps its capacity: reading a file
// of the size of the last one allocates and zeroes nothing. Returns an error text, empty on success.
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
    const std::uint64_t said = std::uint64_t(std::max<off_t>(st.st_size, 0));
    // One byte more than the file says, so that its end is seen without growing the buffer.
    out.resize(size_t(std::min(said, limit) + 1));
    size_t got = 0;
    std::string error;
    while (error.empty()) {
        if (got == out.size()) {
            if (got > limit) {
                error = "larger than " + std::to_string(limit) + " bytes";
                break;
            }
            out.resize(size_t(std::min<std::uint64_t>(std::max<std::uint64_t>(2 * got, 1 << 16), limit + 1)));
        }
        const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            error = "cannot read";
        if (n <= 0)
            break;
        got += size_t(n);
    }
    ::close(fd);
    out.resize(error.empty() ? got : 0);
    return error;
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

// The tensors of a checkpoint, read from r into `state`: names, shapes and data, every length
// bounded by the bytes left. The tensors `state` already has are written over, so their buffers are
// reused where the sizes match. An error text, empty on success.
std::string readTensors(Reader &r, TrainState &state)
{
    const auto count = r.pod<std::uint32_t>();
    // A tensor takes at least 8 bytes (its name's and its rank's lengths): no count the file cannot
    // hold makes a list of that many.
    if (!r.ok || count > r.left() / 8)
        return "bad tensor count";
    state.tensors.resize(count);
    for (std::uint32_t i = 0; r.ok && i < count; ++i) {
        StateTensor &t = state.tensors[i];
        const auto nameLen = r.pod<std::uint32_t>();
        if (nameLen > 4096 || nameLen > r.left())
            return "bad tensor name";
        t.name.resize(nameLen);
        r.bytes(t.name.data(), nameLen);
        const auto ndim = r.pod<std::uint32_t>();
        if (ndim > 8)
            return "bad tensor rank";
        std::uint64_t numel = 1;
        t.shape.clear();
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
    }
    if (!std::is_sorted(state.tensors.begin(), state.tensors.end(),
                        [](const StateTensor &a, const StateTensor &b) { return a.name < b.name; }))
        return "tensors out of order";
    return {};
}

// parseCheckpoint into `c`, its buffers reused. An error text, empty on success.
std::string parseInto(std::span<const std::uint8_t> in, const Hash256 &taskId, Checkpoint &c, bool parallelHash)
{
    c.hashOfState.reset();
    if (in.size() < 8 + 32 + 8 + 4 + 8 + 8 + 32)
        return "truncated";
    if (std::memcmp(in.data(), kMagicFormat1, 8) == 0)
        return "written by an earlier IdleForge (checkpoint format 01, BLAKE2b state hashes): not resumable here";
    const auto trailer = in.last(32);
    // Format 02 (still read): the trailer covers every byte. Format 03: the metadata, and the state
    // hash it carries covers the tensors.
    const bool format2 = std::memcmp(in.data(), kMagicFormat2, 8) == 0;
    if (format2) {
        const Hash256 digest = crypto::blake3_256(in.first(in.size() - 32));
        if (!std::equal(digest.begin(), digest.end(), trailer.begin()))
            return "checksum mismatch (corrupt or truncated)";
    } else if (std::memcmp(in.data(), kCheckpointMagic, 8) != 0) {
        return "not a checkpoint file";
    }
    crypto::Blake3Hasher metadata;
    Reader r{in.first(in.size() - 32), format2 ? nullptr : &metadata};
    char magic[8];
    r.bytes(magic, 8);
    r.bytes(c.taskId.data(), 32);
    if (c.taskId != taskId)
        return "belongs to another task";
    c.state.step = r.pod<std::int64_t>();
    if (std::string why = readTensors(r, c.state); !why.empty())
        return why;
    const auto nh = r.pod<std::uint64_t>();
    if (!r.ok || nh > r.left() / 32)
        return "bad hash list";
    c.hashes.resize(nh);
    for (auto &h : c.hashes)
        r.bytes(h.data(), 32);
    const auto nl = r.pod<std::uint64_t>();
    if (!r.ok || nl > r.left() / 4)
        return "bad loss list";
    c.losses.resize(nl);
    r.bytes(c.losses.data(), nl * 4);
    Hash256 stored{};
    if (!format2)
        r.bytes(stored.data(), 32);
    if (!r.ok || r.left() != 0)
        return "trailing or missing bytes";
    if (const Hash256 digest = metadata.finish(); !format2 && !std::equal(digest.begin(), digest.end(), trailer.begin()))
        return "checksum mismatch (corrupt or truncated)";
    if (c.state.step < 0 || c.hashes.size() != size_t(c.state.step) + 1 || c.losses.size() != size_t(c.state.step))
        return "inconsistent step, hash and loss counts";
    if (!format2) {
        if (stateHash(c.state, parallelHash) != stored)
            return "state hash mismatch (corrupt tensor data)";
        c.hashOfState = stored;
    }
    return {};
}

} // namespace

bool CheckpointReader::read(const std::string &path, const Hash256 &taskId, Checkpoint &into, std::string *error)
{
    std::string why = readRegularFile(path, kMaxCheckpointBytes, m_bytes);
    if (why.empty())
        why = parseInto(m_bytes, taskId, into, m_parallelHash);
    if (!why.empty() && error)
        *error = path + ": " + why;
    return why.empty();
}

bool CheckpointReader::parse(std::span<const std::uint8_t> bytes, const Hash256 &taskId, Checkpoint &into,
                             std::string *error) const
{
    std::string why = parseInto(bytes, taskId, into, m_parallelHash);
    const bool ok = why.empty();
    if (!ok && error)
        *error = std::move(why);
    return ok;
}

std::optional<Checkpoint> readCheckpoint(const std::string &path, const Hash256 &taskId, std::string *error,
                                         std::vector<std::uint8_t> *fileBytes)
{
    CheckpointReader reader;
    Checkpoint c;
    if (!reader.read(path, taskId, c, error))
        return std::nullopt;
    if (fileBytes)
        *fileBytes = std::move(reader.fileBytes());
    return c;
}

std::optional<Checkpoint> parseCheckpoint(std::span<const std::uint8_t> in, const Hash256 &taskId, std::string *error)
{
    Checkpoint c;
    if (!CheckpointReader().parse(in, taskId, c, error))
        return std::nullopt;
    return c;
}

} // namespace idleforge::graph
