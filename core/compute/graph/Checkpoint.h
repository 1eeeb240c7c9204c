#pragma once
// Checkpoints of a run in its job folder: the state s_t plus what the run has committed so far
// (h_0..h_t and the loss of every step before t), so a resumed run ends with the same
// commitment as an uninterrupted one.
//
// File layout (little-endian), "<dir>/step-<t, 10 digits>.ckpt":
//   "IFCKPT03" | task id (32 bytes) | i64 step | u32 ntensors |
//   ntensors x (u32 namelen | name | u32 ndim | i64 dims... | f32 data...) |
//   u64 nhashes | nhashes x 32 bytes | u64 nlosses | nlosses x f32 |
//   stateHash of the tensors (32 bytes) | BLAKE3-256 of every byte before it but the f32 data
// The tensors are covered by the state hash (a reader recomputes it) instead of by the trailer, so
// a writer that already has h_t (the training loop does) never hashes the state a second time, and
// the data is written straight from the tensors, with no serialised copy (issue 19: a periodic
// checkpoint is the solver's price for a cheap audit).
// Format 02 (protocol version 2 before format 03; still read) had the same fields but the state
// hash, and its trailer covered every byte. Format 01 (BLAKE2b) is refused as written by an earlier
// build, since the h_0..h_t it carries are BLAKE2b commitments that this build's run would never
// extend consistently.
// Written atomically: temp file, fsync, rename, fsync of the folder; a failed write (a full
// disk) removes its temp file and leaves the checkpoint of that name, if any, as it was. A
// reader trusts nothing: every length is bounded by the file size, and the trailing hash and the
// state hash must match.
#include "base/BuildFeatures.h"
#include "compute/graph/State.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace idleforge::graph {

struct Checkpoint {
    Hash256 taskId{};             // which task this belongs to (hash of the canonical spec)
    TrainState state;
    std::vector<Hash256> hashes;  // h_0 .. h_{state.step}
    std::vector<float> losses;    // loss of steps 0 .. state.step - 1
    // stateHash(state) where the writer has it (else writeCheckpoint computes it); set by a read of
    // format 03, where it was checked.
    std::optional<Hash256> hashOfState;
};

// The first 8 bytes of a checkpoint this build writes.
inline constexpr char kCheckpointMagic[8] = {'I', 'F', 'C', 'K', 'P', 'T', '0', '3'};

std::string checkpointPath(const std::string &dir, std::int64_t step);

// Synced: the file and its rename are fsynced before this returns. Cached: written and renamed
// into place (atomic for readers) but left in the page cache; a crash may leave it torn or empty,
// which its trailing hash exposes (CheckpointWriter.h: the periodic checkpoints).
enum class Durability { Synced, Cached };

// What a CheckpointWriter leaves of its files in the page cache. Kept: whatever the kernel keeps
// (every file, until memory pressure evicts it). Dropped: each file's writeback is started as soon
// as it is written and its pages are dropped once the next one is written, so the cache holds
// about one checkpoint however many the run writes (CheckpointWriter.h).
enum class CheckpointPages { Kept, Dropped };

// Written to a temp file and renamed over `checkpointPath`. Returns an error message, empty on
// success.
std::string writeCheckpoint(const std::string &dir, const Checkpoint &ckpt, Durability durability = Durability::Synced);

// The bytes writeCheckpoint writes for `ckpt`, in one buffer (tests and the fuzzer: the writer
// itself never copies the state into one).
std::vector<std::uint8_t> checkpointBytes(const Checkpoint &ckpt);

#ifdef IDLEFORGE_FAULT_INJECTION
// Test builds only: a disk that fills up. Checkpoint writes put at most `bytes` more bytes on
// disk (a write that does not fit is short), then fail with ENOSPC; negative: no limit (the
// default). Process-wide.
void setCheckpointSpaceForTesting(std::int64_t bytes);
#endif

// nullopt with `error` set when the file is missing, truncated, corrupt or for another task.
// The largest checkpoint file read back: a regular file only (no symlink, device or FIFO), its
// bytes counted as they are read.
inline constexpr std::uint64_t kMaxCheckpointBytes = std::uint64_t(16) << 30;
// `fileBytes`: where given, the file's bytes as read (a solver uploads them: read once).
std::optional<Checkpoint> readCheckpoint(const std::string &path, const Hash256 &taskId, std::string *error = nullptr,
                                         std::vector<std::uint8_t> *fileBytes = nullptr);

// readCheckpoint into buffers kept from one read to the next: the file's bytes here, and the
// tensors, hashes and losses of the Checkpoint given, written over in place (where the sizes are
// those of the last read, nothing is allocated or zeroed). A solver serving an audit reads m
// checkpoints of one shape, and a fresh state and file buffer for each (11 MB for the gpt
// template) cost ~2,700 page faults a read: 0.5 s of a 3 s audit on the EPYC VM (issue 19).
class CheckpointReader {
public:
    // `parallelHash`: check the state hash on the repro kernel pool; only from a thread that may
    // run a parallel loop (stateHash).
    explicit CheckpointReader(bool parallelHash = false) : m_parallelHash(parallelHash) {}
    // false with `error` set where readCheckpoint gives nullopt; `into` then holds no checkpoint
    // to use, but keeps its buffers for the next read.
    bool read(const std::string &path, const Hash256 &taskId, Checkpoint &into, std::string *error = nullptr);
    // parseCheckpoint's checks on bytes already in memory, into `into` as read() does.
    bool parse(std::span<const std::uint8_t> bytes, const Hash256 &taskId, Checkpoint &into, std::string *error = nullptr) const;
    // The bytes of the last file read.
    std::vector<std::uint8_t> &fileBytes() { return m_bytes; }

private:
    std::vector<std::uint8_t> m_bytes;
    bool m_parallelHash;
};

// The same checks on a checkpoint's bytes, wherever they came from; `error` names no file.
std::optional<Checkpoint> parseCheckpoint(std::span<const std::uint8_t> bytes, const Hash256 &taskId,
                                          std::string *error = nullptr);

// Page-cache advice for the checkpoint of `step` in `dir` (Linux only; a missing file, a FIFO of
// that name or another OS: nothing, and never a wait on anything but the file's own writeback).
//   Prefetch:       start reading it into the cache, so a read soon after finds it there;
//   StartWriteback: start writing its dirty pages to disk (CheckpointWriter, as it is written);
//   Drop:           wait for its writeback and drop its pages (only clean pages can be dropped).
enum class PageAdvice { Prefetch, StartWriteback, Drop };
void adviseCheckpointPages(const std::string &dir, std::int64_t step, PageAdvice advice);

// Steps with a checkpoint file in `dir` (by name only), ascending.
std::vector<std::int64_t> listCheckpoints(const std::string &dir);

// The newest checkpoint at or before `atOrBefore` that reads back intact (corrupt ones, e.g.
// from a crash mid-rename on a file system without atomic rename, are skipped).
std::optional<Checkpoint> latestCheckpoint(const std::string &dir, const Hash256 &taskId,
                                           std::int64_t atOrBefore = INT64_MAX);

} // namespace idleforge::graph
