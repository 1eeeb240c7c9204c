#pragma once
// Base58 with the Bitcoin alphabet (no checksum), as Solana uses for addresses and signatures.
// Each leading zero byte becomes a leading '1' and back.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace idleforge::crypto {

std::string base58Encode(std::span<const std::uint8_t> bytes);
// nullopt for any character outside the alphabet (whitespace included).
std::optional<std::vector<std::uint8_t>> base58Decode(std::string_view text);

} // namespace idleforge::crypto
