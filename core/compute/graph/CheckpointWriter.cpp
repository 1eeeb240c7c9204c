#include "compute/graph/CheckpointWriter.h"

#include <stdexcept>
#include <utility>

#ifdef __linux__
#include <fcntl.h>
#include <unistd.h>
#endif

namespace idleforge::graph {

namespace {

// Page-cache advice for a checkpoint file (CheckpointWriter.h); every failure is ignored: a file
// pruned meanwhile just fails to open, and an unsupported call leaves the pages where they are.
// Dropping waits for the file's writeback (started when it was written, one interval before, so
// normally done) because only clean pages can be dropped.
void adviseCheckpointPages([[maybe_unused]] const std::string &path, [[maybe_unused]] bool drop)
{
#ifdef __linux__
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    if (drop) {
        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    } else {
        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
    ::close(fd);
#endif
}

} // namespace

CheckpointWriter::~CheckpointWriter()
{
    if (m_thread.joinable())
        m_thread.join();
}

void CheckpointWriter::drain()
{
    if (m_thread.joinable())
        m_thread.join();
    if (!m_error.empty())
        throw std::runtime_error("checkpoint: " + std::exchange(m_error, std::string()));
}

void CheckpointWriter::submit(const Hash256 &taskId, const TrainState &state, const std::vector<Hash256> &hashes,
                              const std::vector<float> &losses, std::optional<Hash256> hashOfState)
{
    drain();
    copyStateInto(m_pending.state, state);
    start(taskId, hashes, losses, hashOfState);
}

void CheckpointWriter::submitSwapping(const Hash256 &taskId, TrainState &state, const std::vector<Hash256> &hashes,
                                      const std::vector<float> &losses, std::optional<Hash256> hashOfState)
{
    drain();
    std::swap(m_pending.state, state);
    start(taskId, hashes, losses, hashOfState);
}

void CheckpointWriter::start(const Hash256 &taskId, const std::vector<Hash256> &hashes, const std::vector<float> &losses,
                             std::optional<Hash256> hashOfState)
{
    m_pending.taskId = taskId;
    m_pending.hashes = hashes;
    m_pending.losses = losses;
    m_pending.hashOfState = hashOfState;
    m_thread = std::thread([this] { write(); });
}

void CheckpointWriter::write()
{
    m_error = writeCheckpoint(m_dir, m_pending, Durability::Cached);
    if (!m_error.empty() || m_pages != CheckpointPages::Dropped)
        return;
    std::string path = checkpointPath(m_dir, m_pending.state.step);
    adviseCheckpointPages(path, false);
    if (!m_written.empty())
        adviseCheckpointPages(m_written, true);
    m_written = std::move(path);
}

} // namespace idleforge::graph
