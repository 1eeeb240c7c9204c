#pragma once
// Where secrets (the payout mnemonic, the node identity seed) are kept. Three backends:
// KeychainStore (the OS keychain through QtKeychain; the default), EncryptedFileStore (opt-in,
// password-sealed file for headless servers) and MemoryStore (unit tests). There is no
// plaintext backend and no silent fallback from one backend to another: when the keychain is
// unreachable the caller gets secrets.unavailable and tells the user their choices.
//
// Contract: every operation completes asynchronously; `done` runs later from the event loop of
// the store's thread, never inside the call. Error codes:
//   secrets.not_found    no entry under that key
//   secrets.unavailable  no keychain reachable (no session bus, no Secret Service, no KWallet)
//   secrets.locked       the keychain is locked and could not be unlocked (no prompt possible)
//   secrets.denied       the keychain refused (user said no, or access denied)
//   secrets.io           the encrypted file could not be read or written
//   secrets.bad_password / secrets.damaged / secrets.too_new   encrypted file could not be opened
//   secrets.failed       anything else (message says what)
#include "base/Error.h"
#include "crypto/SecureBuffer.h"

#include <QString>

#include <functional>
#include <span>

namespace idleforge::secrets {

using crypto::SecureBuffer;

class SecretStore {
public:
    using ReadDone = std::function<void(Result<SecureBuffer>)>;
    using Done = std::function<void(Result<void>)>;

    virtual ~SecretStore() = default;

    // "keychain", "file" or "memory".
    virtual QString kind() const = 0;
    // For messages: "the OS keychain", "the encrypted file /path".
    virtual QString describe() const = 0;

    virtual void read(const QString &key, ReadDone done) = 0;
    virtual void write(const QString &key, std::span<const std::uint8_t> value, Done done) = 0;
    virtual void remove(const QString &key, Done done) = 0; // removing a missing key is ok
};

// Blocking forms for command-line tools: they spin a local QEventLoop until `done`. Never call
// them from code that already runs inside the GUI's event loop.
Result<SecureBuffer> readNow(SecretStore &store, const QString &key);
Result<void> writeNow(SecretStore &store, const QString &key, std::span<const std::uint8_t> value);
Result<void> removeNow(SecretStore &store, const QString &key);

} // namespace idleforge::secrets
