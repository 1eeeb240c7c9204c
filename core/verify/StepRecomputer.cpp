#include "verify/StepRecomputer.h"

#include "compute/graph/Training.h"

#include <chrono>
#include <exception>

namespace idleforge::verify {

Result<Hash256> ReproStepRecomputer::recompute(const graph::TrainState &s)
{
    const auto t0 = std::chrono::steady_clock::now();
    try {
        graph::TrainState copy = s;
        const Hash256 h = graph::replayStep(m_task.graph, m_exec, copy, m_task.shard, nullptr);
        m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++m_count;
        return h;
    } catch (const std::exception &e) {
        return makeError("verify.recompute_failed", QString::fromUtf8(e.what()));
    }
}

} // namespace idleforge::verify
