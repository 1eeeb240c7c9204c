#include "verify/MerkleLevels.h"

#include <stdexcept>

namespace idleforge::verify {

std::vector<std::uint64_t> merkleWidths(std::uint64_t leaves)
{
    std::vector<std::uint64_t> w{leaves};
    while (w.back() > 1)
        w.push_back((w.back() + 1) / 2);
    return w;
}

MerkleLevels::MerkleLevels(std::span<const Hash256> leaves) : m_count(leaves.size())
{
    std::vector<Hash256> level;
    for (const auto &l : leaves)
        level.push_back(crypto::merkleLeafNode(l));
    if (level.empty())
        level.push_back(crypto::merkleEmptyRoot());
    m_levels.push_back(level);
    while (m_levels.back().size() > 1) {
        const auto &below = m_levels.back();
        std::vector<Hash256> up;
        for (size_t i = 0; i < below.size(); i += 2)
            up.push_back(i + 1 < below.size() ? crypto::merkleInnerNode(below[i], below[i + 1]) : below[i]);
        m_levels.push_back(std::move(up));
    }
}

std::optional<std::pair<Hash256, std::optional<Hash256>>> MerkleLevels::children(int level, std::uint64_t index) const
{
    if (level < 1 || level > top() || index >= m_levels[size_t(level)].size())
        return std::nullopt;
    const auto &below = m_levels[size_t(level) - 1];
    const std::optional<Hash256> right = 2 * index + 1 < below.size() ? std::optional(below[2 * index + 1]) : std::nullopt;
    return std::pair{below[2 * index], right};
}

crypto::MerkleProof MerkleLevels::proof(std::uint64_t index) const
{
    if (index >= m_count)
        throw std::out_of_range("MerkleLevels::proof: leaf index out of range");
    crypto::MerkleProof p;
    p.index = index;
    p.count = m_count;
    std::uint64_t i = index;
    for (size_t level = 0; level + 1 < m_levels.size(); ++level, i /= 2)
        if (const std::uint64_t sibling = i ^ 1U; sibling < m_levels[level].size())
            p.siblings.push_back(m_levels[level][sibling]);
    return p;
}

} // namespace idleforge::verify
