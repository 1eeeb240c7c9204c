#pragma once
// Every level of a crypto/Merkle.h tree, so a party can answer "the children of node (level,
// index)" during a bisection. Level 0 holds the leaf nodes H(0x00 || leaf); the top level the
// root. A node whose level had no right sibling for it is promoted unchanged.
#include "crypto/Merkle.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace idleforge::verify {

using crypto::Hash256;

// Widths of the levels of a tree of `leaves` leaves, bottom up (the last is 1).
std::vector<std::uint64_t> merkleWidths(std::uint64_t leaves);

class MerkleLevels {
public:
    explicit MerkleLevels(std::span<const Hash256> leaves);
    int top() const { return int(m_levels.size()) - 1; }
    const Hash256 &root() const { return m_levels.back().front(); }
    // Children of (level, index), level >= 1: the right one is absent where the left was promoted.
    std::optional<std::pair<Hash256, std::optional<Hash256>>> children(int level, std::uint64_t index) const;
    // crypto::merkleProof(leaves, index), the same proof, from the levels kept (a solver serving m
    // samples builds the tree once, not twice a sample). Precondition: index < the leaf count.
    crypto::MerkleProof proof(std::uint64_t index) const;

private:
    std::vector<std::vector<Hash256>> m_levels;
    std::uint64_t m_count = 0; // leaves
};

} // namespace idleforge::verify
