#pragma once

// Internal: element-wise loops that call the elementary functions, built once per ISA path
// (generic, -mavx2 -mfma, -mavx512f) from the same source, ElementKernelsImpl.h. The only
// difference between the builds is speed: std::fma is an instruction instead of a libm call,
// and the compiler may run independent elements in vector lanes. Each element's sequence of
// IEEE operations is the one written in the source (-ffp-contract=off), so all builds agree
// bit for bit (checked by TestReproDeterminism).

#include "compute/repro/Runtime.h"

#include <cstddef>

namespace idleforge::repro::detail {

struct AdamWScalars {
    float lr, beta1, beta2, eps;
    float oneMinusBeta1, oneMinusBeta2; // rounded once per call
    float bc1, bc2;                     // 1 - beta^t
    float decay;                        // 1 - lr * weightDecay
};

struct ElementKernels {
    void (*geluForward)(float *out, const float *x, std::size_t n);
    void (*geluBackward)(float *dx, const float *dOut, const float *x, std::size_t n);
    // out[i] = exp(x[i] - shift)
    void (*expShifted)(float *out, const float *x, float shift, std::size_t n);
    void (*adamW)(float *param, float *m, float *v, const float *grad, std::size_t n,
                  const AdamWScalars &s);
    // LayerNorm over `rows` rows of C (formulas in Ops.h); backward writes only dx, using
    // `scratch` (2 * C floats) for norm and dnorm.
    void (*layerNormForwardRows)(float *out, float *mean, float *rstd, const float *x,
                                 const float *weight, const float *bias, std::size_t rows,
                                 std::size_t C, float eps);
    void (*layerNormBackwardRows)(float *dx, const float *dOut, const float *x,
                                  const float *weight, const float *mean, const float *rstd,
                                  std::size_t rows, std::size_t C, float *scratch);
};

ElementKernels genericElementKernels();
#if defined(IDLEFORGE_REPRO_X86)
ElementKernels avx2ElementKernels();
ElementKernels avx512ElementKernels();
#endif

// The kernels of the active ISA path.
ElementKernels elementKernels();

} // namespace idleforge::repro::detail
