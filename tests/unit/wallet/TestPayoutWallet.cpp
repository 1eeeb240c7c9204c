// Payout wallet: the same mnemonic gives the same address as common Solana tooling on
// m/44'/501'/N'/0' (tests/data/solana-derivation-vectors.json, from the Solana Cookbook).
#include "wallet/NodeIdentity.h"
#include "wallet/PayoutWallet.h"

#include "../crypto/TestUtil.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace idleforge;
using namespace idleforge::wallet;
using namespace idleforge::testutil;

class TestPayoutWallet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void solanaCookbookAddresses_data()
    {
        QTest::addColumn<QString>("mnemonic");
        QTest::addColumn<int>("account");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("address");
        const QJsonObject o = loadVectors("solana-derivation-vectors.json").object();
        for (const auto &a : o.value(QLatin1String("addresses")).toArray()) {
            const QJsonObject e = a.toObject();
            QTest::newRow(qPrintable(e.value(QLatin1String("path")).toString()))
                << o.value(QLatin1String("mnemonic")).toString() << e.value(QLatin1String("account")).toInt()
                << e.value(QLatin1String("path")).toString() << e.value(QLatin1String("address")).toString();
        }
    }
    void solanaCookbookAddresses()
    {
        QFETCH(QString, mnemonic);
        QFETCH(int, account);
        QFETCH(QString, path);
        QFETCH(QString, address);
        const auto w = PayoutWallet::fromMnemonic(mnemonic.toStdString(), "", static_cast<std::uint32_t>(account));
        QVERIFY(w.ok());
        QCOMPARE(w->path(), path);
        QCOMPARE(w->address(), address);
        QCOMPARE(publicKeyFromAddress(address).value(), w->keyPair().publicKey());
    }

    void passphraseChangesAddress()
    {
        const std::string m = "neither lonely flavor argue grass remind eye tag avocado spot unusual intact";
        QVERIFY(PayoutWallet::fromMnemonic(m, "x", 0)->address() != PayoutWallet::fromMnemonic(m, "", 0)->address());
    }

    void invalidMnemonicRefused()
    {
        const auto w = PayoutWallet::fromMnemonic("neither lonely flavor", "", 0);
        QVERIFY(!w.ok());
        QCOMPARE(w.error().code, QStringLiteral("wallet.word_count"));
    }

    void addressParsing()
    {
        QVERIFY(!publicKeyFromAddress(QStringLiteral("0OIl")).has_value());
        QVERIFY(!publicKeyFromAddress(QStringLiteral("2g")).has_value()); // valid base58, 1 byte
    }

    void nodeIdentityIsIndependent()
    {
        const auto a = NodeIdentity::generate();
        const auto b = NodeIdentity::fromSeed(a.seed());
        QCOMPARE(a.nodeId(), b.nodeId());
        QVERIFY(NodeIdentity::generate().nodeId() != a.nodeId());
        const QByteArray msg("register");
        QVERIFY(crypto::ed25519Verify(a.publicKey(), bytes(msg), b.sign(bytes(msg))));
    }
};

QTEST_GUILESS_MAIN(TestPayoutWallet)
#include "TestPayoutWallet.moc"
