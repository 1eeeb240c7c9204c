// Receipt parsing, the exact signed bytes, and signature checks.
#include "LedgerTestUtil.h"

#include "crypto/Base58.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::protocol;

class TestReceipt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void signedBytesAreCanonicalJson()
    {
        const auto key = ledgertest::coordinator();
        const auto r = Receipt::sign(ledgertest::receiptFields(QStringLiteral("r-1"), QStringLiteral("reward"), 1500000, 1700000000000), key);
        QVERIFY(r.ok());
        QCOMPARE(r->canonical,
                 QByteArray("{\"amount\":1500000,\"id\":\"r-1\",\"job\":\"job-1\",\"kind\":\"reward\",\"node\":\"node-A\","
                            "\"payee\":\"5vftMkHL72JaJG6ExQfGAsT2uGVHpRR7oTNUPMs68Y2N\",\"state\":\"settled\","
                            "\"ts\":1700000000000,\"v\":1}"));
        QVERIFY(r->verify(key.publicKey()));
        QCOMPARE(r->status(), QStringLiteral("verified"));
        QCOMPARE(r->signedAmount(), qint64(1500000));
    }

    void jsonRoundTripKeepsSignature()
    {
        const auto key = ledgertest::coordinator();
        const QJsonObject json = ledgertest::signedReceipt(key, ledgertest::receiptFields(QStringLiteral("r-2"), QStringLiteral("fee"), 7, 1));
        const auto back = Receipt::fromJson(json);
        QVERIFY(back.ok());
        QVERIFY(back->verify(key.publicKey()));
        QCOMPARE(back->signedAmount(), qint64(-7));
    }

    void tamperingBreaksSignature()
    {
        const auto key = ledgertest::coordinator();
        QJsonObject json = ledgertest::signedReceipt(key, ledgertest::receiptFields(QStringLiteral("r-3"), QStringLiteral("reward"), 100, 1));
        json.insert(QStringLiteral("amount"), 1000);
        QVERIFY(!Receipt::fromJson(json)->verify(key.publicKey()));
        json = ledgertest::signedReceipt(key, ledgertest::receiptFields(QStringLiteral("r-3"), QStringLiteral("reward"), 100, 1));
        json.insert(QStringLiteral("extra"), QStringLiteral("smuggled"));
        QVERIFY(!Receipt::fromJson(json)->verify(key.publicKey()));
        const auto other = crypto::Ed25519KeyPair::generate();
        QVERIFY(!Receipt::fromJson(ledgertest::signedReceipt(other, ledgertest::receiptFields(QStringLiteral("r-4"), QStringLiteral("reward"), 1, 1)))
                     ->verify(key.publicKey()));
    }

    void validation_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("version") << QStringLiteral("v") << QJsonValue(2);
        QTest::newRow("kind") << QStringLiteral("kind") << QJsonValue(QStringLiteral("gift"));
        QTest::newRow("state") << QStringLiteral("state") << QJsonValue(QStringLiteral("maybe"));
        QTest::newRow("negative amount") << QStringLiteral("amount") << QJsonValue(-1);
        QTest::newRow("fractional amount") << QStringLiteral("amount") << QJsonValue(1.5);
        QTest::newRow("amount as string") << QStringLiteral("amount") << QJsonValue(QStringLiteral("10"));
        QTest::newRow("no id") << QStringLiteral("id") << QJsonValue(QString());
        QTest::newRow("bad sig") << QStringLiteral("sig") << QJsonValue(QStringLiteral("2g"));
    }
    void validation()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = ledgertest::signedReceipt(ledgertest::coordinator(),
                                                     ledgertest::receiptFields(QStringLiteral("r"), QStringLiteral("reward"), 1, 1));
        json.insert(field, value);
        const auto r = Receipt::fromJson(json);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ledger.bad_receipt"));
    }
};

QTEST_GUILESS_MAIN(TestReceipt)
#include "TestReceipt.moc"
