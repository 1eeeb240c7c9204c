// SLIP-0010 Ed25519 test vectors 1 and 2 from the SLIP-0010 document
// (tests/data/slip10-ed25519-vectors.json), including the public keys.
#include "crypto/Ed25519.h"
#include "wallet/Slip10.h"

#include "../crypto/TestUtil.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace idleforge;
using namespace idleforge::wallet;
using namespace idleforge::testutil;

class TestSlip10 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void vectors_data()
    {
        QTest::addColumn<QByteArray>("seed");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("chainCode");
        QTest::addColumn<QByteArray>("priv");
        QTest::addColumn<QByteArray>("pub");
        const QJsonArray vs = loadVectors("slip10-ed25519-vectors.json").object().value(QLatin1String("vectors")).toArray();
        int n = 0;
        for (const auto &v : vs) {
            const QJsonObject o = v.toObject();
            for (const auto &c : o.value(QLatin1String("chains")).toArray()) {
                const QJsonObject ch = c.toObject();
                QTest::addRow("v%d %s", n / 6 + 1, qPrintable(ch.value(QLatin1String("path")).toString()))
                    << hex(o.value(QLatin1String("seed")).toString()) << ch.value(QLatin1String("path")).toString()
                    << hex(ch.value(QLatin1String("chainCode")).toString())
                    << hex(ch.value(QLatin1String("private")).toString())
                    << hex(ch.value(QLatin1String("public")).toString());
                ++n;
            }
        }
        QCOMPARE(n, 12);
    }
    void vectors()
    {
        QFETCH(QByteArray, seed);
        QFETCH(QString, path);
        QFETCH(QByteArray, chainCode);
        QFETCH(QByteArray, priv);
        QFETCH(QByteArray, pub);
        const auto indices = slip10::parsePath(path);
        QVERIFY(indices.ok());
        const slip10::ExtendedKey k = slip10::derive(bytes(seed), *indices);
        QCOMPARE(toQBA(k.chainCode.span()), chainCode);
        QCOMPARE(toQBA(k.key.span()), priv);
        const auto kp = crypto::Ed25519KeyPair::fromSeed(k.key.span());
        QCOMPARE(QByteArray(1, '\0') + toQBA(kp.publicKey()), pub);
    }

    void pathParsing()
    {
        QCOMPARE(slip10::parsePath(QStringLiteral("m/44'/501'/0'/0'"))->size(), std::size_t(4));
        QCOMPARE(slip10::parsePath(QStringLiteral("m/44h/501H/7'/0'"))->at(2), 7u | slip10::kHardened);
        QCOMPARE(slip10::parsePath(QStringLiteral("m"))->size(), std::size_t(0));
        QCOMPARE(slip10::parsePath(QStringLiteral("m/44'/501'/0/0")).error().code, QStringLiteral("wallet.bad_path"));
        QVERIFY(!slip10::parsePath(QStringLiteral("44'/501'")).ok());
        QVERIFY(!slip10::parsePath(QStringLiteral("m/2147483648'")).ok());
        QVERIFY(!slip10::parsePath(QStringLiteral("m/x'")).ok());
    }

    void normalChildRefused()
    {
        const QByteArray seed(16, '\1');
        const auto m = slip10::master(bytes(seed));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, slip10::child(m, 5));
    }
};

QTEST_GUILESS_MAIN(TestSlip10)
#include "TestSlip10.moc"
