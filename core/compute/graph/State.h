#pragma once
// Training state s_t and its commitment h_t (DESIGN.md, "Commitments").
//
// A state is the step counter plus named fp32 tensors: every parameter ("param/<name>") and,
// for AdamW, its moments ("adam_m/<name>", "adam_v/<name>"). Tensors are kept sorted by name,
// which is also the leaf order of the state's Merkle tree.
//
// Leaf hash of a tensor (all integers little-endian):
//   BLAKE3-256( u32 len(name) || name || u32 len(dtype) || dtype || u32 ndim || i64 dims...
//               || element bytes, little-endian )
// with dtype "f32" for tensors and "i64" for the step counter (name "step", shape []).
// h_t = merkleRoot(leaves sorted by name) with the crypto/Merkle.h tree (BLAKE2b nodes).
// BLAKE3 since protocol version 2 (BLAKE2b before): the leaves are all the bytes h_t hashes every
// step, and BLAKE3 hashes them 3.7x (AVX2) to 8x (AVX-512) faster on one core (core/verify/README.md,
// "State hashing").
#include "crypto/Blake2b.h"
#include "compute/graph/Graph.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace idleforge::graph {

using crypto::Hash256;

struct StateTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> data;
};

struct TrainState {
    std::int64_t step = 0;
    std::vector<StateTensor> tensors; // sorted by name

    StateTensor *find(std::string_view name);
    const StateTensor *find(std::string_view name) const;
};

std::string paramStateName(std::string_view param);
std::string adamMName(std::string_view param);
std::string adamVName(std::string_view param);

// s_0: parameters initialised from the Philox stream keyed by (seed, ParamInit, param index),
// optimizer moments zero.
TrainState initialState(const Graph &g);

// dst = src, reusing dst's buffers (their capacity, the names when equal), so a snapshot taken
// every step or every checkpoint allocates nothing after the first (StateHasher, CheckpointWriter).
void copyStateInto(TrainState &dst, const TrainState &src);

Hash256 tensorLeafHash(std::string_view name, std::string_view dtype, std::span<const std::int64_t> shape,
                       std::span<const std::uint8_t> bytes);
Hash256 floatTensorLeafHash(std::string_view name, std::span<const std::int64_t> shape, std::span<const float> data);

// Leaves in tree order (the step counter's leaf included) and their root h_t.
// `parallel` hashes the leaves on the repro kernel pool; pass false from a thread that must not
// use the pool (the pool runs one parallel loop at a time).
std::vector<Hash256> stateLeaves(const TrainState &s, bool parallel = true);
Hash256 stateHash(const TrainState &s, bool parallel = true);
// The same from the leaves of s's tensors, tensorLeaves[i] = floatTensorLeafHash of s.tensors[i],
// and the step counter `step` (LiveStateHasher: s.step may have moved on meanwhile).
Hash256 stateHashFromLeaves(const TrainState &s, std::span<const Hash256> tensorLeaves, std::int64_t step);

// The final model hash: Merkle root over the parameter leaves only (no optimizer state), so a
// model can be recognised whatever optimizer trained it.
Hash256 modelHash(const TrainState &s);

// Same tensor names and shapes as the graph's initial state would have.
bool stateMatchesGraph(const TrainState &s, const Graph &g);

} // namespace idleforge::graph
