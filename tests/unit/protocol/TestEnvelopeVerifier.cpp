// The receiver's checks in their order: pinned sender, signature, freshness window, replay.
#include "protocol/EnvelopeVerifier.h"

#include <QJsonDocument>
#include <QTest>

using namespace idleforge;
using namespace idleforge::protocol;

class TestEnvelopeVerifier : public QObject {
    Q_OBJECT
    ManualClock clock;
    const crypto::Ed25519KeyPair alice = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair mallory = crypto::Ed25519KeyPair::generate();

    QByteArray wire(const crypto::Ed25519KeyPair &k, qint64 tsOffset = 0, const QString &nonce = makeNonce())
    {
        return signEnvelope(QStringLiteral("heartbeat"), QJsonObject{{QStringLiteral("step"), 1}}, Signer::of(k),
                            clock.msecsSinceEpoch() + tsOffset, nonce)
            ->toWire();
    }

private Q_SLOTS:
    void acceptsFreshSigned()
    {
        EnvelopeVerifier v(clock);
        auto r = v.verify(wire(alice));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->type, QStringLiteral("heartbeat"));
        QCOMPARE(r->fromKey, alice.publicKey());
    }

    void refusesForgedSignature()
    {
        EnvelopeVerifier v(clock);
        // Mallory signs but claims to be Alice.
        QJsonObject o = QJsonDocument::fromJson(wire(mallory)).object();
        o.insert(QStringLiteral("from"), keyToBase58(alice.publicKey()));
        auto r = v.verify(QJsonDocument(o).toJson(QJsonDocument::Compact));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("protocol.bad_signature"));
    }

    void refusesStaleAndFuture()
    {
        EnvelopeVerifier v(EnvelopeVerifier::Options{.windowMs = 30'000}, clock);
        QVERIFY(v.verify(wire(alice, -30'000)).ok());
        QVERIFY(v.verify(wire(alice, 30'000)).ok());
        auto old = v.verify(wire(alice, -30'001));
        QVERIFY(!old.ok());
        QCOMPARE(old.error().code, QStringLiteral("protocol.stale"));
        auto future = v.verify(wire(alice, 30'001));
        QCOMPARE(future.error().code, QStringLiteral("protocol.stale"));
        // A message fresh when sent turns stale once the receiver's clock moves on.
        const QByteArray w = wire(alice);
        clock.advance(30'001);
        QCOMPARE(v.verify(w).error().code, QStringLiteral("protocol.stale"));
    }

    void refusesReplay()
    {
        EnvelopeVerifier v(clock);
        const QByteArray w = wire(alice);
        QVERIFY(v.verify(w).ok());
        auto again = v.verify(w);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("protocol.replay"));
        // Same nonce from another sender is that sender's own business.
        const QString nonce = QStringLiteral("sharednonce_0123456789");
        QVERIFY(v.verify(wire(alice, 1, nonce)).ok());
        QVERIFY(v.verify(wire(mallory, 1, nonce)).ok());
    }

    // Forgeries must not be able to fill the replay cache and lock out the real sender.
    void forgeriesDoNotTouchReplayCache()
    {
        EnvelopeVerifier v(clock);
        const QString nonce = QStringLiteral("victimnonce_0123456789");
        QJsonObject o = QJsonDocument::fromJson(wire(mallory, 0, nonce)).object();
        o.insert(QStringLiteral("from"), keyToBase58(alice.publicKey()));
        QCOMPARE(v.verify(QJsonDocument(o).toJson()).error().code, QStringLiteral("protocol.bad_signature"));
        QVERIFY(v.verify(wire(alice, 0, nonce)).ok());
    }

    void pinnedSender()
    {
        EnvelopeVerifier v(EnvelopeVerifier::Options{.pinnedSender = alice.publicKey()}, clock);
        QVERIFY(v.verify(wire(alice)).ok());
        QCOMPARE(v.verify(wire(mallory)).error().code, QStringLiteral("protocol.unexpected_sender"));
    }

    void malformedIsAnErrorNotACrash()
    {
        EnvelopeVerifier v(clock);
        for (const QByteArray &junk : {QByteArray(), QByteArray("null"), QByteArray("{}"), QByteArray("{\"v\":1e400}"),
                                       QByteArray("{\"v\":1,\"body\":{\"a\":{\"b\":[[[[[[[[[[]]]]]]]]]]}}")})
            QVERIFY(!v.verify(junk).ok());
    }
};

QTEST_GUILESS_MAIN(TestEnvelopeVerifier)
#include "TestEnvelopeVerifier.moc"
