#pragma once
// The node identity: an Ed25519 key that signs protocol messages (registration, heartbeats,
// commitments). Deliberately unrelated to the payout wallet: it is random, not derived from the
// mnemonic, so rotating or losing it never touches the money, and a leaked node key cannot
// spend or redirect payouts.
#include "crypto/Ed25519.h"

#include <QString>

namespace idleforge::wallet {

class NodeIdentity {
public:
    static NodeIdentity generate();
    static NodeIdentity fromSeed(std::span<const std::uint8_t> seed); // 32 bytes

    QString nodeId() const; // base58 public key
    const crypto::PublicKey &publicKey() const { return m_key.publicKey(); }
    std::span<const std::uint8_t> seed() const { return m_key.seed(); }
    crypto::Signature sign(std::span<const std::uint8_t> message) const { return m_key.sign(message); }

private:
    explicit NodeIdentity(crypto::Ed25519KeyPair key) : m_key(std::move(key)) {}
    crypto::Ed25519KeyPair m_key;
};

} // namespace idleforge::wallet
