#pragma once
// The wallet's slow steps for the dashboard, so the GUI thread waits for none of them: key
// derivation (PBKDF2, SLIP-0010), backup sealing and opening (Argon2id) and the public record's
// file run on the thread pool; the keychain calls start on the main thread, whose event loop
// QtKeychain's asynchronous jobs answer on (jobs started on a pool thread never answered in
// Qt 6.4). Each operation ends in exactly one call of its `done` on the main thread.
//
// Secrets stay in SecureBuffers shared between the steps of one operation and are wiped when
// the last step lets go. Nothing here logs a secret.
#include "base/Error.h"
#include "crypto/SecureBuffer.h"
#include "wallet/WalletVault.h"

#include <QObject>

#include <functional>
#include <memory>

namespace idleforge::secrets {
class SecretStore;
}

namespace idleforge::ui {

// What create, import and restore store.
struct WalletSetup {
    wallet::PayoutSecret secret;
    crypto::SecureBuffer identitySeed; // restore: the backup's node identity; empty: keep or create one
    bool replace = false;              // an existing payout wallet may be replaced (the user confirmed)
};

struct OpenedBackup {
    std::shared_ptr<WalletSetup> setup;
    QString address; // of the payout wallet inside
};

class WalletTasks : public QObject {
    Q_OBJECT
public:
    template <class T>
    using Done = std::function<void(Result<T>)>;

    // `storeSpec`: how wallet.json names `store` ("keychain").
    WalletTasks(secrets::SecretStore &store, QString storeSpec, QObject *parent = nullptr);

    void loadInfo(Done<wallet::WalletInfo> done);
    // Derives, refuses to replace a stored payout wallet unless setup->replace (wallet.exists),
    // stores the payout secret and the node identity (the backup's, the stored one, or a new
    // one), then writes wallet.json.
    void store(std::shared_ptr<WalletSetup> setup, Done<wallet::WalletInfo> done);
    // Seals the stored payout wallet and node identity into `file` with `password`. The file
    // is written beside the target and renamed over it, so a failure leaves an old one whole.
    void writeBackup(const QString &file, std::shared_ptr<crypto::SecureBuffer> password, Done<QString> done);
    // Opens a backup and derives its address; nothing is stored yet.
    void openBackup(const QString &file, std::shared_ptr<crypto::SecureBuffer> password, Done<OpenedBackup> done);

private:
    void storeChecked(std::shared_ptr<WalletSetup> setup, wallet::WalletInfo info, Done<wallet::WalletInfo> done);
    void storeIdentity(std::shared_ptr<WalletSetup> setup, wallet::WalletInfo info, Done<wallet::WalletInfo> done);
    void saveInfo(wallet::WalletInfo info, Done<wallet::WalletInfo> done);

    secrets::SecretStore &m_store;
    QString m_storeSpec;
};

} // namespace idleforge::ui
