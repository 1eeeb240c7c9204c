#include "compute/graph/DataLoader.h"

#include "compute/repro/Philox.h"

#include <stdexcept>

namespace idleforge::graph {

Batch makeBatch(std::span<const std::uint8_t> shard, std::uint64_t seed, std::int64_t step, std::int64_t batch,
                std::int64_t context)
{
    if (context < 1 || batch < 1 || shard.size() <= std::uint64_t(context) || shard.size() - std::uint64_t(context) > 0xffffffffu)
        throw std::invalid_argument("data shard too small (or above 4 GiB) for the context");
    Batch b;
    b.batch = batch;
    b.context = context;
    const size_t n = size_t(batch * context);
    b.tokens.resize(n);
    b.targets.resize(n);
    b.positions.resize(n);
    const repro::RandomStream stream{seed, repro::RandomPurpose::DataSampling, std::uint32_t(step)};
    const auto bound = std::uint32_t(shard.size() - size_t(context));
    for (std::int64_t r = 0; r < batch; ++r) {
        const size_t offset = repro::uniformBelow(stream.word(std::uint64_t(r)), bound);
        for (std::int64_t t = 0; t < context; ++t) {
            const size_t i = size_t(r * context + t);
            b.tokens[i] = shard[offset + size_t(t)];
            b.targets[i] = shard[offset + size_t(t) + 1];
            b.positions[i] = std::int32_t(t);
        }
    }
    return b;
}

std::vector<std::uint8_t> syntheticText(std::uint64_t size)
{
    static constexpr const char *kWords[] = {"the", "forge", "idle", "train", "step", "model", "graph", "hash",
                                             "verify", "proof", "node", "tensor", "loss", "falls", "gradient", "commit"};
    constexpr std::uint32_t kCount = sizeof kWords / sizeof kWords[0];
    const repro::RandomStream stream{0, repro::RandomPurpose::Test, 0x7e57};
    std::vector<std::uint8_t> out;
    out.reserve(size);
    for (std::uint64_t w = 0; out.size() < size; ++w) {
        for (const char *c = kWords[repro::uniformBelow(stream.word(w), kCount)]; *c && out.size() < size; ++c)
            out.push_back(std::uint8_t(*c));
        if (out.size() < size)
            out.push_back(' ');
    }
    return out;
}

} // namespace idleforge::graph
