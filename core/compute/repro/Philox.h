#pragma once

// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), the
// counter-based generator of Random123. Stateless: the same (key, counter) gives the same block
// everywhere, so any element of any random stream can be computed on its own, on any thread.

#include <array>
#include <cstddef>
#include <cstdint>

namespace idleforge::repro {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key);

// What a random stream is for; part of the counter so that streams never overlap.
enum class RandomPurpose : std::uint32_t {
    ParamInit = 1,   // parameter initialisation (step = parameter index)
    DataSampling = 2, // batch sampling (step = training step)
    Dropout = 3,
    Test = 0xffffffffu,
};

// One stream keyed by (seed, purpose, step). Block i is
//   philox4x32_10({lo32(i), hi32(i), step, purpose}, {lo32(seed), hi32(seed)}).
// Element e of the stream is word e % 4 of block e / 4.
struct RandomStream {
    std::uint64_t seed = 0;
    RandomPurpose purpose = RandomPurpose::Test;
    std::uint32_t step = 0;

    PhiloxCounter block(std::uint64_t index) const;
    std::uint32_t word(std::uint64_t element) const;
};

// u = (word >> 8) * 2^-24, in [0, 1); exact, 24 random bits.
float uniformFromBits(std::uint32_t word);

// out[e] = lo + (hi - lo) * u_e with u_e = uniformFromBits(stream.word(e)), in that float order:
// out = fma(u, hi - lo, lo) is NOT used; it is lo + ((hi - lo) * u) with two roundings.
void fillUniform(float *out, std::size_t n, const RandomStream &stream, float lo, float hi);

// Normal deviates by Box-Muller. Block i gives out[4i .. 4i+3] from its words w0..w3:
//   u1 = ((w0 >> 8) + 1) * 2^-24 in (0, 1],  t = (w1 >> 8) * 2^-24 in [0, 1)
//   r  = sqrt(-2 * log(u1)),  (s, c) = sinCosTurns(t)
//   z0 = r * c, z1 = r * s;  words w2, w3 give z2, z3 the same way
//   out = mean + std * z  (mean + (std * z), two roundings)
// log and sinCosTurns are the repro math functions.
void fillNormal(float *out, std::size_t n, const RandomStream &stream, float mean, float stddev);

// Uniform integer in [0, bound) from one word: (uint64(word) * bound) >> 32 (Lemire's
// multiply-shift without rejection; bias < bound / 2^32, stated and accepted).
std::uint32_t uniformBelow(std::uint32_t word, std::uint32_t bound);

} // namespace idleforge::repro
