#pragma once
// SecretStore on the OS keychain through QtKeychain: Secret Service (GNOME Keyring, KeePassXC)
// or KWallet on Linux, Credential Manager on Windows, Keychain on macOS.
//
// QtKeychain jobs are asynchronous. Requests are queued and run one at a time; the next job is
// started from the event loop after the previous one finished, never from inside its finished
// handler (Nheko's lesson: nested jobs deadlock some backends). insecureFallback stays false:
// when no keychain answers, the caller gets secrets.unavailable instead of a plaintext file.
#include "secrets/SecretStore.h"

#include <QObject>

#include <deque>
#include <functional>

namespace QKeychain {
class Job;
}

namespace idleforge::secrets {

class KeychainStore final : public QObject, public SecretStore {
    Q_OBJECT
public:
    // `service` groups our entries in the keychain ("IdleForge"; tests use their own).
    explicit KeychainStore(QString service = QStringLiteral("IdleForge"), QObject *parent = nullptr);
    ~KeychainStore() override;

    QString kind() const override { return QStringLiteral("keychain"); }
    QString describe() const override;

    void read(const QString &key, ReadDone done) override;
    void write(const QString &key, std::span<const std::uint8_t> value, Done done) override;
    void remove(const QString &key, Done done) override;

    // Maps a finished job's error to our codes and a message that says what the user can do.
    static Error errorFor(const QKeychain::Job &job, const QString &what);

private:
    void enqueue(std::function<QKeychain::Job *()> startJob);
    void startNext();
    void jobFinished();

    QString m_service;
    std::deque<std::function<QKeychain::Job *()>> m_queue;
    bool m_busy = false;
};

} // namespace idleforge::secrets
