#pragma once
// SecretStore in one password-sealed file (crypto/PasswordBox: Argon2id + XChaCha20-Poly1305),
// opt-in for headless servers without a keychain, and the format of wallet backups.
//
// The password is stretched once at open(); every change re-seals the whole file with a fresh
// nonce and replaces it atomically (QSaveFile), owner-only permissions. A file that fails to
// open (wrong password, truncated, altered) is never written to.
//
// Plaintext inside the seal: "IFSTORE1", u32 count, then per entry u16 key length, UTF-8 key,
// u32 value length, value (little-endian).
#include "crypto/PasswordBox.h"
#include "secrets/SecretStore.h"

#include <QObject>

#include <map>
#include <memory>

namespace idleforge::secrets {

// The plaintext inside the seal (layout above) as its entries; a key given twice keeps its
// last value. Error secrets.damaged for any other layout.
Result<std::map<QString, SecureBuffer>> parseStoreEntries(std::span<const std::uint8_t> plain);

class EncryptedFileStore final : public QObject, public SecretStore {
    Q_OBJECT
public:
    // Opens (decrypts) an existing file, or prepares a new one that is created on the first
    // write with `paramsForNew`. Errors: secrets.bad_password, secrets.damaged, secrets.too_new,
    // secrets.io.
    // A store holds a few keys; a file larger than this is not one of ours.
    static constexpr qint64 kMaxFileBytes = 16 << 20;

    static Result<std::unique_ptr<EncryptedFileStore>> open(const QString &path,
                                                            std::span<const std::uint8_t> password,
                                                            const crypto::KdfParams &paramsForNew =
                                                                crypto::KdfParams::defaults());

    QString kind() const override { return QStringLiteral("file"); }
    QString describe() const override;
    QString path() const { return m_path; }
    bool existsOnDisk() const;

    void read(const QString &key, ReadDone done) override;
    void write(const QString &key, std::span<const std::uint8_t> value, Done done) override;
    void remove(const QString &key, Done done) override;

    // Synchronous forms (the work is local and quick once unlocked).
    Result<SecureBuffer> readSync(const QString &key) const;
    Result<void> writeSync(const QString &key, std::span<const std::uint8_t> value);
    Result<void> removeSync(const QString &key);
    QStringList keys() const;

private:
    EncryptedFileStore(QString path, crypto::SealingKey key);
    Result<void> save(const std::map<QString, SecureBuffer> &entries) const;

    QString m_path;
    crypto::SealingKey m_key;
    std::map<QString, SecureBuffer> m_entries;
};

} // namespace idleforge::secrets
