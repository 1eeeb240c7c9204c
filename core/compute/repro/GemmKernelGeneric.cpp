// Generic GEMM micro-kernel: portable C++, any CPU. Arithmetic contract: GemmKernels.h —
// each output is x = fma(a[k], b[k], x) for k in order, starting from the value in C.
// fmaExact (FmaExact.h) is the exactly rounded fma: the instruction where the target has one,
// else a binary64 round-to-odd evaluation of the same value (much faster than a libm call per
// element). -ffp-contract=off keeps the compiler from fusing anything else.

#include "compute/repro/FmaExact.h"
#include "compute/repro/GemmKernels.h"

namespace idleforge::repro::detail {

namespace {

constexpr std::size_t MR = 6;
constexpr std::size_t NR = 16;

void kernel(std::size_t kc, const float *a, const float *b, float *c, std::size_t ldc)
{
    float acc[MR][NR];
    for (std::size_t r = 0; r < MR; ++r)
        for (std::size_t j = 0; j < NR; ++j)
            acc[r][j] = c[r * ldc + j];
    for (std::size_t k = 0; k < kc; ++k) {
        const float *ak = a + k * MR;
        const float *bk = b + k * NR;
        for (std::size_t r = 0; r < MR; ++r)
            for (std::size_t j = 0; j < NR; ++j)
                acc[r][j] = fmaExact(ak[r], bk[j], acc[r][j]);
    }
    for (std::size_t r = 0; r < MR; ++r)
        for (std::size_t j = 0; j < NR; ++j)
            c[r * ldc + j] = acc[r][j];
}

} // namespace

MicroKernel genericKernel()
{
    return {MR, NR, &kernel};
}

MicroKernel kernelFor(Isa isa)
{
    switch (isa) {
#if defined(IDLEFORGE_REPRO_X86)
    case Isa::Avx2:
        return avx2Kernel();
    case Isa::Avx512:
        return avx512Kernel();
#endif
    default:
        return genericKernel();
    }
}

} // namespace idleforge::repro::detail
