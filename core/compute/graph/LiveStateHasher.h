#pragma once
// Hashes s_{t+1} from the live state while step t+1 runs, with no copy of it: until its first
// optimizer node a repro step only reads the state's tensors (StepObserver::beforeOptimizer), so
// a thread may read them meanwhile. The thread runs at the lowest priority (SCHED_IDLE on Linux):
// it takes only what the step leaves idle (its loops' waits) where the step runs above that
// priority, and competes as an equal in a process that is all SCHED_IDLE (the worker); wherever
// it falls behind,
// finish() (at the fence, or before anything reads the hash) hashes the leaves it has not reached
// on the kernel pool. The hash is exactly stateHash(s); only where its cycles come from moves.
#include "compute/graph/State.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace idleforge::graph {

class LiveStateHasher {
public:
    LiveStateHasher();
    ~LiveStateHasher();
    LiveStateHasher(const LiveStateHasher &) = delete;
    LiveStateHasher &operator=(const LiveStateHasher &) = delete;

    // Starts hashing `state`, which must not be written until finish() returns. Precondition:
    // nothing pending.
    void begin(const TrainState &state);
    bool pending() const { return m_state != nullptr; }
    // The hash of the state begun, its remaining leaves hashed here (on the pool). Precondition:
    // pending(); from a thread that may run the pool's loops.
    Hash256 finish();

private:
    void run();
    bool hashNext(); // claims and hashes one leaf; false when none is left to claim

    const TrainState *m_state = nullptr;
    std::int64_t m_step = 0;
    std::vector<Hash256> m_leaves;
    std::atomic<std::size_t> m_next{0};
    std::atomic<std::size_t> m_done{0};
    std::mutex m_mutex;
    std::condition_variable m_wake, m_finished;
    std::uint64_t m_generation = 0;
    bool m_busy = false; // the thread is claiming leaves
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace idleforge::graph
