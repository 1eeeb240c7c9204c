#pragma once
// The one rule for naming a secret store on a command line: "keychain" (the default) or
// "file:PATH" (an EncryptedFileStore, unlocked with a password the user points to). Used by
// idleforgectl wallet, idleforge-devnet --key-store and idleforge --identity-store.
#include "secrets/SecretStore.h"

#include <memory>

namespace idleforge::secrets {

// Where a file store's password comes from, as given on the command line.
struct PasswordChoice {
    QString env;           // --password-env NAME: from that environment variable
    QString fd;            // --password-fd N, as typed (checked here): the first line of fd N
    bool mayPrompt = true; // neither given: ask on the terminal, or (false) an error
    // The terminal prompt. Empty: "Password for PATH: ", or for a file that does not exist yet
    // "New password for PATH: ", asked twice.
    QString prompt;
};

// Opens the store `spec` names: "keychain" or empty, the OS keychain under `keychainService`;
// "file:PATH", the encrypted file at PATH made absolute. Errors: secrets.usage (a spec that is
// neither, a --password-fd that is no number, a file store without a password source while
// mayPrompt is false), then the password source's and the store's own errors.
Result<std::unique_ptr<SecretStore>> openStore(const QString &spec, const PasswordChoice &password,
                                               const QString &keychainService = QStringLiteral("IdleForge"));

// The spelling a record keeps: "keychain", or "file:" + the absolute path.
QString normalisedStoreSpec(const QString &spec);

} // namespace idleforge::secrets
