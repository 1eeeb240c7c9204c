#include "verify/StepRecomputer.h"

#include "compute/graph/Training.h"

#include <chrono>
#include <exception>

namespace idleforge::verify {

Result<Hash256> StepRecomputer::advance(graph::TrainState &)
{
    return makeError("verify.no_replay", QStringLiteral("this recomputer cannot replay a whole run"));
}

Result<Hash256> ReproStepRecomputer::recompute(const graph::TrainState &s)
{
    graph::copyStateInto(m_copy, s);
    return advance(m_copy);
}

Result<Hash256> ReproStepRecomputer::advance(graph::TrainState &s)
{
    const auto t0 = std::chrono::steady_clock::now();
    try {
        const Hash256 h = graph::replayStep(m_task.graph, m_exec, s, m_task.shard, nullptr);
        m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++m_count;
        return h;
    } catch (const std::exception &e) {
        return makeError("verify.recompute_failed", QString::fromUtf8(e.what()));
    }
}

} // namespace idleforge::verify
