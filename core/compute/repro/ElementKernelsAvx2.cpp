// Element kernels built with -mavx2 -mfma (this file only; called only when the CPU has both).
// Same source as every other build: ElementKernelsImpl.h. See ElementKernels.h.

#include "compute/repro/ElementKernelsImpl.h"

namespace idleforge::repro::detail {

ElementKernels avx2ElementKernels()
{
    return makeElementKernels();
}

} // namespace idleforge::repro::detail
