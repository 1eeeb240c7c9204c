// The signed envelope: the signed bytes are the canonical JSON written out by hand here, the
// signature is RFC 8032 Ed25519 over exactly them, and parse() refuses every malformed shape
// with a stable code instead of crashing.
#include "crypto/Base58.h"
#include "crypto/Blake2b.h"
#include "protocol/Envelope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace idleforge;
using namespace idleforge::protocol;

namespace {
// RFC 8032 section 7.1, TEST 1 secret key.
const crypto::Ed25519KeyPair &key()
{
    static const auto seed = *crypto::hexToBytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static const auto k = crypto::Ed25519KeyPair::fromSeed(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(seed.data()), seed.size()));
    return k;
}

QByteArray mutate(const QByteArray &wire, const QString &field, const QJsonValue &value)
{
    QJsonObject o = QJsonDocument::fromJson(wire).object();
    if (value.isUndefined())
        o.remove(field);
    else
        o.insert(field, value);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

class TestEnvelope : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void signedBytesAreCanonical()
    {
        const QString nonce = QStringLiteral("AAAAAAAAAAAAAAAAAAAAAA");
        auto e = signEnvelope(QStringLiteral("heartbeat"),
                              QJsonObject{{QStringLiteral("step"), 7}, {QStringLiteral("lease"), QStringLiteral("l1")}},
                              Signer::of(key()), 1700000000000, nonce);
        QVERIFY(e.ok());
        // The RFC 8032 TEST 1 public key, base58.
        const QString from = QString::fromStdString(crypto::base58Encode(key().publicKey()));
        QCOMPARE(e->from, from);
        const QByteArray expected = "{\"body\":{\"lease\":\"l1\",\"step\":7},\"from\":\"" + from.toLatin1() +
                                    "\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"ts\":1700000000000,\"type\":\"heartbeat\",\"v\":2}";
        QCOMPARE(e->canonical, expected);
        const auto sig = key().sign(std::string_view(expected.constData(), expected.size()));
        QCOMPARE(e->signature, sig);
        QVERIFY(crypto::ed25519Verify(key().publicKey(), std::string_view(expected.constData(), expected.size()), sig));
    }

    void roundTripThroughAnyWireForm()
    {
        auto e = signEnvelope(QStringLiteral("status"), {}, Signer::of(key()), 5);
        QVERIFY(e.ok());
        auto back = Envelope::parse(e->toWire());
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
        QVERIFY(back->signatureValid());
        QCOMPARE(back->nonce, e->nonce);
        // Pretty-printed with other key order: same signed bytes.
        const QByteArray pretty = QJsonDocument::fromJson(e->toWire()).toJson(QJsonDocument::Indented);
        auto again = Envelope::parse(pretty);
        QVERIFY(again.ok());
        QVERIFY(again->signatureValid());
    }

    void tamperedBodyFailsSignature()
    {
        auto e = signEnvelope(QStringLiteral("submit"), QJsonObject{{QStringLiteral("reward"), 10}}, Signer::of(key()), 5);
        const QByteArray forged = mutate(e->toWire(), QStringLiteral("body"), QJsonObject{{QStringLiteral("reward"), 11}});
        auto parsed = Envelope::parse(forged);
        QVERIFY(parsed.ok());
        QVERIFY(!parsed->signatureValid());
    }

    void refusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("code");
        auto e = signEnvelope(QStringLiteral("status"), {}, Signer::of(key()), 5);
        const QByteArray good = e->toWire();
        QTest::newRow("not json") << QByteArray("{\"v\":1,") << QStringLiteral("protocol.bad_json");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("protocol.bad_json");
        QTest::newRow("binary junk") << QByteArray("\xff\xfe\x00\x01", 4) << QStringLiteral("protocol.bad_json");
        // Version 1 hashed state leaves with BLAKE2b: its commitments would never match ours.
        QTest::newRow("version 1") << mutate(good, QStringLiteral("v"), 1) << QStringLiteral("protocol.bad_version");
        QTest::newRow("version 3") << mutate(good, QStringLiteral("v"), 3) << QStringLiteral("protocol.bad_version");
        QTest::newRow("version string") << mutate(good, QStringLiteral("v"), QStringLiteral("2")) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("extra field") << mutate(good, QStringLiteral("x"), 1) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("no sig") << mutate(good, QStringLiteral("sig"), QJsonValue(QJsonValue::Undefined)) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("short sig") << mutate(good, QStringLiteral("sig"), QStringLiteral("abc")) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("bad from") << mutate(good, QStringLiteral("from"), QStringLiteral("0OIl")) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("short nonce") << mutate(good, QStringLiteral("nonce"), QStringLiteral("abc")) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("fraction ts") << mutate(good, QStringLiteral("ts"), 1.5) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("body array") << mutate(good, QStringLiteral("body"), QJsonArray()) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("type case") << mutate(good, QStringLiteral("type"), QStringLiteral("Status")) << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("fraction in body") << mutate(good, QStringLiteral("body"), QJsonObject{{QStringLiteral("x"), 0.5}})
                                          << QStringLiteral("protocol.bad_envelope");
        QTest::newRow("oversized") << QByteArray(kMaxMessageBytes + 1, ' ') << QStringLiteral("protocol.oversized");
    }

    void refusesMalformed()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, code);
        auto r = Envelope::parse(wire);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
    }

    void noncesAreFreshAndValid()
    {
        const QString a = makeNonce(), b = makeNonce();
        QCOMPARE(a.size(), 22);
        QVERIFY(a != b);
        auto e = signEnvelope(QStringLiteral("status"), {}, Signer::of(key()), 5, a);
        QVERIFY(Envelope::parse(e->toWire()).ok());
    }
};

QTEST_GUILESS_MAIN(TestEnvelope)
#include "TestEnvelope.moc"
