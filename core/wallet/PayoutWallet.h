#pragma once
// The payout wallet: a BIP39 mnemonic (+ optional passphrase) derived with SLIP-0010 on
// Solana's path m/44'/501'/N'/0', so the same words give the same address as Phantom,
// Solflare or `solana-keygen` with that path. The address is base58 of the Ed25519 public key.
#include "base/Error.h"
#include "crypto/Ed25519.h"

#include <QString>

#include <optional>
#include <string_view>

namespace idleforge::wallet {

QString solanaPath(std::uint32_t account); // "m/44'/501'/<account>'/0'"
QString addressOf(const crypto::PublicKey &key);
std::optional<crypto::PublicKey> publicKeyFromAddress(const QString &address);

class PayoutWallet {
public:
    // Validates the mnemonic (word list + checksum) before deriving anything.
    static Result<PayoutWallet> fromMnemonic(std::string_view mnemonic, std::string_view passphrase,
                                             std::uint32_t account = 0);

    QString address() const { return addressOf(m_key.publicKey()); }
    QString path() const { return solanaPath(m_account); }
    std::uint32_t account() const { return m_account; }
    const crypto::Ed25519KeyPair &keyPair() const { return m_key; }

private:
    PayoutWallet(crypto::Ed25519KeyPair key, std::uint32_t account) : m_key(std::move(key)), m_account(account) {}
    crypto::Ed25519KeyPair m_key;
    std::uint32_t m_account;
};

} // namespace idleforge::wallet
