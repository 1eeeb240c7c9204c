// The repro elementary functions on a Vulkan device: core/compute/repro/MathImpl.h step by step,
// the same IEEE binary32 operations in the same order, so every device that meets the contract
// returns the CPU's bits (reproExp = repro::math::exp, reproLog = log, reproTanh = tanh,
// reproSqrt = sqrt, reproRsqrt = rsqrt). Rules that make the port exact:
//   - every float operation is written into a `precise` variable (NoContraction: each + - * is
//     one correctly rounded OpFAdd/OpFSub/OpFMul, which Vulkan guarantees, never fused);
//   - FMA is GLSL fma() on devices whose probe found it fused ("native"), else (-DIDLEFORGE_FMA64)
//     the binary64 round-to-odd emulation of fma64.glsl, as in gemm.comp;
//   - the CPU's runtime divisions and sqrt are divExact / sqrtExact (exact.glsl); its compile-time
//     constants (1.0f / 5040.0f, 2.0f / 13.0f, the decimal tanh coefficients) are written as the
//     bits the C++ compiler gives them, so no GLSL literal parsing or folding is involved;
//   - NaN, inf, signed-zero and sign tests are made on the bits (a driver may assume no NaN/inf
//     in float comparisons unless SignedZeroInfNanPreserve is declared); each is equivalent to
//     the CPU's float comparison (the comment beside it says which).
#ifndef IDLEFORGE_MATH_GLSL
#define IDLEFORGE_MATH_GLSL

#include "exact.glsl"

#ifdef IDLEFORGE_FMA64
#include "fma64.glsl"
#define FMA fmaExact
#else
#define FMA fma
#endif

#define MF(u) uintBitsToFloat(u)
#define MATH_INF MF(0x7f800000u)

// round(p * 2^k) for p in [0.5, 2), k in [-150, 128]: p * 2^(k >> 1) is exact, the second
// product the only rounding (MathImpl.h scaleByPowerOfTwo). >> on int is arithmetic, as in C++20.
float mathScaleByPowerOfTwo(float p, int k)
{
    const int k1 = k >> 1;
    const int k2 = k - k1;
    precise float t = p * MF(uint(k1 + 127) << 23);
    precise float r = t * MF(uint(k2 + 127) << 23);
    return r;
}

float reproExp(float x)
{
    const float kHi = MF(0x42b17218u);    // 88.72283935546875f
    const float kLo = MF(0xc2cff1b5u);    // -103.97208404541015625f
    const float kLog2e = MF(0x3fb8aa3bu); // 1.44269502162933349609375f
    const float kLn2Hi = MF(0x3f317200u); // 0.693145751953125f
    const float kLn2Lo = MF(0x35bfbe8eu); // 1.428606765330187045e-06f
    const float kMagic = MF(0x4b400000u); // 1.5 * 2^23
    const bool isNaN = (floatBitsToUint(x) & 0x7fffffffu) > 0x7f800000u; // x != x
    // Not NaN from here on, so the ordered comparisons are the CPU's.
    const float xc = isNaN ? 0.0 : (x > kHi ? kHi : (x < kLo ? kLo : x));
    precise float t = xc * kLog2e;
    precise float t2 = t + kMagic;
    precise float kf = t2 - kMagic;
    precise float r = FMA(-kf, kLn2Hi, xc);
    r = FMA(-kf, kLn2Lo, r);
    precise float p = MF(0x39500d01u); // 1.0f / 5040.0f
    p = FMA(p, r, MF(0x3ab60b61u));    // 1.0f / 720.0f
    p = FMA(p, r, MF(0x3c088889u));    // 1.0f / 120.0f
    p = FMA(p, r, MF(0x3d2aaaabu));    // 1.0f / 24.0f
    p = FMA(p, r, MF(0x3e2aaaabu));    // 1.0f / 6.0f
    p = FMA(p, r, 0.5);
    p = FMA(p, r, 1.0);
    p = FMA(p, r, 1.0);
    const float result = mathScaleByPowerOfTwo(p, int(kf));
    return isNaN ? x : (x > kHi ? MATH_INF : (x < kLo ? 0.0 : result));
}

float reproLog(float x)
{
    uint ix = floatBitsToUint(x);
    const uint mag = ix & 0x7fffffffu;
    if (mag > 0x7f800000u) // x != x
        return x;
    if (mag == 0u) // x == 0 (both zeros; the CPU tests x < 0 first, which -0 is not)
        return -MATH_INF;
    if ((ix & 0x80000000u) != 0u) // x < 0
        return MF(EXACT_NAN);
    if (ix == 0x7f800000u)
        return x;
    int k = 0;
    if (ix < 0x00800000u) { // subnormal: scale into the normal range
        precise float xs = x * MF(0x4c000000u); // 2^25, exact
        k = -25;
        ix = floatBitsToUint(xs);
    }
    k += int(ix >> 23) - 127;
    const uint mant = ix & 0x007fffffu;
    // If m >= sqrt(2) (mantissa >= 0x3504f3), use m/2 and k+1.
    const uint carry = (mant + 0x004afb0du) & 0x00800000u;
    const float m = MF(mant | (carry ^ 0x3f800000u));
    k += int(carry >> 23);
    precise float f = m - 1.0;
    precise float twoPlusF = 2.0 + f;
    precise float s = divExact(f, twoPlusF);
    precise float z = s * s;
    precise float R = MF(0x3e1d89d9u); // 2.0f / 13.0f
    R = FMA(R, z, MF(0x3e3a2e8cu));    // 2.0f / 11.0f
    R = FMA(R, z, MF(0x3e638e39u));    // 2.0f / 9.0f
    R = FMA(R, z, MF(0x3e924925u));    // 2.0f / 7.0f
    R = FMA(R, z, MF(0x3ecccccdu));    // 2.0f / 5.0f
    R = FMA(R, z, MF(0x3f2aaaabu));    // 2.0f / 3.0f
    R = R * z;
    precise float halfF = 0.5 * f;
    precise float hfsq = halfF * f; // 0.5f * f * f
    const float kLn2Hi = MF(0x3f317180u); // 6.9313812256e-01f
    const float kLn2Lo = MF(0x3717f7d1u); // 9.0580006145e-06f
    precise float kf = float(k); // exact, |k| < 200
    // kf * kLn2Hi - ((hfsq - (s * (hfsq + R) + kf * kLn2Lo)) - f), one rounding per operation
    precise float u1 = hfsq + R;
    precise float u2 = s * u1;
    precise float u3 = kf * kLn2Lo;
    precise float u4 = u2 + u3;
    precise float u5 = hfsq - u4;
    precise float u6 = u5 - f;
    precise float u7 = kf * kLn2Hi;
    precise float result = u7 - u6;
    return result;
}

float reproTanh(float x)
{
    const uint sign = floatBitsToUint(x) & 0x80000000u;
    const uint ua = floatBitsToUint(x) & 0x7fffffffu;
    const float a = MF(ua);
    precise float twoA = 2.0 * a;
    const float e = reproExp(twoA);
    precise float e1 = e + 1.0;
    const float q = divExact(2.0, e1);
    precise float large = 1.0 - q; // 1.0f - 2.0f / (e + 1.0f)
    precise float z = a * a;
    precise float p = MF(0xb824bec7u); // -3.9278323883316834e-05f
    p = FMA(p, z, MF(0x38cb3f0cu));    // 9.6915379569294503e-05f
    p = FMA(p, z, MF(0xb97abebcu));    // -2.3912911424355248e-04f
    p = FMA(p, z, MF(0x3a1aac12u));    // 5.9002744094558598e-04f
    p = FMA(p, z, MF(0xbabed1b2u));    // -1.4558343870513183e-03f
    p = FMA(p, z, MF(0x3b6b69e8u));    // 3.5921280365724810e-03f
    p = FMA(p, z, MF(0xbc11371bu));    // -8.8632355299021966e-03f
    p = FMA(p, z, MF(0x3cb327a4u));    // 2.1869488536155203e-02f
    p = FMA(p, z, MF(0xbd5d0dd1u));    // -5.3968253968253968e-02f
    p = FMA(p, z, MF(0x3e088889u));    // 1.3333333333333333e-01f
    p = FMA(p, z, MF(0xbeaaaaabu));    // -3.3333333333333333e-01f
    precise float az = a * z;
    precise float small = FMA(az, p, a); // a + a^3 * P(a^2)
    // a > 9.1f and a >= 0.55f on the bits: a >= 0 and not NaN orders like its bits (NaN is
    // neither, as on the CPU, and takes `small`, which is NaN).
    const bool notNaN = ua <= 0x7f800000u;
    const float r = (notNaN && ua > 0x4111999au) ? 1.0 : ((notNaN && ua >= 0x3f0ccccdu) ? large : small);
    return MF(floatBitsToUint(r) | sign);
}

float reproSqrt(float x) { return sqrtExact(x); } // std::sqrt: IEEE, correctly rounded

float reproRsqrt(float x) { return divExact(1.0, sqrtExact(x)); } // 1.0f / std::sqrt(x)

#endif
