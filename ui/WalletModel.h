#pragma once
// The Wallet page's view model: the payout address (from wallet.json: no keychain access to
// show it), a QR code of it (QrImageProvider), and create / import / backup / restore. The
// page asks the person to confirm each; this model never opens a dialog.
//
// Secrets: a new recovery phrase lives here in a SecureBuffer from beginCreate() until it is
// stored or cancelled; the page gets its words once, through phraseReady(), for a dialog that
// is destroyed when it closes. Typed phrases and passwords come in as arguments and are copied
// into SecureBuffers at once. No secret is logged, kept in a property, or put on the clipboard
// (copyAddress() copies the public address only).
#include "WalletTasks.h"

#include <QObject>
#include <QUrl>
#include <QVariantMap>

#include <memory>

namespace idleforge::ui {

class WalletModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
    Q_PROPERTY(bool hasWallet READ hasWallet NOTIFY changed)
    Q_PROPERTY(QString address READ address NOTIFY changed)
    Q_PROPERTY(QString path READ path NOTIFY changed)
    Q_PROPERTY(QString nodeId READ nodeId NOTIFY changed)
    Q_PROPERTY(QString storeText READ storeText NOTIFY changed)
    Q_PROPERTY(QString qrSource READ qrSource NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString busyText READ busyText NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY messageChanged)
    Q_PROPERTY(QString noticeText READ noticeText NOTIFY messageChanged)
public:
    static constexpr int kAskedWords = 3;
    static constexpr int kMinPasswordLength = 8;

    WalletModel(secrets::SecretStore &store, QString storeSpec, QObject *parent = nullptr);
    ~WalletModel() override;

    bool loaded() const { return m_loaded; }
    bool hasWallet() const { return !m_info.address.isEmpty(); }
    QString address() const { return m_info.address; }
    QString path() const { return m_info.path; }
    QString nodeId() const { return m_info.nodeId; }
    QString storeText() const;
    QString qrSource() const;
    bool busy() const { return !m_busyText.isEmpty(); }
    QString busyText() const { return m_busyText; }
    QString errorText() const { return m_error; }
    QString noticeText() const { return m_notice; }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void copyAddress();

    // Create: a fresh 24-word phrase; phraseReady() hands its words (and which kAskedWords of
    // them to ask back, 0-based) to the page. confirmCreate() checks the answers and stores it.
    Q_INVOKABLE void beginCreate();
    Q_INVOKABLE bool confirmCreate(const QStringList &answers, bool replace);
    Q_INVOKABLE void cancelCreate();

    // Import: {ok, message, position (1-based, 0: none), word, suggestions} for a typed phrase.
    Q_INVOKABLE QVariantMap checkPhrase(const QString &phrase) const;
    // The phrase with its `position`-th word (1-based) replaced, for a suggestion's button.
    Q_INVOKABLE QString replaceWord(const QString &phrase, int position, const QString &word) const;
    Q_INVOKABLE bool importPhrase(const QString &phrase, const QString &passphrase, bool replace);

    // Backup and restore. `file`: a path or a file: URL (a FileDialog's).
    Q_INVOKABLE bool backupTo(const QString &file, const QString &password, const QString &repeated);
    Q_INVOKABLE bool openBackup(const QString &file, const QString &password); // then backupOpened()
    Q_INVOKABLE void restoreOpened(bool replace);
    Q_INVOKABLE void discardOpened();

Q_SIGNALS:
    void changed();
    void busyChanged();
    void messageChanged();
    void phraseReady(const QStringList &words, const QList<int> &asked);
    void backupOpened(const QString &address);
    // "create", "import", "backup", "restore": the operation ended; `ok` false: errorText says why.
    void finished(const QString &action, bool ok);

private:
    void setBusy(const QString &text);
    void setMessages(const QString &error, const QString &notice);
    void storeSetup(const QString &action, std::shared_ptr<WalletSetup> setup);
    void fail(const QString &action, const Error &error);

    WalletTasks m_tasks;
    QString m_storeSpec;
    wallet::WalletInfo m_info;
    bool m_loaded = false;
    QString m_busyText, m_error, m_notice;
    std::unique_ptr<crypto::SecureBuffer> m_newPhrase; // beginCreate() .. stored or cancelled
    QList<int> m_asked;
    std::shared_ptr<WalletSetup> m_opened; // openBackup() .. restoreOpened() or discardOpened()
};

// A path from what a FileDialog or a text field gives: "file:///x" and "/x" both mean /x.
QString localPathOf(const QString &fileOrUrl);

} // namespace idleforge::ui
