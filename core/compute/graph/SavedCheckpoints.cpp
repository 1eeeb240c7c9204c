#include "compute/graph/SavedCheckpoints.h"

#include <algorithm>

namespace idleforge::graph {

SavedCheckpoints::SavedCheckpoints(std::string dir, std::string extraDir) : m_dirs{std::move(dir), std::move(extraDir)}
{
    for (int i = 0; i < 2; ++i)
        if (!m_dirs[i].empty())
            for (const std::int64_t step : listCheckpoints(m_dirs[i]))
                m_saved.emplace_back(step, i);
    std::sort(m_saved.begin(), m_saved.end()); // on a tie the job folder's file comes first
}

std::int64_t SavedCheckpoints::nearest(std::int64_t t) const
{
    const auto after = std::upper_bound(m_saved.begin(), m_saved.end(), std::make_pair(t, 2));
    return after == m_saved.begin() ? 0 : std::prev(after)->first;
}

std::optional<Checkpoint> SavedCheckpoints::latest(const Hash256 &taskId, std::int64_t atOrBefore) const
{
    CheckpointReader reader;
    Checkpoint c;
    if (!latest(taskId, atOrBefore, reader, c))
        return std::nullopt;
    return c;
}

bool SavedCheckpoints::latest(const Hash256 &taskId, std::int64_t atOrBefore, CheckpointReader &reader, Checkpoint &into) const
{
    for (auto it = m_saved.rbegin(); it != m_saved.rend(); ++it)
        if (it->first <= atOrBefore && reader.read(checkpointPath(m_dirs[it->second], it->first), taskId, into)
            && into.state.step == it->first)
            return true;
    return false;
}

void SavedCheckpoints::prefetch(std::int64_t step) const
{
    const auto at = std::lower_bound(m_saved.begin(), m_saved.end(), std::make_pair(step, 0));
    if (at != m_saved.end() && at->first == step)
        adviseCheckpointPages(m_dirs[at->second], step, PageAdvice::Prefetch);
}

} // namespace idleforge::graph
