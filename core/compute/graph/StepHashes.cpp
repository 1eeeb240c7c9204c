#include "compute/graph/StepHashes.h"
#include "base/BuildFeatures.h"

#include <algorithm>
#include <string>
#include <thread>

namespace idleforge::graph::detail {

namespace {
double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v)
{
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}
} // namespace

StepHashes::StepHashes(const Backend &backend, const RunOptions &o, RunResult &r) : m_o(o), m_r(r)
{
    const bool poolTakesEveryCore = backend.cpuThreads() > 0
        && unsigned(backend.cpuThreads()) >= std::max(1u, std::thread::hardware_concurrency());
    if (backend.announcesOptimizer())
        m_live.emplace();
    if (poolTakesEveryCore)
        m_candidates = m_live ? std::vector{Place::Inline, Place::Background, Place::Live} : std::vector{Place::Inline, Place::Background};
    else
        m_decided = m_live ? Place::Live : Place::Background;
    m_samples.resize(m_candidates.size());
}

void StepHashes::add(const TrainState &state)
{
    time();
    collect();
    const auto th = Clock::now();
    const Place at = place();
    m_r.hashPlace = at == Place::Inline ? "inline" : at == Place::Background ? "background" : "live";
    m_snapshotIsNewest = at == Place::Background;
    if (at == Place::Inline)
        record(stateHash(state, /*parallel=*/true));
    else if (at == Place::Background)
        m_hasher.submit(state);
    else
        m_live->begin(state);
    m_r.hashSeconds += secondsSince(th);
    ++m_adds;
}

void StepHashes::checkpoint(CheckpointWriter &writer, const TrainState &state, const std::vector<float> &losses)
{
    collect();
    if (m_snapshotIsNewest)
        writer.submitSwapping(m_o.taskId, m_hasher.snapshot(), m_r.hashes, losses, m_newest);
    else
        writer.submit(m_o.taskId, state, m_r.hashes, losses, m_newest);
    m_snapshotIsNewest = false; // it holds the writer's previous buffer now
}

void StepHashes::collect()
{
    const auto th = Clock::now();
    if (m_hasher.pending())
        record(m_hasher.collect());
    finishLive();
    if (m_fenced) {
        record(*m_fenced);
        m_fenced.reset();
    }
    m_r.hashSeconds += secondsSince(th);
}

void StepHashes::finishLive()
{
    if (m_live && m_live->pending())
        m_fenced = m_live->finish();
}

StepHashes::Place StepHashes::place() const
{
    if (m_decided)
        return *m_decided;
    const int n = std::max(0, m_adds - kWarmup) / kTrial;
    return m_candidates[std::min(size_t(n), m_candidates.size() - 1)];
}

void StepHashes::time()
{
    const auto now = Clock::now();
    if (!m_decided && m_adds > 0) {
        const int trial = m_adds - 1 - kWarmup;
        if (trial >= 0 && size_t(trial) < m_candidates.size() * kTrial)
            m_samples[size_t(trial / kTrial)].push_back(std::chrono::duration<double>(now - m_lastAdd).count());
        if (m_samples.back().size() == size_t(kTrial)) {
            size_t best = 0;
            for (size_t i = 1; i < m_samples.size(); ++i)
                if (median(m_samples[i]) < median(m_samples[best]))
                    best = i;
            m_decided = m_candidates[best];
        }
    }
    m_lastAdd = now;
}

void StepHashes::record(const Hash256 &h)
{
    m_newest = h;
    m_r.hashes.push_back(h);
#ifdef IDLEFORGE_FAULT_INJECTION
    if (const std::int64_t t = std::int64_t(m_r.hashes.size()) - 2; m_o.fault.kind == FaultPlan::Kind::FabricateHash
        && t >= m_o.fault.step && t <= std::max(m_o.fault.step, m_o.fault.to))
        m_r.hashes.back() = crypto::blake2b256("fabricated " + std::to_string(t));
#endif
}

} // namespace idleforge::graph::detail
