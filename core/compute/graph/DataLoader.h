#pragma once
// Batches drawn from a byte shard with the counter-based RNG, so batch t depends only on
// (seed, t) and any step can be replayed alone.
//
// Row b of step t starts at offset o_b = uniformBelow(w_b, size - context) where w_b is element
// b of the repro stream (seed, DataSampling, t). tokens = shard[o_b .. o_b+context),
// targets = shard[o_b+1 .. o_b+context], positions = 0..context-1.
#include <cstdint>
#include <span>
#include <vector>

namespace idleforge::graph {

struct Batch {
    std::int64_t batch = 0;
    std::int64_t context = 0;
    std::vector<std::int32_t> tokens;    // [batch * context]
    std::vector<std::int32_t> targets;   // [batch * context]
    std::vector<std::int32_t> positions; // [batch * context]
};

// Precondition: shard.size() > context (checked by task validation; throws otherwise).
Batch makeBatch(std::span<const std::uint8_t> shard, std::uint64_t seed, std::int64_t step,
                std::int64_t batch, std::int64_t context);

// Deterministic stand-in text for tests and demos: words from a fixed list, chosen by the repro
// stream (seed 0, Test purpose), separated by spaces. Learnable (spelling) but not trivial.
std::vector<std::uint8_t> syntheticText(std::uint64_t size);

} // namespace idleforge::graph
