// Elementary functions with defined arithmetic (see Math.h and README.md, "Own math").
// The bodies live in MathImpl.h so the per-ISA element kernels can inline the very same code.

#include "compute/repro/Math.h"

#include "compute/repro/MathImpl.h"

namespace idleforge::repro::math {

std::uint32_t bits(float x) { return impl::bits(x); }
float fromBits(std::uint32_t u) { return impl::fromBits(u); }
float exp2i(int n) { return impl::exp2i(n); }
float exp(float x) { return impl::exp(x); }
float log(float x) { return impl::log(x); }
float tanh(float x) { return impl::tanh(x); }
void sinCosTurns(float u, float *s, float *c) { impl::sinCosTurns(u, s, c); }

float sqrt(float x)
{
    return std::sqrt(x); // IEEE-754 requires correct rounding: the same bits everywhere
}

float rsqrt(float x)
{
    return 1.0f / std::sqrt(x);
}

} // namespace idleforge::repro::math
