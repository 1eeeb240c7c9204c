#pragma once

// Internal: the fixed-order reductions of Reduce.h as inline code, shared by Reduce.cpp and the
// per-ISA element kernels (internal linkage, as in MathImpl.h). The order is the contract:
//   lane[j] = ((0 + x[j]) + x[j+8]) + ...,  j = 0..7;  then
//   ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)).
// Eight lanes map onto one AVX register (or two SSE/NEON ones) without changing any add.

#include <cstddef>

namespace idleforge::repro::detail {
namespace {

inline float laneTree(const float (&lane)[8])
{
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

inline float sumFixed(const float *x, std::size_t n)
{
    float lane[8] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t j = 0; j < 8; ++j)
            lane[j] = lane[j] + x[i + j];
    for (std::size_t j = 0; i + j < n; ++j)
        lane[j] = lane[j] + x[i + j];
    return laneTree(lane);
}

// Products rounded first (no fma), then the same lanes and tree.
inline float sumProductsFixed(const float *x, const float *y, std::size_t n)
{
    float lane[8] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t j = 0; j < 8; ++j)
            lane[j] = lane[j] + x[i + j] * y[i + j];
    for (std::size_t j = 0; i + j < n; ++j)
        lane[j] = lane[j] + x[i + j] * y[i + j];
    return laneTree(lane);
}

} // namespace
} // namespace idleforge::repro::detail
