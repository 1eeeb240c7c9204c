#pragma once
// Inputs for TestVulkanMath, as float bit patterns: every special class, the cases where
// rounding is hardest (ties and near-ties of division, near-ties of sqrt, subnormal results),
// and seeded random bit patterns (a fixed splitmix64 stream, so every run and machine sees the
// same inputs). Unary ops use `a`; division uses the pairs (a[i], b[i]).

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace idleforge::test::vkmath {

struct Inputs {
    std::vector<std::uint32_t> a, b;
    void add(std::uint32_t x, std::uint32_t y = 0)
    {
        a.push_back(x);
        b.push_back(y);
    }
    std::size_t size() const { return a.size(); }
};

inline std::uint32_t bitsOf(float f) { return std::bit_cast<std::uint32_t>(f); }
inline float floatOf(std::uint32_t u) { return std::bit_cast<float>(u); }

class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    std::uint32_t bits() { return std::uint32_t(next() >> 32); }
    // A uniform integer in [lo, hi].
    int range(int lo, int hi) { return lo + int(next() % std::uint64_t(hi - lo + 1)); }
    // A random sign and significand with the biased exponent field `e` (0: a subnormal).
    std::uint32_t withExponent(int e) { return (bits() & 0x807fffffu) | (std::uint32_t(e) << 23); }

private:
    std::uint64_t m_state;
};

// Every special class and its neighbours, both signs: zeros, the subnormal and normal
// extremes, inf, NaNs (quiet, signalling, negative), 1 and small integers, powers of two around
// the exponent limits, and the thresholds of exp, log and tanh (MathImpl.h).
inline std::vector<std::uint32_t> specials()
{
    std::vector<std::uint32_t> base = {
        0x00000000u, 0x00000001u, 0x00000002u, 0x00000003u, 0x007fffffu, 0x007ffffeu, 0x00400000u, 0x00800000u,
        0x00800001u, 0x00ffffffu, 0x7f7fffffu, 0x7f7ffffeu, 0x7f000000u, 0x7e800000u, 0x7f800000u, 0x3f800000u,
        0x3f800001u, 0x3f7fffffu, 0x40000000u, 0x40400000u, 0x3f000000u, 0x3dcccccdu, 0x40490fdbu, 0x3fb504f3u,
        0x3f3504f3u, 0x3f3504f2u, 0x3f3504f4u, 0x42b17218u, 0x42b17217u, 0x42b17219u, 0xc2cff1b5u, 0xc2cff1b4u,
        0xc2cff1b6u, 0xc2aeac50u, 0xc2aeac4fu, 0x4111999au, 0x41119999u, 0x4111999bu, 0x3f0ccccdu, 0x3f0ccccbu,
        0x3f0ccccfu, 0x39800000u, 0x33800000u, 0x0c000000u, 0x1f800000u, 0x5f800000u, 0x4b400000u, 0x4b7fffffu};
    std::vector<std::uint32_t> out;
    for (std::uint32_t u : base) {
        out.push_back(u);
        out.push_back(u | 0x80000000u);
    }
    for (std::uint32_t nan : {0x7fc00000u, 0xffc00000u, 0x7f800001u, 0x7fffffffu, 0xff800001u})
        out.push_back(nan);
    return out;
}

// Exact squares k^2 * 4^j (k up to 4096, so k^2 has at most 24 bits), subnormal ones included,
// and their neighbours; and near-ties of sqrt: x = the float nearest (y + ulp(y)/2)^2 for a
// random y, whose root lies within a fraction of an ulp of a rounding boundary, and x +- 1, 2.
inline Inputs sqrtCases(std::size_t nearTies, std::uint64_t seed)
{
    Inputs in;
    for (int k = 1; k <= 4096; k = k < 64 ? k + 1 : k * 2 - 1)
        for (int j : {-74, -70, -60, -20, -1, 0, 1, 11, 40, 63})
            if (const float x = std::ldexp(float(k) * float(k), 2 * j); x != 0.0f && std::isfinite(x))
                for (std::uint32_t d : {0u, 1u, ~0u})
                    in.add(bitsOf(x) + d);
    Random rng(seed);
    for (std::size_t i = 0; i < nearTies; ++i) {
        const float y = floatOf((rng.bits() & 0x007fffffu) | (std::uint32_t(rng.range(1, 254)) << 23));
        const double mid = double(y) + std::ldexp(double(std::nextafter(y, INFINITY) - y), -1);
        const float x = float(mid * mid);
        if (!std::isfinite(x) || x == 0.0f)
            continue;
        for (std::uint32_t d : {0u, 1u, 2u, ~0u, ~1u})
            in.add(bitsOf(x) + d);
    }
    return in;
}

// Division: every pair of specials; exact ties below 2^-126 (an odd subnormal over a power of
// two, a small normal over 2^k), subnormal results of general quotients, and near-ties of normal
// quotients: a = the float nearest b * (q + ulp/2) for random b, q, and a +- 1.
inline Inputs divCases(std::size_t random, std::uint64_t seed)
{
    Inputs in;
    const std::vector<std::uint32_t> s = specials();
    for (std::uint32_t x : s)
        for (std::uint32_t y : s)
            in.add(x, y);
    Random rng(seed);
    for (std::size_t i = 0; i < random; ++i) {
        const std::uint32_t sub = (rng.bits() & 0x807fffffu) | 1u; // an odd subnormal (or 1)
        in.add(sub, bitsOf(std::ldexp(1.0f, rng.range(-3, 26))) ^ (rng.bits() & 0x80000000u));
        in.add(rng.withExponent(rng.range(1, 30)), bitsOf(std::ldexp(rng.range(1, 255) * 1.0f, rng.range(0, 30))));
        in.add(rng.withExponent(rng.range(0, 40)), rng.withExponent(rng.range(100, 160)));
        const float b = floatOf(rng.withExponent(rng.range(64, 190))); // b * q stays normal
        const float q = floatOf(rng.withExponent(rng.range(64, 190)));
        const double mid = double(q) + std::ldexp(double(std::nextafter(q, q > 0 ? INFINITY : -INFINITY) - q), -1);
        const float a = float(double(b) * mid); // exact in binary64 (24 + 25 bits), then rounded
        if (std::isfinite(a) && a != 0.0f)
            for (std::uint32_t d : {0u, 1u, ~0u})
                in.add(bitsOf(a) + d, bitsOf(b));
    }
    return in;
}

// `n` random inputs for a unary op: half raw 32-bit patterns (every exponent equally likely,
// NaN and inf included), half in the op's working range (`lo`..`hi` as a uniform value when
// lo < hi, else raw patterns whose exponent field is at most `maxExponent`).
inline Inputs unaryRandom(std::size_t n, std::uint64_t seed, float lo, float hi, int maxExponent)
{
    Inputs in;
    Random rng(seed);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 2 == 0)
            in.add(rng.bits());
        else if (i % 4 == 1 && lo < hi)
            in.add(bitsOf(lo + (hi - lo) * float(double(rng.next() >> 40) * 0x1p-24)));
        else
            in.add(rng.withExponent(rng.range(0, maxExponent)));
    }
    return in;
}

// `n` random pairs: half raw patterns for both, half with b's exponent within 40 of a's (the
// quotients that are normal, or just under- or overflow).
inline Inputs divRandom(std::size_t n, std::uint64_t seed)
{
    Inputs in;
    Random rng(seed);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t a = rng.bits();
        if (i % 2 == 0) {
            in.add(a, rng.bits());
            continue;
        }
        const int ea = int((a >> 23) & 0xffu);
        in.add(a, rng.withExponent(std::max(0, std::min(254, ea + rng.range(-40, 40)))));
    }
    return in;
}

} // namespace idleforge::test::vkmath
