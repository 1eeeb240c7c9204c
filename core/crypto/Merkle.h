#pragma once
// Binary Merkle trees over BLAKE2b-256 leaves; the contract is written out in README.md.
//   leaf node  = H(0x00 || leaf)
//   inner node = H(0x01 || left || right)
//   a level with an odd count promotes its last node unchanged (never duplicated)
//   empty tree = H("") (BLAKE2b-256 of zero bytes)
#include "crypto/Blake2b.h"

#include <cstdint>
#include <span>
#include <vector>

namespace idleforge::crypto {

Hash256 merkleLeafNode(const Hash256 &leaf);
Hash256 merkleInnerNode(const Hash256 &left, const Hash256 &right);
Hash256 merkleEmptyRoot();

Hash256 merkleRoot(std::span<const Hash256> leaves);

// Siblings from the leaf level upwards; levels where the node was promoted contribute none.
struct MerkleProof {
    std::uint64_t index = 0;
    std::uint64_t count = 0;
    std::vector<Hash256> siblings;
};

// Precondition: index < leaves.size().
MerkleProof merkleProof(std::span<const Hash256> leaves, std::uint64_t index);

// False for any inconsistency (index out of range, wrong number of siblings, wrong root).
bool verifyMerkleProof(const Hash256 &leaf, const MerkleProof &proof, const Hash256 &root);

} // namespace idleforge::crypto
