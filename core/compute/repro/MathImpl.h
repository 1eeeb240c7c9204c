#pragma once

// Internal: the bodies of the repro elementary functions (contract: Math.h, README.md).
// Inline and with internal linkage (anonymous namespace) on purpose: this header is compiled
// into the generic translation unit and into the per-ISA element-kernel units (built with
// -mavx2 -mfma / -mavx512f), where std::fma becomes one instruction instead of a libm call.
// Internal linkage keeps the linker from merging copies built for different instruction sets.
// The written sequence of IEEE operations is the same in every copy, so are the results.

#include "compute/repro/FmaExact.h"

#if defined(__FAST_MATH__)
#error "the repro kernels must never be built with -ffast-math / -Ofast (see README.md)"
#endif

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace idleforge::repro::math::impl {
namespace {

using ::idleforge::repro::detail::fmaExact;

inline std::uint32_t bits(float x)
{
    std::uint32_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
}

inline float fromBits(std::uint32_t u)
{
    float x;
    std::memcpy(&x, &u, sizeof x);
    return x;
}

inline float exp2i(int n)
{
    if (n >= -126)
        return fromBits(std::uint32_t(n + 127) << 23);
    return fromBits(std::uint32_t(1) << (n + 149));
}

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
// 1.5 * 2^23: adding and subtracting it rounds a float with |t| < 2^22 to the nearest integer
// (ties to even), using only IEEE adds.
constexpr float kRoundMagic = 12582912.0f;

// round(p * 2^k) for p in [0.5, 2) and k in [-150, 128]: p * 2^(k>>1) is exact (normal), so
// the second multiplication is the only rounding, subnormal and overflowing results included.
inline float scaleByPowerOfTwo(float p, int k)
{
    const int k1 = k >> 1;
    const int k2 = k - k1;
    return (p * fromBits(std::uint32_t(k1 + 127) << 23)) * fromBits(std::uint32_t(k2 + 127) << 23);
}

// exp: x = k ln2 + r, |r| <= ln2/2; e^r by a degree-7 Taylor polynomial (truncation < 3e-9
// relative); e^x = e^r * 2^k. ln2 is split so that k * kLn2Hi is exact. Written without
// branches (the argument is clamped and special inputs are selected at the end) so that a
// compiler may run independent elements in vector lanes; the value of each element is the same.
inline float exp(float x)
{
    constexpr float kHi = 88.72283935546875f;      // above: +inf
    constexpr float kLo = -103.97208404541015625f; // below: +0
    constexpr float kLog2e = 1.44269502162933349609375f;
    constexpr float kLn2Hi = 0.693145751953125f;         // 0x3f317200, 16 significant bits
    constexpr float kLn2Lo = 1.428606765330187045e-06f; // ln2 - kLn2Hi
    const bool isNaN = x != x;
    const float xc = isNaN ? 0.0f : (x > kHi ? kHi : (x < kLo ? kLo : x));
    const float kf = (xc * kLog2e + kRoundMagic) - kRoundMagic;
    float r = fmaExact(-kf, kLn2Hi, xc);
    r = fmaExact(-kf, kLn2Lo, r);
    float p = 1.0f / 5040.0f;
    p = fmaExact(p, r, 1.0f / 720.0f);
    p = fmaExact(p, r, 1.0f / 120.0f);
    p = fmaExact(p, r, 1.0f / 24.0f);
    p = fmaExact(p, r, 1.0f / 6.0f);
    p = fmaExact(p, r, 0.5f);
    p = fmaExact(p, r, 1.0f);
    p = fmaExact(p, r, 1.0f);
    const float result = scaleByPowerOfTwo(p, int(kf));
    return isNaN ? x : (x > kHi ? kInf : (x < kLo ? 0.0f : result));
}

// log: x = 2^k * m with m in [sqrt(2)/2, sqrt(2)); f = m - 1 (exact); s = f / (2 + f);
// log(m) = f - f^2/2 + s (f^2/2 + R(s^2)) with R the atanh series (the fdlibm arrangement,
// which keeps the large terms exact); log(x) = k ln2 + log(m).
inline float log(float x)
{
    std::uint32_t ix = bits(x);
    if (x != x)
        return x;
    if (x < 0.0f)
        return kNaN;
    if (x == 0.0f)
        return -kInf;
    if (ix == 0x7f800000u)
        return x;
    int k = 0;
    if (ix < 0x00800000u) { // subnormal: scale into the normal range
        x = x * 33554432.0f; // 2^25, exact
        k = -25;
        ix = bits(x);
    }
    k += int(ix >> 23) - 127;
    std::uint32_t mant = ix & 0x007fffffu;
    // If m >= sqrt(2) (mantissa >= 0x3504f3), use m/2 and k+1.
    const std::uint32_t carry = (mant + 0x004afb0du) & 0x00800000u;
    const float m = fromBits(mant | (carry ^ 0x3f800000u));
    k += int(carry >> 23);
    const float f = m - 1.0f;
    const float s = f / (2.0f + f);
    const float z = s * s;
    float R = 2.0f / 13.0f;
    R = fmaExact(R, z, 2.0f / 11.0f);
    R = fmaExact(R, z, 2.0f / 9.0f);
    R = fmaExact(R, z, 2.0f / 7.0f);
    R = fmaExact(R, z, 2.0f / 5.0f);
    R = fmaExact(R, z, 2.0f / 3.0f);
    R = R * z;
    const float hfsq = 0.5f * f * f;
    constexpr float kLn2Hi = 6.9313812256e-01f; // 0x3f317180
    constexpr float kLn2Lo = 9.0580006145e-06f; // 0x3717f7d1
    const float kf = float(k);
    return kf * kLn2Hi - ((hfsq - (s * (hfsq + R) + kf * kLn2Lo)) - f);
}

// tanh: odd. |x| < 0.55: Taylor series to x^23 (truncation < 1e-9 relative);
// 0.55 <= |x| <= 9.1: 1 - 2 / (exp(2|x|) + 1); beyond: 1 (tanh(9.1) rounds to 1 in fp32).
// Both formulas are evaluated and one is selected (no branches, see exp).
inline float tanh(float x)
{
    const std::uint32_t sign = bits(x) & 0x80000000u;
    const float a = fromBits(bits(x) & 0x7fffffffu);
    const float e = exp(2.0f * a);
    const float large = 1.0f - 2.0f / (e + 1.0f);
    const float z = a * a;
    float p = -3.9278323883316834e-05f;
    p = fmaExact(p, z, 9.6915379569294503e-05f);
    p = fmaExact(p, z, -2.3912911424355248e-04f);
    p = fmaExact(p, z, 5.9002744094558598e-04f);
    p = fmaExact(p, z, -1.4558343870513183e-03f);
    p = fmaExact(p, z, 3.5921280365724810e-03f);
    p = fmaExact(p, z, -8.8632355299021966e-03f);
    p = fmaExact(p, z, 2.1869488536155203e-02f);
    p = fmaExact(p, z, -5.3968253968253968e-02f);
    p = fmaExact(p, z, 1.3333333333333333e-01f);
    p = fmaExact(p, z, -3.3333333333333333e-01f);
    const float small = fmaExact(a * z, p, a); // a + a^3 * P(a^2)
    const float r = a > 9.1f ? 1.0f : (a >= 0.55f ? large : small);
    return fromBits(bits(r) | sign);
}

// u in turns: q = round(4u) (exact), t = u - q/4 in [-1/8, 1/8] (exact by Sterbenz),
// angle a = t * 2pi in [-pi/4, pi/4]; Taylor sin to a^11 and cos to a^12; quadrant q.
inline void sinCosTurns(float u, float *s, float *c)
{
    const float qf = (4.0f * u + kRoundMagic) - kRoundMagic;
    const float t = u - qf * 0.25f;
    const float a = t * 6.28318548202514648438f;
    const float z = a * a;
    float ps = -1.0f / 39916800.0f;
    ps = fmaExact(ps, z, 1.0f / 362880.0f);
    ps = fmaExact(ps, z, -1.0f / 5040.0f);
    ps = fmaExact(ps, z, 1.0f / 120.0f);
    ps = fmaExact(ps, z, -1.0f / 6.0f);
    const float sinA = fmaExact(a * z, ps, a);
    float pc = 1.0f / 479001600.0f;
    pc = fmaExact(pc, z, -1.0f / 3628800.0f);
    pc = fmaExact(pc, z, 1.0f / 40320.0f);
    pc = fmaExact(pc, z, -1.0f / 720.0f);
    pc = fmaExact(pc, z, 1.0f / 24.0f);
    pc = fmaExact(pc, z, -0.5f);
    const float cosA = fmaExact(z, pc, 1.0f);
    switch (int(qf) & 3) {
    case 0:
        *s = sinA, *c = cosA;
        break;
    case 1:
        *s = cosA, *c = -sinA;
        break;
    case 2:
        *s = -sinA, *c = -cosA;
        break;
    default:
        *s = -cosA, *c = sinA;
        break;
    }
}

} // namespace
} // namespace idleforge::repro::math::impl
