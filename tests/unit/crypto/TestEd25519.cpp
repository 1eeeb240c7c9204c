// Ed25519 against RFC 8032 section 7.1 (tests/data/rfc8032-ed25519-vectors.json).
#include "crypto/Ed25519.h"

#include "TestUtil.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace idleforge::crypto;
using namespace idleforge::testutil;

class TestEd25519 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rfc8032_data()
    {
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("pub");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("sig");
        const QJsonArray vs = loadVectors("rfc8032-ed25519-vectors.json").object().value(QLatin1String("vectors")).toArray();
        QCOMPARE(vs.size(), 5);
        for (const auto &v : vs) {
            const QJsonObject o = v.toObject();
            QTest::newRow(o.value(QLatin1String("name")).toString().toUtf8().constData())
                << hex(o.value(QLatin1String("secretKey")).toString()) << hex(o.value(QLatin1String("publicKey")).toString())
                << hex(o.value(QLatin1String("message")).toString()) << hex(o.value(QLatin1String("signature")).toString());
        }
    }
    void rfc8032()
    {
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, pub);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, sig);
        const auto kp = Ed25519KeyPair::fromSeed(bytes(secret));
        QCOMPARE(toQBA(kp.publicKey()), pub);
        QCOMPARE(toQBA(kp.seed()), secret);
        const Signature s = kp.sign(bytes(message));
        QCOMPARE(toQBA(s), sig);
        QVERIFY(ed25519Verify(kp.publicKey(), bytes(message), s));

        Signature flipped = s;
        flipped[10] ^= 0x01;
        QVERIFY(!ed25519Verify(kp.publicKey(), bytes(message), flipped));
        QByteArray other = message + '!';
        QVERIFY(!ed25519Verify(kp.publicKey(), bytes(other), s));
    }

    void generatedKeysDiffer()
    {
        const auto a = Ed25519KeyPair::generate();
        const auto b = Ed25519KeyPair::generate();
        QVERIFY(a.publicKey() != b.publicKey());
        QVERIFY(ed25519Verify(a.publicKey(), std::string_view("hi"), a.sign(std::string_view("hi"))));
        QVERIFY(!ed25519Verify(b.publicKey(), std::string_view("hi"), a.sign(std::string_view("hi"))));
    }

    void wrongSeedSizeThrows()
    {
        const QByteArray s(31, 'x');
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Ed25519KeyPair::fromSeed(bytes(s)));
    }
};

QTEST_GUILESS_MAIN(TestEd25519)
#include "TestEd25519.moc"
