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

// r^-1 mod b for r = 2^e and an odd b < 2^24.
inline std::uint64_t inversePowerOfTwo(int e, std::uint64_t b)
{
    std::uint64_t inv = 1 % b;
    for (int i = 0; i < e; ++i)
        inv = inv * ((b + 1) / 2) % b;
    return inv;
}

// An s with s * s == r (mod 2^26) for r == 1 (mod 8), by Hensel lifting one bit at a time.
inline std::uint64_t squareRootMod2p26(std::int64_t r)
{
    std::uint64_t s = 1;
    for (int k = 3; k < 26; ++k) // s^2 == r (mod 2^k): s or s + 2^(k-1) holds mod 2^(k+1)
        if (((s * s - std::uint64_t(r)) >> k) & 1u)
            s += std::uint64_t(1) << (k - 1);
    return s & ((1u << 26) - 1u);
}

// Exact squares k^2 * 4^j (k up to 4096, so k^2 has at most 24 bits), subnormal ones included,
// and their neighbours; and near-ties of sqrt: for an odd 25-bit c (a midpoint between two
// 24-bit significands) with c^2 == r (mod 2^p), r small, x = (c^2 - r) / 2^p * 4^j is a float
// whose root lies within |r| / 2c ulp (2^-21 to 2^-8 ulp here) of that midpoint; and x +- 1 ulp.
inline Inputs sqrtCases(std::size_t nearTies, std::uint64_t seed)
{
    Inputs in;
    for (int k = 1; k <= 4096; k = k < 64 ? k + 1 : k * 2 - 1)
        for (int j : {-74, -70, -60, -20, -1, 0, 1, 11, 40, 63})
            if (const float x = std::ldexp(float(k) * float(k), 2 * j); x != 0.0f && std::isfinite(x))
                for (std::uint32_t d : {0u, 1u, ~0u})
                    in.add(bitsOf(x) + d);
    Random rng(seed);
    for (std::size_t i = 0; in.size() < nearTies;) {
        const int t = i++ % 2 ? rng.range(-64, 64) : rng.range(-16384, 16384); // closer, or more varied
        const std::int64_t r = 8 * std::int64_t(t) + 1;
        const std::uint64_t s = squareRootMod2p26(r), m26 = (1u << 26) - 1u;
        for (std::uint64_t c : {s, (0 - s) & m26, (s + (1u << 25)) & m26, ((0 - s) + (1u << 25)) & m26,
                                s & (m26 >> 1), (0 - s) & (m26 >> 1)}) {
            if (c < (1u << 24) || c >= (1u << 25) || (c & 1u) == 0)
                continue;
            const int p = c * c < (std::uint64_t(1) << 49) ? 25 : 26;
            const std::uint64_t x2 = c * c - std::uint64_t(r);
            if ((x2 & ((std::uint64_t(1) << p) - 1)) != 0)
                continue;
            const float x = std::ldexp(float(x2 >> p), p + 2 * rng.range(-85, 50));
            if (x >= 1.17549435e-38f && std::isfinite(x))
                for (std::uint32_t d : {0u, 1u, ~0u})
                    in.add(bitsOf(x) + d);
        }
    }
    return in;
}

// Division: every pair of specials; exact ties below 2^-126 (an odd subnormal over a power of
// two, a small normal over 2^k), subnormal results of general quotients, and near-ties of normal
// quotients: for an odd 24-bit b and a small r, the 24-bit a with a * 2^p == r (mod b) makes
// a * 2^p / b = N + r / b: within |r| / b (about 2^-20) of a midpoint (N odd) or of a float.
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
        const std::uint64_t b = (rng.bits() & 0x7fffffu) | 0x800001u;
        const std::int64_t r = rng.range(1, 16) * (rng.bits() & 1u ? 1 : -1); // odd: a midpoint, even: a float
        for (int p : {24, 25}) { // a >= b (quotient in [1, 2)) needs 2^24; a < b needs 2^25
            std::uint64_t a = (std::uint64_t(r + std::int64_t(b)) % b) * inversePowerOfTwo(p, b) % b;
            if (a < (1u << 23))
                a += ((1u << 23) - a + b - 1) / b * b;
            if (a >= (1u << 24) || (p == 24) != (a >= b))
                continue;
            const int ea = rng.range(-60, 60), eb = ea + rng.range(-100, 100);
            in.add(bitsOf(std::ldexp(float(a), ea)) ^ (rng.bits() & 0x80000000u), bitsOf(std::ldexp(float(b), eb)));
        }
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
