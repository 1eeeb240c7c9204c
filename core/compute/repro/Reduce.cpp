// Fixed-order reductions (contract in Reduce.h): 8 strided lanes, each summed left to right
// from +0, then a fixed pairwise tree. Plain scalar code; the compiler may not reassociate
// float adds (no -ffast-math), so this order is what runs on every machine.

#include "compute/repro/Reduce.h"

#include <limits>

namespace idleforge::repro {

namespace {

float tree(const float (&lane)[8])
{
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

} // namespace

float sum(const float *x, std::size_t n)
{
    float lane[8] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t j = 0; j < 8; ++j)
            lane[j] = lane[j] + x[i + j];
    for (std::size_t j = 0; i + j < n; ++j)
        lane[j] = lane[j] + x[i + j];
    return tree(lane);
}

float sumProducts(const float *x, const float *y, std::size_t n)
{
    float lane[8] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t j = 0; j < 8; ++j)
            lane[j] = lane[j] + x[i + j] * y[i + j];
    for (std::size_t j = 0; i + j < n; ++j)
        lane[j] = lane[j] + x[i + j] * y[i + j];
    return tree(lane);
}

float mean(const float *x, std::size_t n)
{
    if (n == 0)
        return std::numeric_limits<float>::quiet_NaN();
    return sum(x, n) / float(n);
}

} // namespace idleforge::repro
