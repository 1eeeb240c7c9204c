#include "compute/graph/CheckpointWriter.h"

#include <chrono>
#include <filesystem>

#include <stdexcept>
#include <utility>

namespace idleforge::graph {

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
    const auto copyStart = std::chrono::steady_clock::now();
    copyStateInto(m_pending.state, state);
    m_copySeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - copyStart).count();
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
    struct Timed {
        double &total;
        std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
        ~Timed() { total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
    } timed{m_writeSeconds};
    std::error_code ec;
    // One level made, never the parent: create_directories would make a removed parent again,
    // between a check and the write (a memory folder its node was deleting at that moment).
    if (m_folders == Folders::ParentMustExist
        && (std::filesystem::create_directory(m_dir, ec), ec || !std::filesystem::is_directory(m_dir, ec))) {
        m_error = "the folder " + std::filesystem::path(m_dir).parent_path().string() + " is gone";
        return;
    }
    m_error = writeCheckpoint(m_dir, m_pending, Durability::Cached);
    if (!m_error.empty() || m_pages != CheckpointPages::Dropped)
        return;
    // The previous file's writeback was started one interval ago, so dropping it rarely waits.
    adviseCheckpointPages(m_dir, m_pending.state.step, PageAdvice::StartWriteback);
    if (m_written)
        adviseCheckpointPages(m_dir, *m_written, PageAdvice::Drop);
    m_written = m_pending.state.step;
}

} // namespace idleforge::graph
