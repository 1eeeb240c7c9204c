#pragma once

// Internal: the per-ISA GEMM micro-kernels. Contract for every kernel (it is the whole
// reproducibility argument, so it is repeated here):
//
//   For the MR x NR tile at c (row stride ldc), for each r < MR, j < NR:
//     x = c[r*ldc + j]                      // the value so far: bias, 0, or earlier k blocks
//     for k = 0 .. kc-1, in order:
//       x = fma(a[k*MR + r], b[k*NR + j], x) // one rounding, exactly IEEE fusedMultiplyAdd
//     c[r*ldc + j] = x
//
// a is a packed A panel (MR values per k), b a packed B panel (NR values per k). The kernel
// never splits the k loop into partial sums and never reorders it; vector lanes only hold
// different (r, j) outputs.

#include "compute/repro/Runtime.h"

#if defined(__FAST_MATH__)
#error "the repro kernels must never be built with -ffast-math / -Ofast (see README.md)"
#endif

#include <cstddef>

namespace idleforge::repro::detail {

using MicroKernelFn = void (*)(std::size_t kc, const float *a, const float *b, float *c,
                               std::size_t ldc);

struct MicroKernel {
    std::size_t mr;
    std::size_t nr;
    MicroKernelFn run;
};

MicroKernel genericKernel();
#if defined(IDLEFORGE_REPRO_X86)
MicroKernel avx2Kernel();
MicroKernel avx512Kernel();
#endif

MicroKernel kernelFor(Isa isa);

} // namespace idleforge::repro::detail
