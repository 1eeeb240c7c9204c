#pragma once
// HMAC-SHA512 and PBKDF2-HMAC-SHA512, the primitives under BIP39 (seed from mnemonic) and
// SLIP-0010 (key derivation). Outputs are secrets, so they come back in SecureBuffers.
#include "crypto/SecureBuffer.h"

#include <cstdint>
#include <span>

namespace idleforge::crypto {

// 64-byte HMAC-SHA512(key, message); any key length.
SecureBuffer hmacSha512(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);

// PBKDF2 (RFC 8018) with HMAC-SHA512 as the PRF. BIP39 uses 2048 iterations, 64 bytes.
SecureBuffer pbkdf2HmacSha512(std::span<const std::uint8_t> password,
                              std::span<const std::uint8_t> salt, std::uint32_t iterations,
                              std::size_t outputBytes);

} // namespace idleforge::crypto
