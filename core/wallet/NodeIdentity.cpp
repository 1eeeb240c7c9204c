#include "wallet/NodeIdentity.h"

#include "wallet/PayoutWallet.h"

namespace idleforge::wallet {

NodeIdentity NodeIdentity::generate()
{
    return NodeIdentity(crypto::Ed25519KeyPair::generate());
}

NodeIdentity NodeIdentity::fromSeed(std::span<const std::uint8_t> seed)
{
    return NodeIdentity(crypto::Ed25519KeyPair::fromSeed(seed));
}

QString NodeIdentity::nodeId() const
{
    return addressOf(m_key.publicKey());
}

} // namespace idleforge::wallet
