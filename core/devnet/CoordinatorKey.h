#pragma once
// The coordinator's Ed25519 key: generated on first start, kept in a SecretStore (the OS
// keychain or a password-encrypted file, never plaintext) under "devnet-coordinator-key", and
// its public half written to <data dir>/coordinator.pub (base58, one line) so nodes and tools
// can pin it. Receipts and every coordinator message are signed with it.
#include "base/Error.h"
#include "crypto/Ed25519.h"

#include <QString>

namespace idleforge::secrets {
class SecretStore;
}

namespace idleforge::devnet {

inline const QString kCoordinatorKeySecret = QStringLiteral("devnet-coordinator-key");

struct LoadedKey {
    crypto::Ed25519KeyPair key;
    bool created = false;
};

// Blocking (secrets::readNow/writeNow): call at start-up, before the server runs.
Result<LoadedKey> loadOrCreateCoordinatorKey(secrets::SecretStore &store);
// Writes <dir>/coordinator.pub; returns its path.
Result<QString> writePublicKeyFile(const QString &dir, const crypto::PublicKey &key);
// Reads a coordinator.pub (or any file whose first line is a base58 key).
Result<crypto::PublicKey> readPublicKeyFile(const QString &path);

} // namespace idleforge::devnet
