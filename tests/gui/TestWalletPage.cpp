// The Wallet page under the real keyring (gnome-keyring on the private bus of
// tests/with-test-env.sh): create (the phrase shown once, three words asked back, a wrong one
// refused), the address with its QR code and copy, a backup file, restore (a wrong password
// changes nothing), import with a typo fixed by a suggestion, and a replace only after it was
// confirmed. Everything is driven through the page's items.
#include "PageHarness.h"
#include "QrImageProvider.h"
#include "WalletModel.h"
#include "secrets/KeychainStore.h"
#include "wallet/PayoutWallet.h"
#include "wallet/WalletVault.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

using namespace idleforge;

namespace {
const QString kVectorPhrase = QStringLiteral("neither lonely flavor argue grass remind eye tag avocado spot unusual intact");
const QString kVectorAddress = QStringLiteral("5vftMkHL72JaJG6ExQfGAsT2uGVHpRR7oTNUPMs68Y2N");
} // namespace

class TestWalletPage : public QObject {
    Q_OBJECT
    QString m_service;
    std::unique_ptr<secrets::KeychainStore> m_store;
    std::unique_ptr<ui::WalletModel> m_model;
    std::unique_ptr<test::PageHarness> m_page;
    QTemporaryDir m_dir;
    QString m_createdAddress;

    QQuickItem *item(const QString &name)
    {
        QQuickItem *i = nullptr;
        [&] { QTRY_VERIFY_WITH_TIMEOUT((i = m_page->find(name)) && i->isVisible(), 5000); }();
        return i;
    }
    bool clickNamed(const QString &name)
    {
        QQuickItem *i = item(name);
        if (!i)
            return false;
        bool enabled = false;
        [&] { QTRY_VERIFY_WITH_TIMEOUT((enabled = i->isEnabled()), 10000); }();
        if (enabled)
            m_page->click(i);
        return enabled;
    }
    void typeInto(const QString &name, const QString &text)
    {
        QQuickItem *i = item(name);
        QVERIFY2(i, qPrintable(name));
        i->setProperty("text", text); // the field's own text, as typing leaves it
    }
    QString storedAddress()
    {
        auto secret = wallet::WalletVault(*m_store).loadPayout(); // blocking: fine in a test
        if (!secret)
            return secret.error().code;
        auto w = secret->wallet();
        return w ? w->address() : w.error().code;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(test::prepareDisplay(), "no X display: GUI tests need Xvfb (tests/with-test-env.sh)");
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(),
                 "no session bus: the wallet test needs the keyring of tests/with-test-env.sh");
        QFile::remove(wallet::WalletInfo::infoFile());
        QDir().mkpath(QFileInfo(wallet::WalletInfo::infoFile()).path());
        m_service = QStringLiteral("IdleForgeTestWalletPage-%1").arg(QCoreApplication::applicationPid());
        m_store = std::make_unique<secrets::KeychainStore>(m_service);
        m_model = std::make_unique<ui::WalletModel>(*m_store, QStringLiteral("keychain"));
        m_page = std::make_unique<test::PageHarness>(QStringLiteral("WalletPage"), QStringLiteral("wallet"), m_model.get());
        m_page->engine().addImageProvider(QString::fromLatin1(ui::QrImageProvider::kId), new ui::QrImageProvider);
        QVERIFY2(m_page->ok(), qPrintable(m_page->errors().join(u'\n')));
        QTRY_VERIFY(m_model->loaded());
        QVERIFY(item(QStringLiteral("noWalletNote")));
        m_page->shot(QStringLiteral("wallet-empty"));
        QCOMPARE(storedAddress(), QStringLiteral("wallet.no_wallet"));
    }

    void createAsksThreeWordsBack()
    {
        QSignalSpy phrase(m_model.get(), &ui::WalletModel::phraseReady);
        QVERIFY(clickNamed(QStringLiteral("createWalletButton")));
        QTRY_COMPARE(phrase.count(), 1);
        QStringList words;
        for (int i = 0; i < 24; ++i) {
            QQuickItem *w = item(QStringLiteral("phraseWord_%1").arg(i));
            QVERIFY(w);
            words << w->property("text").toString().section(u' ', 1); // "3. word"
        }
        const QList<int> asked = phrase.first().at(1).value<QList<int>>();
        QCOMPARE(asked.size(), 3);
        QVERIFY(clickNamed(QStringLiteral("phraseWrittenButton")));

        // A wrong word: refused, nothing stored.
        for (int i = 0; i < 3; ++i)
            typeInto(QStringLiteral("askedWord_%1").arg(i), words.at(asked.at(i)));
        typeInto(QStringLiteral("askedWord_1"), words.at(asked.at(1)) == QLatin1String("zoo") ? QStringLiteral("abandon")
                                                                                              : QStringLiteral("zoo"));
        QVERIFY(clickNamed(QStringLiteral("confirmCreateButton")));
        QTRY_VERIFY(m_page->find(QStringLiteral("createError"))->property("text").toString().contains(
            QString::number(asked.at(1) + 1)));
        QCOMPARE(storedAddress(), QStringLiteral("wallet.no_wallet"));

        QSignalSpy finished(m_model.get(), &ui::WalletModel::finished);
        typeInto(QStringLiteral("askedWord_1"), words.at(asked.at(1)).toUpper()); // case is forgiven
        QVERIFY(clickNamed(QStringLiteral("confirmCreateButton")));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
        QCOMPARE(finished.first().at(1).toBool(), true);

        const std::string phraseText = words.join(u' ').toStdString();
        auto expected = wallet::PayoutWallet::fromMnemonic(phraseText, "", 0);
        QVERIFY(expected);
        m_createdAddress = expected->address();
        QCOMPARE(storedAddress(), m_createdAddress);
        QTRY_COMPARE(item(QStringLiteral("walletAddress"))->property("text").toString(), m_createdAddress);
        QCOMPARE(wallet::WalletInfo::load()->address, m_createdAddress);
        QTRY_VERIFY(!m_page->find(QStringLiteral("phraseWord_0"))); // the dialog and its words are gone
    }

    void addressHasQrAndCopies()
    {
        QQuickItem *qr = item(QStringLiteral("walletQr"));
        QVERIFY(qr);
        QTRY_COMPARE(qr->property("status").toInt(), 1); // Image.Ready
        QVERIFY(qr->property("sourceSize").toSize().width() >= 200);
        // libqrencode's code of the address: a square with the finder pattern's dark corner.
        const QImage code = ui::qrImage(m_createdAddress);
        QVERIFY(!code.isNull());
        QCOMPARE(code.width(), code.height());
        QCOMPARE(qGray(code.pixel(4, 4)), 0);
        QCOMPARE(qGray(code.pixel(0, 0)), 255); // quiet zone
        QGuiApplication::clipboard()->clear();
        QVERIFY(clickNamed(QStringLiteral("copyAddressButton")));
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), m_createdAddress);
        m_page->shot(QStringLiteral("wallet"));
    }

    void backupThenRestoreWithWrongAndRightPassword()
    {
        const QString file = m_dir.filePath(QStringLiteral("wallet.ifbackup"));
        QVERIFY(clickNamed(QStringLiteral("backupWalletButton")));
        typeInto(QStringLiteral("backupPathField"), file);
        typeInto(QStringLiteral("backupPasswordField"), QStringLiteral("correct horse"));
        typeInto(QStringLiteral("backupRepeatField"), QStringLiteral("correct h0rse"));
        QVERIFY(clickNamed(QStringLiteral("backupNextButton")));
        QVERIFY(clickNamed(QStringLiteral("backupYesButton")));
        QTRY_VERIFY(m_page->find(QStringLiteral("backupError"))->property("text").toString().contains(guitest::shown("idleforge::ui::WalletModel", "The two passwords differ.")));
        QVERIFY(!QFile::exists(file));
        QSignalSpy finished(m_model.get(), &ui::WalletModel::finished);
        typeInto(QStringLiteral("backupRepeatField"), QStringLiteral("correct horse"));
        QVERIFY(clickNamed(QStringLiteral("backupNextButton")));
        QVERIFY(clickNamed(QStringLiteral("backupYesButton")));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QCOMPARE(finished.first().at(1).toBool(), true);
        QFile sealed(file);
        QVERIFY(sealed.open(QIODevice::ReadOnly));
        QVERIFY(!sealed.readAll().contains("IFW1")); // sealed, not plain
        QTRY_VERIFY(!m_page->find(QStringLiteral("backupPathField")));

        // Restore: the wallet exists, so replacing it is asked first.
        QVERIFY(clickNamed(QStringLiteral("restoreWalletButton")));
        QVERIFY(clickNamed(QStringLiteral("replaceYesButton")));
        typeInto(QStringLiteral("restorePathField"), QUrl::fromLocalFile(file).toString()); // as a FileDialog gives it
        typeInto(QStringLiteral("restorePasswordField"), QStringLiteral("wrong password"));
        finished.clear();
        QVERIFY(clickNamed(QStringLiteral("restoreOpenButton")));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QCOMPARE(finished.first().at(1).toBool(), false);
        QVERIFY(!m_page->find(QStringLiteral("restoreError"))->property("text").toString().isEmpty());
        QCOMPARE(storedAddress(), m_createdAddress); // nothing changed

        QSignalSpy opened(m_model.get(), &ui::WalletModel::backupOpened);
        typeInto(QStringLiteral("restorePasswordField"), QStringLiteral("correct horse"));
        QVERIFY(clickNamed(QStringLiteral("restoreOpenButton")));
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 60000);
        QCOMPARE(opened.first().at(0).toString(), m_createdAddress);
        QVERIFY(item(QStringLiteral("restoreAddress"))->property("text").toString().contains(m_createdAddress));
        finished.clear();
        QVERIFY(clickNamed(QStringLiteral("restoreYesButton")));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
        QCOMPARE(finished.first().at(1).toBool(), true);
        QCOMPARE(storedAddress(), m_createdAddress);
        QTRY_VERIFY(!m_page->find(QStringLiteral("restorePathField")));
    }

    void importWithTypoFixedBySuggestion()
    {
        // Declining the replacement opens nothing and keeps the wallet.
        QVERIFY(clickNamed(QStringLiteral("importWalletButton")));
        QVERIFY(clickNamed(QStringLiteral("replaceNoButton")));
        QTest::qWait(200);
        QVERIFY(!m_page->find(QStringLiteral("importPhraseField")));

        QVERIFY(clickNamed(QStringLiteral("importWalletButton")));
        QVERIFY(clickNamed(QStringLiteral("replaceYesButton")));
        QString typo = kVectorPhrase;
        typo.replace(QStringLiteral("lonely"), QStringLiteral("lonley"));
        typeInto(QStringLiteral("importPhraseField"), typo);
        QQuickItem *status = item(QStringLiteral("importPhraseStatus"));
        QVERIFY(status->property("text").toString().contains(QLatin1String("lonley")));
        m_page->shot(QStringLiteral("wallet-import-typo"));
        QVERIFY(!item(QStringLiteral("importNextButton"))->isEnabled());
        QQuickItem *suggestion = nullptr;
        for (int i = 0; i < 3 && !suggestion; ++i) {
            QQuickItem *s = m_page->find(QStringLiteral("suggestion_%1").arg(i));
            if (s && s->property("text").toString() == QLatin1String("lonely"))
                suggestion = s;
        }
        QVERIFY2(suggestion, "no 'lonely' among the suggestions");
        m_page->click(suggestion);
        QTRY_COMPARE(item(QStringLiteral("importPhraseField"))->property("text").toString(), kVectorPhrase);
        QVERIFY(clickNamed(QStringLiteral("importNextButton")));
        QSignalSpy finished(m_model.get(), &ui::WalletModel::finished);
        QVERIFY(clickNamed(QStringLiteral("importYesButton")));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
        QCOMPARE(finished.first().at(1).toBool(), true);
        QCOMPARE(storedAddress(), kVectorAddress);
        QTRY_COMPARE(item(QStringLiteral("walletAddress"))->property("text").toString(), kVectorAddress);
        QVERIFY2(m_page->errors().isEmpty(), qPrintable(m_page->errors().join(u'\n')));
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_model.reset();
        if (m_store) {
            (void)secrets::removeNow(*m_store, wallet::kPayoutSecretName);
            (void)secrets::removeNow(*m_store, wallet::kIdentitySecretName);
        }
    }
};

QTEST_MAIN(TestWalletPage)
#include "TestWalletPage.moc"
