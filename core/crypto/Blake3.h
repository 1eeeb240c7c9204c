#pragma once
// BLAKE3 with a 256-bit digest (unkeyed), the hash of the training state's tensor leaves
// (graph::tensorLeafHash): h_t hashes the whole state every step, and BLAKE3's SIMD tree hashes
// it at 3-9 GB/s a core (AVX2 to AVX-512) against BLAKE2b's ~0.7-0.9 GB/s (core/verify/README.md,
// "State hashing").
// Everything else (Merkle nodes, ids, envelopes, blobs) stays BLAKE2b (Blake2b.h).
//
// The implementation is the BLAKE3 team's C library, compiled from the sources Debian ships in
// librust-blake3-dev (core/crypto/CMakeLists.txt); its dispatcher picks SSE2/SSE4.1/AVX2/AVX-512
// at run time, so the digest is the same on every CPU (TestBlake3 checks the published vectors).
#include "crypto/Blake2b.h" // Hash256

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace idleforge::crypto {

Hash256 blake3_256(std::span<const std::uint8_t> data);
Hash256 blake3_256(std::string_view data);

// Incremental hashing: update() any number of times, then finish() once.
class Blake3Hasher {
public:
    Blake3Hasher();
    void update(std::span<const std::uint8_t> data);
    void update(std::string_view data);
    Hash256 finish(); // the object must not be updated after finish()

    static constexpr std::size_t kStateBytes = 1920; // >= sizeof(blake3_hasher), checked in the .cpp

private:
    alignas(8) unsigned char m_state[kStateBytes];
    bool m_finished = false;
};

} // namespace idleforge::crypto
