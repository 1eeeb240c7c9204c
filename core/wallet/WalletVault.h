#pragma once
// Keeps the payout wallet and the node identity in a SecretStore, plus a public record
// (address, path, node id, which store) in <data dir>/wallet.json so the address can be shown
// without unlocking anything. The public record holds no secret.
//
// Secret entries (names are stable; backups use the same ones):
//   "payout-wallet"  "IFW1\n<account>\n<mnemonic>\n<passphrase>" (passphrase last: it may
//                    contain anything, even newlines)
//   "node-identity"  the 32-byte Ed25519 seed
//
// The methods block (secrets::readNow / writeNow spin a local event loop): call them from the
// command line or a worker thread, never from the GUI thread.
#include "base/Error.h"
#include "crypto/SecureBuffer.h"
#include "wallet/NodeIdentity.h"
#include "wallet/PayoutWallet.h"

#include <QString>

namespace idleforge::secrets {
class SecretStore;
}

namespace idleforge::wallet {

inline const QString kPayoutSecretName = QStringLiteral("payout-wallet");
inline const QString kIdentitySecretName = QStringLiteral("node-identity");

struct PayoutSecret {
    crypto::SecureBuffer mnemonic;   // normalised words, UTF-8
    crypto::SecureBuffer passphrase; // may be empty
    std::uint32_t account = 0;

    crypto::SecureBuffer encode() const;
    static Result<PayoutSecret> decode(std::span<const std::uint8_t> bytes);
    Result<PayoutWallet> wallet() const { return PayoutWallet::fromMnemonic(mnemonic.view(), passphrase.view(), account); }
};

struct WalletInfo {
    QString address;
    QString path;
    std::uint32_t account = 0;
    QString nodeId;
    QString store; // "keychain" or "file:<path>"
    QString createdUtc;

    static QString infoFile(); // <data dir>/wallet.json
    Result<void> save() const;
    static Result<WalletInfo> load(); // wallet.no_wallet when there is none
};

class WalletVault {
public:
    explicit WalletVault(secrets::SecretStore &store) : m_store(store) {}

    // Validates the mnemonic, stores it, and returns the derived wallet.
    Result<PayoutWallet> storePayout(const PayoutSecret &secret);
    Result<PayoutSecret> loadPayout();
    bool hasPayout();

    Result<NodeIdentity> loadIdentity();
    Result<NodeIdentity> loadOrCreateIdentity();
    Result<NodeIdentity> rotateIdentity(); // new random key; the payout wallet is not touched

private:
    secrets::SecretStore &m_store;
};

} // namespace idleforge::wallet
