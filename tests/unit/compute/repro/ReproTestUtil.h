#pragma once

// Shared helpers for the repro kernel tests: seeded inputs, bit comparisons, ISA/thread sweeps.

#include "compute/repro/Ops.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace idleforge::repro::test {

// Uniform values in [lo, hi) from Philox (purpose Test), so inputs are the same everywhere.
inline std::vector<float> randomVector(std::size_t n, std::uint32_t tag, float lo = -1.0f,
                                       float hi = 1.0f)
{
    std::vector<float> v(n);
    fillUniform(v.data(), n, {.seed = 0x5eed, .purpose = RandomPurpose::Test, .step = tag}, lo,
                hi);
    return v;
}

inline bool sameBits(const std::vector<float> &a, const std::vector<float> &b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Index of the first differing element, or -1.
inline long long firstDifference(const std::vector<float> &a, const std::vector<float> &b)
{
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (math::bits(a[i]) != math::bits(b[i]))
            return (long long)i;
    }
    return a.size() == b.size() ? -1 : (long long)std::min(a.size(), b.size());
}

// Distance in units in the last place between two finite floats of any sign.
inline std::int64_t ulpDistance(float a, float b)
{
    auto ordered = [](float x) {
        const std::int32_t i = std::int32_t(math::bits(x));
        return i < 0 ? std::int64_t(std::int32_t(0x80000000u) - i) : std::int64_t(i);
    };
    const std::int64_t d = ordered(a) - ordered(b);
    return d < 0 ? -d : d;
}

inline std::vector<Isa> supportedIsas()
{
    std::vector<Isa> out;
    for (Isa isa : {Isa::Generic, Isa::Avx2, Isa::Avx512}) {
        if (isaSupported(isa))
            out.push_back(isa);
    }
    return out;
}

inline const std::vector<int> &threadCounts()
{
    static const std::vector<int> counts{1, 2, 3, 8};
    return counts;
}

// Restores the ISA and thread count when a test ends.
struct RuntimeGuard {
    int threads = threadCount();
    ~RuntimeGuard()
    {
        resetIsa();
        setThreadCount(threads);
    }
};

} // namespace idleforge::repro::test
