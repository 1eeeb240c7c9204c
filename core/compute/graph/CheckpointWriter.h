#pragma once
// Writes periodic checkpoints off the training loop's critical path (issue 19): submit() copies
// the checkpoint (a memcpy of the state, about 1 ms for the default gpt) and a background thread
// writes it without fsync, while the next steps compute (with the state's hash given, nothing
// hashes the state again: Checkpoint.h, format 03). A periodic
// checkpoint that a crash or power loss leaves torn or empty is refused on resume by its trailing
// hash (latestCheckpoint skips it) and the run replays from the one before, so durability is
// traded for speed only where nothing is lost but replayed steps. The checkpoints that matter
// more (the final one, the one written when the run is stopped) stay synchronous and fsynced.
// At most one write is in flight: submit() waits for the previous one, which bounds the memory
// to one extra copy of the checkpoint.
// Page cache (CheckpointPages::Dropped, the default): each file's writeback starts as soon as it
// is written, and once the next one is written the previous one's pages are dropped, so a run
// that writes gigabytes of checkpoints holds about one of them in memory instead of evicting the
// gamer's own cache for files that are rarely read again (an audit reads back the few it samples,
// from disk). Dropped pages are also reused for the next file: on a machine whose memory is backed
// lazily (a VM) every newly touched page costs a fault to the host, about 12 us a page measured
// here, and that, not the disk, was most of what a checkpoint every 2 steps cost (issue 19,
// tests/bench/verify/page-cache-write-cost.py). Both are advice to the kernel (Linux only): a
// failure changes nothing but the cache.
#include "compute/graph/Checkpoint.h"

#include <string>
#include <thread>
#include <vector>

namespace idleforge::graph {

class CheckpointWriter {
public:
    // Folders: Made (default) creates `dir` and its parents as needed; ParentMustExist writes only
    // while dir's parent exists (checked right before each write), so a folder its owner removed
    // is not made again (the extra checkpoints in memory, Training.h).
    enum class Folders { Made, ParentMustExist };
    explicit CheckpointWriter(std::string dir, CheckpointPages pages = CheckpointPages::Dropped, Folders folders = Folders::Made)
        : m_dir(std::move(dir)), m_pages(pages), m_folders(folders)
    {
    }
    ~CheckpointWriter(); // waits for the write in flight
    CheckpointWriter(const CheckpointWriter &) = delete;
    CheckpointWriter &operator=(const CheckpointWriter &) = delete;

    // Throws std::runtime_error("checkpoint: ...") when the previous write failed (a full disk:
    // the run stops with that error, as a synchronous write would, one interval later).
    // `hashOfState`: stateHash(state), when the caller has it (else the background thread computes it).
    void submit(const Hash256 &taskId, const TrainState &state, const std::vector<Hash256> &hashes, const std::vector<float> &losses,
                std::optional<Hash256> hashOfState = std::nullopt);
    // submit(), but with `state` given as a copy the caller no longer needs (StateHasher's
    // snapshot): swapped with this writer's buffer, not copied; `state` gets the previous buffer,
    // its capacity reused.
    void submitSwapping(const Hash256 &taskId, TrainState &state, const std::vector<Hash256> &hashes,
                        const std::vector<float> &losses, std::optional<Hash256> hashOfState = std::nullopt);
    // Waits for the write in flight; throws as submit() does.
    void drain();
    // What the checkpoints cost so far: submit()'s copy of the state on the caller's thread and
    // the writes on the writer's (a busy machine's cores pay for both). Read it after drain().
    double busySeconds() const { return m_copySeconds + m_writeSeconds; }

private:
    void start(const Hash256 &taskId, const std::vector<Hash256> &hashes, const std::vector<float> &losses,
               std::optional<Hash256> hashOfState);

    void write(); // on m_thread

    std::string m_dir;
    CheckpointPages m_pages;
    Folders m_folders;
    std::optional<std::int64_t> m_written; // Dropped: the step written last, whose pages the next write drops
    Checkpoint m_pending;
    std::string m_error;
    double m_copySeconds = 0;
    double m_writeSeconds = 0; // by m_thread, read after it was joined
    std::thread m_thread;
};

} // namespace idleforge::graph
