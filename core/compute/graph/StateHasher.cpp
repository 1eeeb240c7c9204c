#include "compute/graph/StateHasher.h"

namespace idleforge::graph {

StateHasher::~StateHasher()
{
    if (m_thread.joinable())
        m_thread.join();
}

void StateHasher::submit(const TrainState &state)
{
    copyStateInto(m_snapshot, state);
    m_thread = std::thread([this] { m_hash = stateHash(m_snapshot, /*parallel=*/false); });
}

Hash256 StateHasher::collect()
{
    m_thread.join();
    return m_hash;
}

} // namespace idleforge::graph
