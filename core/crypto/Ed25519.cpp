#include "crypto/Ed25519.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace idleforge::crypto {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_BYTES == 64 &&
              crypto_sign_SEEDBYTES == 32 && crypto_sign_SECRETKEYBYTES == 64);

Ed25519KeyPair Ed25519KeyPair::fromSeed(std::span<const std::uint8_t, 32> seed)
{
    ensureSodium();
    Ed25519KeyPair kp;
    kp.m_secret = SecureBuffer(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(kp.m_public.data(), kp.m_secret.data(), seed.data());
    return kp;
}

Ed25519KeyPair Ed25519KeyPair::fromSeed(std::span<const std::uint8_t> seed)
{
    if (seed.size() != 32)
        throw std::invalid_argument("Ed25519 seed must be 32 bytes");
    return fromSeed(std::span<const std::uint8_t, 32>(seed.data(), 32));
}

Ed25519KeyPair Ed25519KeyPair::generate()
{
    ensureSodium();
    SecureBuffer seed(32);
    randombytes_buf(seed.data(), seed.size());
    return fromSeed(seed.span());
}

Signature Ed25519KeyPair::sign(std::span<const std::uint8_t> message) const
{
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), m_secret.data());
    return sig;
}

Signature Ed25519KeyPair::sign(std::string_view message) const
{
    return sign(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t *>(message.data()), message.size()));
}

bool ed25519Verify(const PublicKey &key, std::span<const std::uint8_t> message,
                   const Signature &signature)
{
    ensureSodium();
    return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                       key.data()) == 0;
}

bool ed25519Verify(const PublicKey &key, std::string_view message, const Signature &signature)
{
    return ed25519Verify(key,
                         std::span<const std::uint8_t>(
                             reinterpret_cast<const std::uint8_t *>(message.data()), message.size()),
                         signature);
}

namespace {
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> exactly(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() != N)
        return std::nullopt;
    std::array<std::uint8_t, N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}
} // namespace

std::optional<PublicKey> publicKeyFromBytes(std::span<const std::uint8_t> bytes) { return exactly<32>(bytes); }
std::optional<Signature> signatureFromBytes(std::span<const std::uint8_t> bytes) { return exactly<64>(bytes); }

} // namespace idleforge::crypto
