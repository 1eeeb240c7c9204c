#version 450
#extension GL_GOOGLE_include_directive : require
// The conformance probe (issue 16): known-answer arithmetic on this device, from inputs read
// out of a buffer (so no compiler can fold them). The host compares each result's bits with
// the value IEEE-754 binary32 round-to-nearest-even defines (VulkanProbe.cpp says which is which).
layout(local_size_x = 1) in;
layout(std430, binding = 0) readonly buffer In { float x[]; };
layout(std430, binding = 1) writeonly buffer Out { uint r[]; };

#ifdef IDLEFORGE_FMA64
#include "fma64.glsl"
#endif

void main()
{
    precise float v;
    // 0: fma(1 + 2^-12, 1 + 2^-12, -1): fused 2^-11 + 2^-24; a rounded product gives 2^-11.
    v = fma(x[0], x[0], x[1]);
    r[0] = floatBitsToUint(v);
    // 1: a subnormal input, 2^-140 * 1: kept, or flushed to 0.
    v = x[2] * x[3];
    r[1] = floatBitsToUint(v);
    // 2: a subnormal result, 2^-126 * 0.5 = 2^-127: kept, or flushed to 0.
    v = x[4] * x[5];
    r[2] = floatBitsToUint(v);
    // 3: a tie, (1 + 2^-23) + 2^-24: to even gives 1 + 2^-22 (towards zero: 1 + 2^-23).
    v = x[6] + x[7];
    r[3] = floatBitsToUint(v);
    // 4: 1 + 0.75 * 2^-23: nearest is 1 + 2^-23 (towards zero: 1).
    v = x[3] + x[8];
    r[4] = floatBitsToUint(v);
    // 5: -0 + -0 = -0.
    v = x[9] + x[9];
    r[5] = floatBitsToUint(v);
    // 6: 0 * -1 = -0.
    v = x[10] * -x[3];
    r[6] = floatBitsToUint(v);
    // 7: 0 / 0 is NaN; NaN != NaN.
    v = x[10] / x[10];
    r[7] = (isnan(v) && v != v) ? 1u : 0u;
    // 8: 3e38 * 3e38 = +inf.
    v = x[11] * x[11];
    r[8] = floatBitsToUint(v);
    // 9: fma with a subnormal addend: fma(2^-70, 2^-70, 2^-140) = 2^-139.
    v = fma(x[12], x[12], x[2]);
    r[9] = floatBitsToUint(v);
#ifdef IDLEFORGE_FMA64
    // 10, 11: the binary64 emulation of the fused fma on the cases of 0 and 9.
    r[10] = floatBitsToUint(fmaExact(x[0], x[0], x[1]));
    r[11] = floatBitsToUint(fmaExact(x[12], x[12], x[2]));
    // 12: binary64 to binary32 rounds to nearest: 1 + 2^-24 + 2^-50 -> 1 + 2^-23.
    precise double d = double(x[3]) + double(x[13]);
    d = d + double(x[14]);
    r[12] = floatBitsToUint(float(d));
#else
    r[10] = 0u;
    r[11] = 0u;
    r[12] = 0u;
#endif
}
