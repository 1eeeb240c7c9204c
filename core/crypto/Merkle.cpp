#include "crypto/Merkle.h"

#include <stdexcept>

namespace idleforge::crypto {

Hash256 merkleLeafNode(const Hash256 &leaf)
{
    Blake2b256 h;
    h.update(std::uint8_t{0x00});
    h.update(leaf);
    return h.finish();
}

Hash256 merkleInnerNode(const Hash256 &left, const Hash256 &right)
{
    Blake2b256 h;
    h.update(std::uint8_t{0x01});
    h.update(left);
    h.update(right);
    return h.finish();
}

Hash256 merkleEmptyRoot()
{
    return blake2b256(std::span<const std::uint8_t>());
}

namespace {
// One level up: pairs hashed, an odd last node promoted as is.
std::vector<Hash256> parentLevel(const std::vector<Hash256> &level)
{
    std::vector<Hash256> up;
    up.reserve((level.size() + 1) / 2);
    for (std::size_t i = 0; i + 1 < level.size(); i += 2)
        up.push_back(merkleInnerNode(level[i], level[i + 1]));
    if (level.size() % 2 == 1)
        up.push_back(level.back());
    return up;
}

std::vector<Hash256> leafLevel(std::span<const Hash256> leaves)
{
    std::vector<Hash256> level;
    level.reserve(leaves.size());
    for (const Hash256 &leaf : leaves)
        level.push_back(merkleLeafNode(leaf));
    return level;
}
} // namespace

Hash256 merkleRoot(std::span<const Hash256> leaves)
{
    if (leaves.empty())
        return merkleEmptyRoot();
    std::vector<Hash256> level = leafLevel(leaves);
    while (level.size() > 1)
        level = parentLevel(level);
    return level.front();
}

MerkleProof merkleProof(std::span<const Hash256> leaves, std::uint64_t index)
{
    if (index >= leaves.size())
        throw std::out_of_range("merkleProof: leaf index out of range");
    MerkleProof proof;
    proof.index = index;
    proof.count = leaves.size();
    std::vector<Hash256> level = leafLevel(leaves);
    std::uint64_t i = index;
    while (level.size() > 1) {
        const std::uint64_t sibling = i ^ 1U;
        if (sibling < level.size())
            proof.siblings.push_back(level[sibling]);
        level = parentLevel(level);
        i /= 2;
    }
    return proof;
}

bool verifyMerkleProof(const Hash256 &leaf, const MerkleProof &proof, const Hash256 &root)
{
    if (proof.count == 0 || proof.index >= proof.count)
        return false;
    Hash256 node = merkleLeafNode(leaf);
    std::uint64_t i = proof.index;
    std::uint64_t n = proof.count;
    std::size_t used = 0;
    while (n > 1) {
        const bool hasSibling = (i % 2 == 1) || (i + 1 < n);
        if (hasSibling) {
            if (used >= proof.siblings.size())
                return false;
            const Hash256 &s = proof.siblings[used++];
            node = (i % 2 == 1) ? merkleInnerNode(s, node) : merkleInnerNode(node, s);
        }
        i /= 2;
        n = (n + 1) / 2;
    }
    return used == proof.siblings.size() && sodium_memcmp(node.data(), root.data(), node.size()) == 0;
}

} // namespace idleforge::crypto
