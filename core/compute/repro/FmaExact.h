#pragma once

// Internal: fused multiply-add, exactly rounded (IEEE fusedMultiplyAdd on binary32), fast on
// every target. Where the compiler targets an FMA instruction it is std::fma. On x86-64
// without FMA (the generic path), std::fma is a call into libm per element; instead, the same
// correctly rounded value is computed with binary64 arithmetic and rounding to odd
// (Boldo & Melquiond, "When double rounding is odd", 2005):
//   p = a * b in binary64 is exact (24 + 24 bits <= 53);
//   s = p + c rounded to nearest, e = the exact error of that addition (TwoSum);
//   if e != 0 and s has an even last bit, step s one ulp towards e (round-to-odd);
//   the float conversion of a round-to-odd binary64 value is the correctly rounded float.
// Internal linkage (anonymous namespace): this header is compiled with different instruction
// sets in different files, and their copies must not be merged by the linker.

#include <cmath>
#include <cstdint>
#include <cstring>

namespace idleforge::repro::detail {
namespace {

#if defined(__FMA__) || defined(__aarch64__) || defined(__ARM_FEATURE_FMA)
inline float fmaExact(float a, float b, float c)
{
    return std::fma(a, b, c);
}
#else
inline float fmaExact(float a, float b, float c)
{
    const double p = double(a) * double(b);
    const double cd = c;
    const double s = p + cd;
    const double t = s - p;
    const double e = (p - (s - t)) + (cd - t); // exact: s + e == p + c when s is finite
    std::uint64_t bits;
    std::memcpy(&bits, &s, sizeof bits);
    if (e != 0.0 && (bits & 1u) == 0 && std::isfinite(s)) {
        // Towards e: a larger magnitude if e has the sign of s, else a smaller one.
        bits += ((e > 0.0) == (s > 0.0)) ? 1 : std::uint64_t(-1);
        double odd;
        std::memcpy(&odd, &bits, sizeof odd);
        return float(odd);
    }
    return float(s);
}
#endif

} // namespace
} // namespace idleforge::repro::detail
