#pragma once
// Which steps an audit samples. The verifier commits to a secret seed (H(seed)) before the
// solver publishes its run commitment and reveals the seed afterwards; the sample set is derived
// from both, so the solver cannot know it while committing and the verifier cannot steer it
// after seeing the commitment (DESIGN.md, "Verification" 1).
//
// drawSamples: counter-mode BLAKE2b-256 over ("idleforge.audit.samples" | seed | commitment |
// u64 LE counter); the first 8 bytes of each digest, little-endian, give a candidate by
// rejection sampling below the largest multiple of N; duplicates are skipped until m distinct
// steps are found. Returned ascending.
#include "crypto/Blake2b.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace idleforge::verify {

using crypto::Hash256;

Hash256 seedCommitment(const Hash256 &seed);
// A seed from a human-typed value (the command line's --seed S).
Hash256 seedFromText(std::string_view text);

// Precondition: 0 < m <= steps.
std::vector<std::int64_t> drawSamples(const Hash256 &seed, const Hash256 &commitment, std::int64_t steps, std::int64_t m);

} // namespace idleforge::verify
