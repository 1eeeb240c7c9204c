// Correctly rounded binary32 division and square root for the repro contract on any Vulkan
// device (core/compute/repro/README.md: "/" and sqrt are IEEE, round to nearest even, subnormals
// kept). Vulkan gives OpFDiv 2.5 ulp and sqrt() an inherited 1/inversesqrt() precision, so GLSL
// "/" and sqrt() must not produce a repro value. Here neither uses a floating-point instruction:
//   - the operands' bits are split into sign, exponent and 24-bit significand (OpBitcast, shifts
//     and masks; findMSB normalises a subnormal significand);
//   - divExact runs a restoring long division of the significands, one quotient bit per step
//     (the partial remainder stays below 2^25), 26 quotient bits = 24 + 2;
//   - sqrtExact runs the digit-by-digit (restoring) integer square root of the significand
//     shifted to 52 bits, two radicand bits per step (remainder < 2^27), 26 root bits;
//   - the remainder says whether anything is left below those bits (sticky), and one rounding
//     routine rounds (26 bits, sticky) to nearest even at the position the result's exponent
//     dictates: 24 bits for a normal result, fewer for a subnormal one (gradual underflow: the
//     dropped bits and the sticky decide), infinity past the largest finite value.
// Every step is a 32-bit uint or int add, subtract, shift, compare or bit operation, which SPIR-V
// defines exactly on every device; so the result is the exactly rounded one by construction, no
// matter how the device's float unit rounds, contracts or flushes. Specials (signed zeros, inf,
// NaN) are decided on the bits too, with the results IEEE-754 defines (and an x86 CPU gives);
// which NaN comes out is not part of the contract (the quiet NaN 0x7fc00000 here).
#ifndef IDLEFORGE_EXACT_GLSL
#define IDLEFORGE_EXACT_GLSL

#define EXACT_NAN 0x7fc00000u
#define EXACT_INF 0x7f800000u

// A nonzero finite magnitude (sign bit clear) as sig * 2^e with sig in [2^23, 2^24).
void exactUnpack(uint u, out uint sig, out int e)
{
    const uint biased = u >> 23;
    const uint m = u & 0x007fffffu;
    if (biased != 0u) {
        sig = m | 0x00800000u;
        e = int(biased) - 150;
    } else { // subnormal: m * 2^-149, m in [1, 2^23)
        const int shift = 23 - findMSB(m);
        sig = m << uint(shift);
        e = -149 - shift;
    }
}

// The bits of the float nearest (ties to even) to (q + f) * 2^(lead - 25), with q in
// [2^25, 2^26), 0 <= f < 1 and f > 0 exactly when `sticky`: `lead` is the exponent of q's leading
// bit. A normal result keeps q's top 24 bits; a subnormal one keeps the bits at or above 2^-149
// (everything below joins the rounding); the significand's carry into the exponent field gives
// the next binade (or min normal, or inf) by itself.
uint exactRoundPack(uint sign, int lead, uint q, bool sticky)
{
    int biased = lead + 127;
    if (biased >= 255)
        return sign | EXACT_INF;
    const int drop = min(2 + max(1 - biased, 0), 27); // 27 drops all 26 bits, below the half
    biased = max(biased, 1); // a subnormal has the exponent field 0 = (1 - 1)
    uint kept = q >> uint(drop);
    const uint rest = q & ((1u << uint(drop)) - 1u);
    const uint halfway = 1u << uint(drop - 1);
    if (rest > halfway || (rest == halfway && (sticky || (kept & 1u) != 0u)))
        kept += 1u;
    return sign | ((uint(biased - 1) << 23) + kept);
}

// a / b, correctly rounded (IEEE-754 division, round to nearest even).
float divExact(float a, float b)
{
    const uint ua = floatBitsToUint(a), ub = floatBitsToUint(b);
    const uint sign = (ua ^ ub) & 0x80000000u;
    const uint aa = ua & 0x7fffffffu, ab = ub & 0x7fffffffu;
    if (aa > EXACT_INF || ab > EXACT_INF) // NaN in, NaN out
        return uintBitsToFloat(EXACT_NAN);
    if (aa == EXACT_INF) // inf / inf is NaN, inf / finite is inf
        return uintBitsToFloat(ab == EXACT_INF ? EXACT_NAN : sign | EXACT_INF);
    if (ab == EXACT_INF) // finite / inf is a signed zero
        return uintBitsToFloat(sign);
    if (ab == 0u) // 0 / 0 is NaN, x / 0 is a signed inf
        return uintBitsToFloat(aa == 0u ? EXACT_NAN : sign | EXACT_INF);
    if (aa == 0u)
        return uintBitsToFloat(sign);
    uint ma, mb;
    int ea, eb;
    exactUnpack(aa, ma, ea);
    exactUnpack(ab, mb, eb);
    int lead = ea - eb; // a / b = (ma / mb) * 2^(ea - eb)
    if (ma < mb) { // make ma / mb lie in [1, 2): its first quotient bit is then 1
        ma <<= 1;
        lead -= 1;
    }
    uint q = 0u; // ma < 2 mb < 2^25 on entry to every step
    for (int i = 0; i < 26; ++i) {
        q <<= 1;
        if (ma >= mb) {
            ma -= mb;
            q |= 1u;
        }
        ma <<= 1;
    }
    // q = floor((ma / mb) * 2^25) in [2^25, 2^26); a remainder left means more bits below.
    return uintBitsToFloat(exactRoundPack(sign, lead, q, ma != 0u));
}

// sqrt(x), correctly rounded (IEEE-754 squareRoot): sqrt(-0) = -0, x < 0 gives NaN.
float sqrtExact(float x)
{
    const uint u = floatBitsToUint(x);
    if ((u & 0x7fffffffu) == 0u)
        return x; // +-0
    if (u >= EXACT_INF) // +inf stays; NaN and every negative value (sign bit set) give NaN
        return uintBitsToFloat(u == EXACT_INF ? u : EXACT_NAN);
    uint m;
    int e;
    exactUnpack(u, m, e);
    // An even exponent: m in [2^24, 2^26), x = m * 2^e; the radicand N = m * 2^26 in [2^50, 2^52).
    if ((e & 1) != 0) {
        m <<= 1;
        e -= 1;
    } else {
        m <<= 2;
        e -= 2;
    }
    uint root = 0u, rem = 0u; // rem <= 2 root < 2^27 after every step
    for (int i = 0; i < 26; ++i) {
        const uint pair = i < 13 ? (m >> uint(24 - 2 * i)) & 3u : 0u; // N's next two bits
        rem = (rem << 2) | pair;
        const uint trial = (root << 2) | 1u;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1u;
        }
    }
    // root = floor(sqrt(N)) in [2^25, 2^26); sqrt(x) = sqrt(N) * 2^((e - 26) / 2), e even.
    return uintBitsToFloat(exactRoundPack(0u, (e - 26) / 2 + 25, root, rem != 0u));
}

#endif
