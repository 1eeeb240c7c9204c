// "Done when" of issue 3 against the real keychain: a new wallet whose secret lives only in the
// OS keychain (nothing secret in the data dir), read back in a fresh vault, restores from its
// phrase to the same address. Needs an unlocked Secret Service (see TestKeychainStore); fails
// without one.
#include "base/Paths.h"
#include "secrets/KeychainStore.h"
#include "wallet/Bip39.h"
#include "wallet/WalletVault.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::wallet;

class TestWalletKeychain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createStoreRestore()
    {
        QTemporaryDir home;
        paths::setDataDir(home.path());
        const QString service = QStringLiteral("IdleForgeWalletTest-%1").arg(QCoreApplication::applicationPid());
        PayoutSecret secret;
        secret.mnemonic = bip39::generateMnemonic(24);
        QString address, nodeId;
        {
            secrets::KeychainStore store(service);
            WalletVault vault(store);
            auto w = vault.storePayout(secret);
            QVERIFY2(w.ok(), qPrintable(w.ok() ? QString() : w.error().toString()));
            auto id = vault.loadOrCreateIdentity();
            QVERIFY(id.ok());
            address = w->address();
            nodeId = id->nodeId();
            WalletInfo info{address, w->path(), 0, nodeId, QStringLiteral("keychain"), QString()};
            QVERIFY(info.save().ok());
        }
        {
            secrets::KeychainStore store(service); // a fresh store object: the data comes from the keychain
            WalletVault vault(store);
            auto back = vault.loadPayout();
            QVERIFY(back.ok());
            QCOMPARE(back->wallet()->address(), address);
            QCOMPARE(vault.loadIdentity()->nodeId(), nodeId);
        }
        // Restoring from the phrase alone gives the same address.
        QCOMPARE(PayoutWallet::fromMnemonic(secret.mnemonic.view(), "", 0)->address(), address);
        // Nothing secret in the data directory.
        QDirIterator it(home.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray content = f.readAll();
            QVERIFY2(!content.contains(QByteArray(secret.mnemonic.view().data(), qsizetype(secret.mnemonic.size()))), qPrintable(f.fileName()));
            QVERIFY(content.contains(address.toUtf8()));
        }
        secrets::KeychainStore cleanup(service);
        QVERIFY(secrets::removeNow(cleanup, kPayoutSecretName).ok());
        QVERIFY(secrets::removeNow(cleanup, kIdentitySecretName).ok());
    }
};

QTEST_GUILESS_MAIN(TestWalletKeychain)
#include "TestWalletKeychain.moc"
