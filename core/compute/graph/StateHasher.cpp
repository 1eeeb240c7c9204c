#include "compute/graph/StateHasher.h"

namespace idleforge::graph {

StateHasher::~StateHasher()
{
    if (m_thread.joinable())
        m_thread.join();
}

void StateHasher::submit(const TrainState &state)
{
    m_snapshot.step = state.step;
    m_snapshot.tensors.resize(state.tensors.size());
    for (size_t i = 0; i < state.tensors.size(); ++i) {
        StateTensor &dst = m_snapshot.tensors[i];
        const StateTensor &src = state.tensors[i];
        if (dst.name != src.name)
            dst.name = src.name;
        dst.shape = src.shape;
        dst.data.assign(src.data.begin(), src.data.end()); // reuses the capacity
    }
    m_thread = std::thread([this] { m_hash = stateHash(m_snapshot, /*parallel=*/false); });
}

Hash256 StateHasher::collect()
{
    m_thread.join();
    return m_hash;
}

} // namespace idleforge::graph
