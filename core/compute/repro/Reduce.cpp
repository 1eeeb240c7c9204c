// Fixed-order reductions (contract in Reduce.h); the loops are ReduceImpl.h. The compiler may
// not reassociate float adds (no -ffast-math), so the written order is what runs everywhere.

#include "compute/repro/Reduce.h"

#include "compute/repro/ReduceImpl.h"

#include <limits>

namespace idleforge::repro {

float sum(const float *x, std::size_t n)
{
    return detail::sumFixed(x, n);
}

float sumProducts(const float *x, const float *y, std::size_t n)
{
    return detail::sumProductsFixed(x, y, n);
}

float mean(const float *x, std::size_t n)
{
    if (n == 0)
        return std::numeric_limits<float>::quiet_NaN();
    return sum(x, n) / float(n);
}

} // namespace idleforge::repro
