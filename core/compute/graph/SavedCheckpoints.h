#pragma once
// Where a run's checkpoints lie: in its job folder (RunOptions::checkpointDir, every k steps as
// the task asks, on disk) and, where the node keeps them, the extra ones in memory between them
// (RunOptions::extraCheckpointDir, Training.h). Resuming, serving a state and replaying start
// from the nearest of either folder; a file of either is trusted only once it reads back intact
// and of this task (readCheckpoint), so a torn or foreign one is passed over for the one before.
#include "compute/graph/Checkpoint.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace idleforge::graph {

class SavedCheckpoints {
public:
    // Lists both folders (by name only); an empty or missing folder holds none.
    SavedCheckpoints(std::string dir, std::string extraDir);

    // The step of the newest file at or before t, 0 when there is none.
    std::int64_t nearest(std::int64_t t) const;
    // The newest intact checkpoint of the task at or before `atOrBefore`, from either folder.
    std::optional<Checkpoint> latest(const Hash256 &taskId, std::int64_t atOrBefore) const;
    // The same into `into`, read by `reader` (whose buffers and into's are reused); false: none.
    bool latest(const Hash256 &taskId, std::int64_t atOrBefore, CheckpointReader &reader, Checkpoint &into) const;
    // adviseCheckpointPages(Prefetch) for the file of `step`, in whichever folder holds it.
    void prefetch(std::int64_t step) const;

private:
    std::string m_dirs[2];
    std::vector<std::pair<std::int64_t, int>> m_saved; // (step, index into m_dirs), ascending
};

} // namespace idleforge::graph
