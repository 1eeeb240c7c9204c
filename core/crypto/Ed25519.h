#pragma once
// Ed25519 (RFC 8032, pure) keys, signatures and verification.
#include "crypto/SecureBuffer.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace idleforge::crypto {

using PublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

class Ed25519KeyPair {
public:
    // The RFC 8032 private key is a 32-byte seed; the same seed always gives the same pair.
    static Ed25519KeyPair fromSeed(std::span<const std::uint8_t, 32> seed);
    static Ed25519KeyPair fromSeed(std::span<const std::uint8_t> seed); // size must be 32
    static Ed25519KeyPair generate();                                  // fresh random seed

    const PublicKey &publicKey() const { return m_public; }
    // The 32-byte seed, for storing the key in a SecretStore.
    std::span<const std::uint8_t> seed() const { return m_secret.span().first(32); }

    Signature sign(std::span<const std::uint8_t> message) const;
    Signature sign(std::string_view message) const;

private:
    Ed25519KeyPair() = default;
    SecureBuffer m_secret; // libsodium's 64-byte form: seed || public key
    PublicKey m_public{};
};

bool ed25519Verify(const PublicKey &key, std::span<const std::uint8_t> message,
                   const Signature &signature);
bool ed25519Verify(const PublicKey &key, std::string_view message, const Signature &signature);

std::optional<PublicKey> publicKeyFromBytes(std::span<const std::uint8_t> bytes);
std::optional<Signature> signatureFromBytes(std::span<const std::uint8_t> bytes);

} // namespace idleforge::crypto
