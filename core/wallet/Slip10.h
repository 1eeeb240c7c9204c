#pragma once
// SLIP-0010 key derivation for Ed25519 (hardened children only, as the standard allows).
#include "base/Error.h"
#include "crypto/SecureBuffer.h"

#include <QString>

#include <cstdint>
#include <span>
#include <vector>

namespace idleforge::wallet::slip10 {

inline constexpr std::uint32_t kHardened = 0x80000000u;

struct ExtendedKey {
    crypto::SecureBuffer key;       // 32 bytes: the Ed25519 seed (RFC 8032 private key)
    crypto::SecureBuffer chainCode; // 32 bytes
};

ExtendedKey master(std::span<const std::uint8_t> seed); // I = HMAC-SHA512("ed25519 seed", seed)
// Index must be hardened (>= 2^31); Ed25519 has no public/normal derivation.
ExtendedKey child(const ExtendedKey &parent, std::uint32_t index);

// "m/44'/501'/0'/0'" -> indices with the hardened bit set. Accepts ', h or H as the hardened
// marker; every component must be hardened. Errors: wallet.bad_path.
Result<std::vector<std::uint32_t>> parsePath(const QString &path);

ExtendedKey derive(std::span<const std::uint8_t> seed, const std::vector<std::uint32_t> &path);

} // namespace idleforge::wallet::slip10
