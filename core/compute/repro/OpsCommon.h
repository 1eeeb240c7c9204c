#pragma once

// Internal helpers shared by the Ops*.cpp files.

#include "compute/repro/ElementKernels.h"
#include "compute/repro/Reduce.h"
#include "compute/repro/ThreadPool.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace idleforge::repro::detail {

// Runs fn(begin, end) over [0, n) in chunks of at least `grain` items on the kernel pool.
// Each item's arithmetic is independent of the chunking, so this only decides speed.
template<typename Fn>
void parallelRange(std::size_t n, std::size_t grain, Fn &&fn)
{
    if (n == 0)
        return;
    grain = std::max<std::size_t>(grain, 1);
    const std::size_t chunks = (n + grain - 1) / grain;
    parallelFor(chunks, [&](std::size_t chunk) {
        const std::size_t begin = chunk * grain;
        fn(begin, std::min(n, begin + grain));
    });
}

// Enough rows per task that a task does roughly `work` element operations.
inline std::size_t rowGrain(std::size_t rowCost, std::size_t work = 16384)
{
    return std::max<std::size_t>(1, work / std::max<std::size_t>(rowCost, 1));
}

template<typename Id>
void checkIds(const Id *ids, std::size_t n, std::size_t bound, const char *what)
{
    for (std::size_t i = 0; i < n; ++i) {
        if (std::int64_t(ids[i]) < 0 || std::uint64_t(ids[i]) >= bound)
            throw std::invalid_argument(std::string(what) + ": id " + std::to_string(ids[i]) +
                                        " at position " + std::to_string(i) +
                                        " is outside [0, " + std::to_string(bound) + ")");
    }
}

// One row of softmax (softmaxForward, crossEntropyForward): m = max(x); out = exp(x - m);
// s = sum(out) in Reduce.h's order; out = out / s. Returns m and s (the loss of cross-entropy
// is (m + log(s)) - x[target]). C >= 1.
struct SoftmaxRow {
    float max;
    float sum;
};
inline SoftmaxRow softmaxRow(float *out, const float *x, std::size_t C, const ElementKernels &k)
{
    float m = x[0];
    for (std::size_t i = 1; i < C; ++i)
        m = x[i] > m ? x[i] : m;
    k.expShifted(out, x, m, C);
    const float s = sum(out, C);
    for (std::size_t i = 0; i < C; ++i)
        out[i] = out[i] / s;
    return {m, s};
}

// Per-thread scratch for kernels that need a few temporary rows.
inline float *scratch(std::size_t count, int slot = 0)
{
    thread_local std::vector<float> buffers[4];
    auto &buffer = buffers[slot];
    if (buffer.size() < count)
        buffer.resize(count);
    return buffer.data();
}

} // namespace idleforge::repro::detail
