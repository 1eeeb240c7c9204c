#pragma once
// Hashes training states off the critical path: submit() copies s_t (a memcpy of the state,
// about 1 ms for the default gpt) and hashes the copy on a background thread while the next
// step computes; collect() returns h_t. The hash is exactly stateHash(s_t); only the time at
// which it is computed moves. The background thread hashes serially (the kernel pool belongs
// to the step), so it fills the cores' idle moments rather than competing for the pool.
// runTraining uses it where the pool leaves a core free; where the pool takes every core it times
// this against hashing inline on the pool and keeps the faster (Training.cpp, StepHashes).
#include "compute/graph/State.h"

#include <optional>
#include <thread>

namespace idleforge::graph {

class StateHasher {
public:
    StateHasher() = default;
    ~StateHasher();
    StateHasher(const StateHasher &) = delete;
    StateHasher &operator=(const StateHasher &) = delete;

    // Precondition: nothing pending (collect() first).
    void submit(const TrainState &state);
    bool pending() const { return m_thread.joinable(); }
    // Waits for the pending hash. Precondition: pending().
    Hash256 collect();
    // The state last submitted (a copy of it, now hashed), for a caller that needs a copy of that
    // state anyway: CheckpointWriter swaps it with its own buffer instead of copying the state
    // again. Precondition: something was submitted and nothing is pending.
    TrainState &snapshot() { return m_snapshot; }

private:
    TrainState m_snapshot; // reused between steps, so no allocation after the first
    Hash256 m_hash{};
    std::thread m_thread;
};

} // namespace idleforge::graph
