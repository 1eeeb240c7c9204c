#include "compute/repro/Philox.h"

#include "compute/repro/Math.h"
#include "compute/repro/ThreadPool.h"

#include <algorithm>

namespace idleforge::repro {

namespace {

constexpr std::uint32_t kMul0 = 0xD2511F53u;
constexpr std::uint32_t kMul1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u; // golden ratio
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u; // sqrt(3) - 1

void mulHiLo(std::uint32_t a, std::uint32_t b, std::uint32_t *hi, std::uint32_t *lo)
{
    const std::uint64_t product = std::uint64_t(a) * b;
    *hi = std::uint32_t(product >> 32);
    *lo = std::uint32_t(product);
}

constexpr std::size_t kBlocksPerTask = 4096;

} // namespace

PhiloxCounter philox4x32_10(PhiloxCounter ctr, PhiloxKey key)
{
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            key[0] += kWeyl0;
            key[1] += kWeyl1;
        }
        std::uint32_t hi0, lo0, hi1, lo1;
        mulHiLo(kMul0, ctr[0], &hi0, &lo0);
        mulHiLo(kMul1, ctr[2], &hi1, &lo1);
        ctr = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
    }
    return ctr;
}

PhiloxCounter RandomStream::block(std::uint64_t index) const
{
    return philox4x32_10({std::uint32_t(index), std::uint32_t(index >> 32), step,
                          std::uint32_t(purpose)},
                         {std::uint32_t(seed), std::uint32_t(seed >> 32)});
}

std::uint32_t RandomStream::word(std::uint64_t element) const
{
    return block(element / 4)[element % 4];
}

float uniformFromBits(std::uint32_t word)
{
    return float(word >> 8) * 5.9604644775390625e-08f; // 2^-24
}

std::uint32_t uniformBelow(std::uint32_t word, std::uint32_t bound)
{
    return std::uint32_t((std::uint64_t(word) * bound) >> 32);
}

void fillUniform(float *out, std::size_t n, const RandomStream &stream, float lo, float hi)
{
    const float width = hi - lo;
    const std::size_t blocks = (n + 3) / 4;
    parallelFor((blocks + kBlocksPerTask - 1) / kBlocksPerTask, [&](std::size_t task) {
        const std::size_t end = std::min(blocks, (task + 1) * kBlocksPerTask);
        for (std::size_t b = task * kBlocksPerTask; b < end; ++b) {
            const PhiloxCounter words = stream.block(b);
            for (std::size_t w = 0; w < 4 && b * 4 + w < n; ++w)
                out[b * 4 + w] = lo + width * uniformFromBits(words[w]);
        }
    });
}

void fillNormal(float *out, std::size_t n, const RandomStream &stream, float mean, float stddev)
{
    const std::size_t blocks = (n + 3) / 4;
    parallelFor((blocks + kBlocksPerTask - 1) / kBlocksPerTask, [&](std::size_t task) {
        const std::size_t end = std::min(blocks, (task + 1) * kBlocksPerTask);
        for (std::size_t b = task * kBlocksPerTask; b < end; ++b) {
            const PhiloxCounter words = stream.block(b);
            float z[4];
            for (int pair = 0; pair < 2; ++pair) {
                const float u1 = float((words[2 * pair] >> 8) + 1) * 5.9604644775390625e-08f;
                const float t = uniformFromBits(words[2 * pair + 1]);
                const float r = math::sqrt(-2.0f * math::log(u1));
                float s, c;
                math::sinCosTurns(t, &s, &c);
                z[2 * pair] = r * c;
                z[2 * pair + 1] = r * s;
            }
            for (std::size_t w = 0; w < 4 && b * 4 + w < n; ++w)
                out[b * 4 + w] = mean + stddev * z[w];
        }
    });
}

} // namespace idleforge::repro
