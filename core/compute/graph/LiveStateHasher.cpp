#include "compute/graph/LiveStateHasher.h"

#include "compute/repro/Runtime.h"
#include "compute/repro/ThreadPool.h"

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace idleforge::graph {

LiveStateHasher::LiveStateHasher() : m_thread([this] { run(); }) {}

LiveStateHasher::~LiveStateHasher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void LiveStateHasher::begin(const TrainState &state)
{
    {
        std::unique_lock lock(m_mutex);
        m_finished.wait(lock, [this] { return !m_busy; }); // a late pass over the last state is out
        m_state = &state;
        m_step = state.step;
        m_leaves.resize(state.tensors.size());
        m_next = 0;
        m_done = 0;
        ++m_generation;
    }
    m_wake.notify_one();
}

bool LiveStateHasher::hashNext()
{
    const std::size_t n = m_leaves.size();
    const std::size_t i = m_next.fetch_add(1);
    if (i >= n)
        return false;
    const StateTensor &t = m_state->tensors[i];
    m_leaves[i] = floatTensorLeafHash(t.name, t.shape, t.data);
    if (m_done.fetch_add(1) + 1 == n) {
        std::lock_guard lock(m_mutex);
        m_finished.notify_all();
    }
    return true;
}

void LiveStateHasher::run()
{
#ifdef __linux__
    // Only what the step leaves idle: the kernel runs a SCHED_IDLE thread on a core nothing else
    // wants, and preempts it the moment a pool thread wakes.
    sched_param lowest{};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &lowest);
#endif
    std::uint64_t seen = 0;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || m_generation != seen; });
            if (m_stop)
                return;
            seen = m_generation;
            m_busy = true;
        }
        while (hashNext()) {
        }
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
        }
        m_finished.notify_all();
    }
}

Hash256 LiveStateHasher::finish()
{
    const int helpers = std::max(1, repro::threadCount());
    repro::parallelFor(std::size_t(helpers), [this](std::size_t) {
        while (hashNext()) {
        }
    });
    {
        std::unique_lock lock(m_mutex);
        m_finished.wait(lock, [this] { return m_done.load() == m_leaves.size(); });
    }
    const TrainState &s = *m_state;
    m_state = nullptr;
    return stateHashFromLeaves(s, m_leaves, m_step);
}

} // namespace idleforge::graph
