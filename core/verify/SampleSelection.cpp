#include "verify/SampleSelection.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace idleforge::verify {

Hash256 seedCommitment(const Hash256 &seed)
{
    crypto::Blake2b256 h;
    h.update(std::string_view("idleforge.audit.seed-commit"));
    h.update(std::span<const std::uint8_t>(seed));
    return h.finish();
}

Hash256 seedFromText(std::string_view text)
{
    crypto::Blake2b256 h;
    h.update(std::string_view("idleforge.audit.seed-text"));
    h.update(text);
    return h.finish();
}

std::vector<std::int64_t> drawSamples(const Hash256 &seed, const Hash256 &commitment, std::int64_t steps, std::int64_t m)
{
    if (steps <= 0 || m <= 0 || m > steps)
        throw std::invalid_argument("drawSamples: need 0 < m <= steps");
    const std::uint64_t n = std::uint64_t(steps);
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n); // values >= limit are rejected
    std::set<std::int64_t> picked;
    for (std::uint64_t counter = 0; std::int64_t(picked.size()) < m; ++counter) {
        crypto::Blake2b256 h;
        h.update(std::string_view("idleforge.audit.samples"));
        h.update(std::span<const std::uint8_t>(seed));
        h.update(std::span<const std::uint8_t>(commitment));
        std::uint8_t ctr[8];
        for (int i = 0; i < 8; ++i)
            ctr[i] = std::uint8_t(counter >> (8 * i));
        h.update(std::span<const std::uint8_t>(ctr, 8));
        const Hash256 d = h.finish();
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v |= std::uint64_t(d[size_t(i)]) << (8 * i);
        if (v >= limit)
            continue;
        picked.insert(std::int64_t(v % n));
    }
    return {picked.begin(), picked.end()};
}

} // namespace idleforge::verify
