// Element kernels built with -mavx512f -mfma (this file only; called only when the CPU has AVX-512F).
// Same source as every other build: ElementKernelsImpl.h. See ElementKernels.h.

#include "compute/repro/ElementKernelsImpl.h"

namespace idleforge::repro::detail {

ElementKernels avx512ElementKernels()
{
    return makeElementKernels();
}

} // namespace idleforge::repro::detail
