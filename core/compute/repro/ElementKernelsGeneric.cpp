// Element kernels, portable build (default flags). See ElementKernels.h.

#include "compute/repro/ElementKernelsImpl.h"

namespace idleforge::repro::detail {

ElementKernels genericElementKernels()
{
    return makeElementKernels();
}

ElementKernels elementKernels()
{
    switch (activeIsa()) {
#if defined(IDLEFORGE_REPRO_X86)
    case Isa::Avx2:
        return avx2ElementKernels();
    case Isa::Avx512:
        return avx512ElementKernels();
#endif
    default:
        return genericElementKernels();
    }
}

} // namespace idleforge::repro::detail
