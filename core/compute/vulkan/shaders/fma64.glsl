// The exactly rounded fp32 fma from binary64 with rounding to odd (Boldo & Melquiond), the
// same steps as core/compute/repro/FmaExact.h's portable path. Included by the shaders built
// with -DIDLEFORGE_FMA64 (devices whose GLSL fma() is not fused but that have shaderFloat64).
// `precise` keeps every multiply and add apart (NoContraction): each is one rounding.
#ifndef IDLEFORGE_FMA64_GLSL
#define IDLEFORGE_FMA64_GLSL
float fmaExact(float a, float b, float c)
{
    precise double p = double(a) * double(b); // exact: 24 + 24 bits <= 53
    precise double cd = double(c);
    precise double s = p + cd;
    precise double t = s - p;
    precise double e = (p - (s - t)) + (cd - t); // TwoSum: s + e == p + c exactly
    uvec2 w = unpackDouble2x32(s); // .x low word, .y high word
    if (e != 0.0LF && (w.x & 1u) == 0u && !isinf(s) && !isnan(s)) {
        // One ulp towards e: a larger magnitude if e has the sign of s, else a smaller one.
        if ((e > 0.0LF) == (s > 0.0LF)) {
            w.x += 1u;
            if (w.x == 0u)
                w.y += 1u;
        } else {
            if (w.x == 0u)
                w.y -= 1u;
            w.x -= 1u;
        }
        s = packDouble2x32(w);
    }
    return float(s); // round to nearest even of a round-to-odd value: the correctly rounded float
}
#endif
