// AVX-512F GEMM micro-kernel, 6 x 32 tile (12 zmm accumulators): the AVX2 kernel with
// registers twice as wide. Compiled with -mavx512f -mfma in this file only; called only when
// the CPU reports avx512f. Arithmetic contract: GemmKernels.h — _mm512_fmadd_ps is sixteen
// independent IEEE fma(a, b, x), one per output, applied for k in order.

#include "compute/repro/GemmKernels.h"

#include <immintrin.h>

namespace idleforge::repro::detail {

namespace {

constexpr std::size_t MR = 6;
constexpr std::size_t NR = 32;

void kernel(std::size_t kc, const float *a, const float *b, float *c, std::size_t ldc)
{
    __m512 acc[MR][2];
    for (std::size_t r = 0; r < MR; ++r) {
        acc[r][0] = _mm512_loadu_ps(c + r * ldc);
        acc[r][1] = _mm512_loadu_ps(c + r * ldc + 16);
    }
    for (std::size_t k = 0; k < kc; ++k) {
        const __m512 b0 = _mm512_load_ps(b);
        const __m512 b1 = _mm512_load_ps(b + 16);
        for (std::size_t r = 0; r < MR; ++r) {
            const __m512 av = _mm512_set1_ps(a[r]);
            acc[r][0] = _mm512_fmadd_ps(av, b0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(av, b1, acc[r][1]);
        }
        a += MR;
        b += NR;
    }
    for (std::size_t r = 0; r < MR; ++r) {
        _mm512_storeu_ps(c + r * ldc, acc[r][0]);
        _mm512_storeu_ps(c + r * ldc + 16, acc[r][1]);
    }
}

} // namespace

MicroKernel avx512Kernel()
{
    return {MR, NR, &kernel};
}

} // namespace idleforge::repro::detail
