#pragma once
// BLAKE2b with a 256-bit digest (unkeyed), the hash of every commitment in IdleForge.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <sodium.h>

namespace idleforge::crypto {

using Hash256 = std::array<std::uint8_t, 32>;

Hash256 blake2b256(std::span<const std::uint8_t> data);
Hash256 blake2b256(std::string_view data);

// Incremental hashing: update() any number of times, then finish() once.
class Blake2b256 {
public:
    Blake2b256();
    void update(std::span<const std::uint8_t> data);
    void update(std::string_view data);
    void update(std::uint8_t byte) { update(std::span<const std::uint8_t>(&byte, 1)); }
    Hash256 finish(); // the object must not be updated after finish()

private:
    crypto_generichash_state m_state;
    bool m_finished = false;
};

// Lower-case hex of arbitrary bytes / of a hash, and back.
std::string toHex(std::span<const std::uint8_t> bytes);
inline std::string toHex(const Hash256 &h) { return toHex(std::span<const std::uint8_t>(h)); }
std::optional<std::string> hexToBytes(std::string_view hex); // raw bytes in a std::string
std::optional<Hash256> hashFromHex(std::string_view hex);    // exactly 64 hex digits

} // namespace idleforge::crypto
