#pragma once

// Fixed-order reductions. Every sum over a vector in the repro kernels uses this order, on
// every ISA and thread count:
//
//   lane[j] = 0 + x[j] + x[j+8] + x[j+16] + ...   (j = 0..7, left to right, fp32 adds)
//   sum     = ((lane0 + lane1) + (lane2 + lane3)) + ((lane4 + lane5) + (lane6 + lane7))
//
// The lanes start at +0.0f and add in index order; a lane with no elements stays +0.0f.

#include <cstddef>

namespace idleforge::repro {

float sum(const float *x, std::size_t n);
// sum(x[i] * y[i]) with the product rounded first (no fma), same lane/tree order.
float sumProducts(const float *x, const float *y, std::size_t n);
// sum(x) / float(n) (one division; n is converted to float, exact for n <= 2^24). n = 0 -> NaN.
float mean(const float *x, std::size_t n);

} // namespace idleforge::repro
