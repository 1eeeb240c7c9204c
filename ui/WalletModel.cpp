#include "WalletModel.h"

#include "wallet/Bip39.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>

namespace idleforge::ui {

using crypto::SecureBuffer;

namespace {
// Text typed by a person into guarded memory; the temporary UTF-8 copy is wiped.
SecureBuffer secureCopy(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    SecureBuffer out = SecureBuffer::copyOf(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    crypto::secureZero(utf8.data(), std::size_t(utf8.size()));
    return out;
}

QStringList wordsOf(const QString &phrase)
{
    return phrase.toLower().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
}
} // namespace

QString localPathOf(const QString &fileOrUrl)
{
    const QString t = fileOrUrl.trimmed();
    if (t.startsWith(QLatin1String("file:")))
        return QUrl(t).toLocalFile();
    return t;
}

WalletModel::WalletModel(secrets::SecretStore &store, QString storeSpec, QObject *parent)
    : QObject(parent), m_tasks(store, storeSpec), m_storeSpec(std::move(storeSpec))
{
    refresh();
}

WalletModel::~WalletModel() = default;

QString WalletModel::storeText() const
{
    if (m_info.store.isEmpty() || m_info.store == QLatin1String("keychain"))
        return hasWallet() ? tr("Kept in the system keychain") : QString();
    return tr("Kept in %1").arg(m_info.store);
}

QString WalletModel::qrSource() const
{
    return hasWallet() ? QStringLiteral("image://idleforge-qr/") + m_info.address : QString();
}

void WalletModel::setBusy(const QString &text)
{
    if (text == m_busyText)
        return;
    m_busyText = text;
    Q_EMIT busyChanged();
}

void WalletModel::setMessages(const QString &error, const QString &notice)
{
    m_error = error;
    m_notice = notice;
    Q_EMIT messageChanged();
}

void WalletModel::fail(const QString &action, const Error &error)
{
    setBusy({});
    setMessages(error.message, {});
    Q_EMIT finished(action, false);
}

void WalletModel::refresh()
{
    m_tasks.loadInfo([this](Result<wallet::WalletInfo> info) {
        m_loaded = true;
        if (info)
            m_info = *info;
        else if (info.error().code != QLatin1String("wallet.no_wallet"))
            setMessages(info.error().message, {});
        Q_EMIT changed();
    });
}

void WalletModel::copyAddress()
{
    if (!hasWallet())
        return;
    QGuiApplication::clipboard()->setText(m_info.address);
    setMessages({}, tr("Address copied"));
}

void WalletModel::beginCreate()
{
    m_newPhrase = std::make_unique<SecureBuffer>(wallet::bip39::generateMnemonic(24));
    QStringList words = wordsOf(QString::fromUtf8(m_newPhrase->view().data(), qsizetype(m_newPhrase->size())));
    m_asked.clear();
    while (m_asked.size() < kAskedWords) {
        const int i = int(QRandomGenerator::system()->bounded(quint32(words.size())));
        if (!m_asked.contains(i))
            m_asked.append(i);
    }
    std::sort(m_asked.begin(), m_asked.end());
    setMessages({}, {});
    Q_EMIT phraseReady(words, m_asked);
}

bool WalletModel::confirmCreate(const QStringList &answers, bool replace)
{
    if (!m_newPhrase)
        return false;
    const QStringList words = wordsOf(QString::fromUtf8(m_newPhrase->view().data(), qsizetype(m_newPhrase->size())));
    for (int i = 0; i < m_asked.size(); ++i) {
        if (i >= answers.size() || answers.at(i).trimmed().toLower() != words.at(m_asked.at(i))) {
            setMessages(tr("Word %1 does not match. Check what you wrote down.").arg(m_asked.at(i) + 1), {});
            return false;
        }
    }
    auto setup = std::make_shared<WalletSetup>();
    setup->secret.mnemonic = std::move(*m_newPhrase);
    setup->replace = replace;
    m_newPhrase.reset();
    m_asked.clear();
    storeSetup(QStringLiteral("create"), setup);
    return true;
}

void WalletModel::cancelCreate()
{
    m_newPhrase.reset();
    m_asked.clear();
}

QVariantMap WalletModel::checkPhrase(const QString &phrase) const
{
    const QStringList words = wordsOf(phrase);
    QVariantMap out{{QStringLiteral("ok"), false}, {QStringLiteral("message"), QString()}, {QStringLiteral("position"), 0},
                    {QStringLiteral("word"), QString()}, {QStringLiteral("suggestions"), QStringList()},
                    {QStringLiteral("wordCount"), words.size()}};
    const SecureBuffer typed = secureCopy(phrase);
    auto r = wallet::bip39::entropyFromMnemonic(typed.view());
    out[QStringLiteral("ok")] = r.ok();
    if (r)
        return out;
    out[QStringLiteral("message")] = r.error().message;
    for (int i = 0; i < words.size(); ++i) {
        const QByteArray w = words.at(i).toUtf8();
        if (!wallet::bip39::isListWord(std::string_view(w.constData(), std::size_t(w.size())))) {
            out[QStringLiteral("position")] = i + 1;
            out[QStringLiteral("word")] = words.at(i);
            out[QStringLiteral("suggestions")] = wallet::bip39::closestWords(words.at(i));
            break;
        }
    }
    return out;
}

QString WalletModel::replaceWord(const QString &phrase, int position, const QString &word) const
{
    QStringList words = wordsOf(phrase);
    if (position >= 1 && position <= words.size())
        words[position - 1] = word;
    return words.join(QLatin1Char(' '));
}

bool WalletModel::importPhrase(const QString &phrase, const QString &passphrase, bool replace)
{
    // A phrase that does not check is the dialog's to explain (checkPhrase); its words never
    // reach errorText, which outlives the dialog.
    if (!checkPhrase(phrase).value(QStringLiteral("ok")).toBool())
        return false;
    auto setup = std::make_shared<WalletSetup>();
    setup->secret.mnemonic = secureCopy(phrase);
    setup->secret.passphrase = secureCopy(passphrase);
    setup->replace = replace;
    storeSetup(QStringLiteral("import"), setup);
    return true;
}

void WalletModel::storeSetup(const QString &action, std::shared_ptr<WalletSetup> setup)
{
    setMessages({}, {});
    setBusy(tr("Storing the wallet in the keychain…"));
    m_tasks.store(std::move(setup), [this, action](Result<wallet::WalletInfo> info) {
        if (!info)
            return fail(action, info.error());
        setBusy({});
        m_info = *info;
        m_loaded = true;
        Q_EMIT changed();
        setMessages({}, tr("Wallet %1 stored. The node pays to it from its next start.").arg(m_info.address));
        Q_EMIT finished(action, true);
    });
}

bool WalletModel::backupTo(const QString &file, const QString &password, const QString &repeated)
{
    const QString path = localPathOf(file);
    if (path.isEmpty()) {
        setMessages(tr("Choose where to write the backup."), {});
        return false;
    }
    if (password.size() < kMinPasswordLength) {
        setMessages(tr("The backup password needs at least %n characters.", "", kMinPasswordLength), {});
        return false;
    }
    if (password != repeated) {
        setMessages(tr("The two passwords differ."), {});
        return false;
    }
    setMessages({}, {});
    setBusy(tr("Encrypting the backup…"));
    m_tasks.writeBackup(path, std::make_shared<SecureBuffer>(secureCopy(password)), [this](Result<QString> written) {
        if (!written)
            return fail(QStringLiteral("backup"), written.error());
        setBusy({});
        setMessages({}, tr("Backup written to %1. Keep the file and its password apart.").arg(*written));
        Q_EMIT finished(QStringLiteral("backup"), true);
    });
    return true;
}

bool WalletModel::openBackup(const QString &file, const QString &password)
{
    const QString path = localPathOf(file);
    if (path.isEmpty() || password.isEmpty()) {
        setMessages(tr("Choose the backup file and type its password."), {});
        return false;
    }
    m_opened.reset();
    setMessages({}, {});
    setBusy(tr("Opening the backup…"));
    m_tasks.openBackup(path, std::make_shared<SecureBuffer>(secureCopy(password)), [this](Result<OpenedBackup> opened) {
        if (!opened)
            return fail(QStringLiteral("restore"), opened.error());
        setBusy({});
        m_opened = opened->setup;
        Q_EMIT backupOpened(opened->address);
    });
    return true;
}

void WalletModel::restoreOpened(bool replace)
{
    if (!m_opened)
        return;
    auto setup = std::move(m_opened);
    setup->replace = replace;
    storeSetup(QStringLiteral("restore"), setup);
}

void WalletModel::discardOpened() { m_opened.reset(); }

} // namespace idleforge::ui
