// The control endpoint in process, over a real loopback WebSocket: the signed hello and key
// pinning, a request/reply round trip, and every kind of bad message refused with a signed
// error reply (and recorded) while the connection and the server stay up.
#include "DevnetTestUtil.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetServer.h"
#include "protocol/Channel.h"
#include "protocol/Messages.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTcpSocket>
#include <QWebSocket>

using namespace idleforge;
using namespace idleforge::devnet;
namespace msg = idleforge::protocol::msg;

class TestDevnetServer : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair node = crypto::Ed25519KeyPair::generate();
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;
    std::unique_ptr<DevnetServer> server;
    QUrl url;

    std::unique_ptr<protocol::Channel> connectChannel(std::optional<crypto::PublicKey> pin)
    {
        auto ch = std::make_unique<protocol::Channel>(protocol::Signer::of(node), pin);
        QSignalSpy opened(ch.get(), &protocol::Channel::opened);
        ch->open(url);
        opened.wait(10000);
        return ch;
    }

    Result<protocol::Envelope> requestSync(protocol::Channel &ch, const QString &type, const QJsonObject &body)
    {
        std::optional<Result<protocol::Envelope>> got;
        ch.request(type, body, [&](Result<protocol::Envelope> r) { got = std::move(r); });
        (void)QTest::qWaitFor([&] { return got.has_value(); }, 20000);
        return got.value_or(makeError("test.no_answer", QStringLiteral("no answer")));
    }

    // Sends raw bytes and returns the error code of the next unsolicited `error` reply.
    QString refusalOf(protocol::Channel &ch, const QByteArray &bytes)
    {
        QSignalSpy received(&ch, &protocol::Channel::received);
        ch.sendRaw(bytes);
        if (!received.wait(10000))
            return QStringLiteral("(no reply)");
        const auto e = received.first().first().value<protocol::Envelope>();
        if (e.type != msg::kError)
            return QStringLiteral("(not an error: %1)").arg(e.type);
        return e.body.value(QLatin1String("code")).toString();
    }

    QByteArray signedWire(const QString &type, qint64 tsOffset = 0)
    {
        return protocol::signEnvelope(type, {}, protocol::Signer::of(node), Clock::instance().msecsSinceEpoch() + tsOffset)
            ->toWire();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<protocol::Envelope>();
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(), Coordinator::Options{});
        server = std::make_unique<DevnetServer>(*coord, coordKey);
        QVERIFY(server->listen(QHostAddress::LocalHost, 0).ok());
        url = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server->port()));
    }

    void helloPinsCoordinatorKey()
    {
        auto ch = connectChannel(std::nullopt);
        QVERIFY(ch->isOpen());
        QCOMPARE(ch->coordinatorKey(), std::optional<crypto::PublicKey>(coordKey.publicKey()));
        QCOMPARE(ch->hello().value(QLatin1String("coordinator")).toString(), protocol::keyToBase58(coordKey.publicKey()));
    }

    void wrongPinRefusesHello()
    {
        const auto other = crypto::Ed25519KeyPair::generate();
        protocol::Channel ch(protocol::Signer::of(node), other.publicKey());
        QSignalSpy refused(&ch, &protocol::Channel::refused);
        ch.open(url);
        QVERIFY(refused.wait(10000));
        QCOMPARE(refused.first().first().value<Error>().code, QStringLiteral("protocol.unexpected_sender"));
        QVERIFY(!ch.isOpen());
    }

    void registerRoundTrip()
    {
        auto ch = connectChannel(coordKey.publicKey());
        auto r = requestSync(*ch, msg::kRegister, devnettest::registerBody(node));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->type, msg::kRegistered);
        QCOMPARE(r->fromKey, coordKey.publicKey());
        auto status = requestSync(*ch, msg::kStatus, {});
        QCOMPARE(status->body.value(QLatin1String("providers")).toInteger(), 1);
        // An error reply arrives as an Error.
        auto bad = requestSync(*ch, msg::kHeartbeat, QJsonObject{{QStringLiteral("lease"), QStringLiteral("l99")}, {QStringLiteral("step"), 0}});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, QStringLiteral("devnet.no_lease"));
    }

    void badMessagesRefusedConnectionStays()
    {
        auto ch = connectChannel(coordKey.publicKey());
        const qint64 before = *store->eventCount(QStringLiteral("refused"));

        // Forged: a body changed after signing.
        QJsonObject forged = QJsonDocument::fromJson(signedWire(msg::kStatus)).object();
        forged.insert(QStringLiteral("body"), QJsonObject{{QStringLiteral("x"), 1}});
        QCOMPARE(refusalOf(*ch, QJsonDocument(forged).toJson()), QStringLiteral("protocol.bad_signature"));
        // Replayed.
        const QByteArray once = signedWire(msg::kStatus);
        QSignalSpy received(ch.get(), &protocol::Channel::received);
        ch->sendRaw(once);
        QVERIFY(received.wait(10000)); // the status reply
        QCOMPARE(refusalOf(*ch, once), QStringLiteral("protocol.replay"));
        // Stale, and from the future.
        QCOMPARE(refusalOf(*ch, signedWire(msg::kStatus, -10 * 60'000)), QStringLiteral("protocol.stale"));
        QCOMPARE(refusalOf(*ch, signedWire(msg::kStatus, 10 * 60'000)), QStringLiteral("protocol.stale"));
        // Oversized (above our limit, below Qt's hard stop).
        QCOMPARE(refusalOf(*ch, QByteArray(protocol::kMaxMessageBytes + 10, 'a')), QStringLiteral("protocol.oversized"));
        // Malformed and unknown version.
        QCOMPARE(refusalOf(*ch, "{\"v\":1,\"type\":"), QStringLiteral("protocol.bad_json"));
        QJsonObject v1 = QJsonDocument::fromJson(signedWire(msg::kStatus)).object();
        v1.insert(QStringLiteral("v"), 1); // an earlier build (BLAKE2b state leaves)
        QCOMPARE(refusalOf(*ch, QJsonDocument(v1).toJson()), QStringLiteral("protocol.bad_version"));

        QCOMPARE(*store->eventCount(QStringLiteral("refused")), before + 7);
        // Still connected and served.
        auto status = requestSync(*ch, msg::kStatus, {});
        QVERIFY(status.ok());
    }

    void floodOfBadMessagesClosesConnection()
    {
        auto ch = connectChannel(coordKey.publicKey());
        QSignalSpy closed(ch.get(), &protocol::Channel::closed);
        for (int i = 0; i < DevnetServer::kMaxRefusals; ++i)
            ch->sendRaw("not json");
        QVERIFY(closed.wait(10000));
        // The server still takes new connections.
        auto again = connectChannel(coordKey.publicKey());
        QVERIFY(again->isOpen());
    }
    // A second server on the same coordinator with tight limits.
    std::unique_ptr<DevnetServer> limitedServer(const DevnetServer::Limits &limits, QUrl &at)
    {
        auto s = std::make_unique<DevnetServer>(*coord, coordKey);
        s->setLimits(limits);
        if (!s->listen(QHostAddress::LocalHost, 0).ok())
            return nullptr;
        at = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(s->port()));
        return s;
    }
    std::unique_ptr<protocol::Channel> openAt(const QUrl &at)
    {
        auto ch = std::make_unique<protocol::Channel>(protocol::Signer::of(node), coordKey.publicKey());
        QSignalSpy opened(ch.get(), &protocol::Channel::opened);
        ch->open(at);
        opened.wait(5000);
        return ch;
    }

    void connectionsPerAddressCapped()
    {
        DevnetServer::Limits limits;
        limits.maxPerAddress = 2;
        QUrl at;
        auto s = limitedServer(limits, at);
        QVERIFY(s);
        auto a = openAt(at), b = openAt(at);
        QVERIFY(a->isOpen() && b->isOpen());
        auto c = openAt(at);
        QVERIFY(QTest::qWaitFor([&] { return s->rejectedConnections() == 1; }, 10000));
        QVERIFY(!c->isOpen());
        QCOMPARE(s->connectionCount(), 2);
        // Closing one frees its slot.
        a.reset();
        QVERIFY(QTest::qWaitFor([&] { return s->connectionCount() == 1; }, 10000));
        auto d = openAt(at);
        QVERIFY(d->isOpen());
        QVERIFY(requestSync(*d, msg::kStatus, {}).ok());
    }

    void connectionsInTotalCapped()
    {
        DevnetServer::Limits limits;
        limits.maxConnections = 1;
        QUrl at;
        auto s = limitedServer(limits, at);
        QVERIFY(s);
        auto a = openAt(at);
        QVERIFY(a->isOpen());
        auto b = openAt(at);
        QVERIFY(QTest::qWaitFor([&] { return s->rejectedConnections() == 1; }, 10000));
        QVERIFY(!b->isOpen());
        QVERIFY(requestSync(*a, msg::kStatus, {}).ok());
    }

    void silentConnectionCutAtRegistrationDeadline()
    {
        DevnetServer::Limits limits;
        limits.registrationDeadlineMs = 300;
        QUrl at;
        auto s = limitedServer(limits, at);
        QVERIFY(s);
        QWebSocket silent;
        QSignalSpy connected(&silent, &QWebSocket::connected);
        QSignalSpy gone(&silent, &QWebSocket::disconnected);
        silent.open(at);
        QVERIFY(connected.wait(5000));
        auto talking = openAt(at);
        QVERIFY(requestSync(*talking, msg::kStatus, {}).ok());
        QVERIFY(gone.wait(10000));
        QCOMPARE(silent.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(s->unregisteredClosed(), qint64(1));
        QTest::qWait(500); // well past the deadline: the signed one stays
        QVERIFY(talking->isOpen());
        QVERIFY(requestSync(*talking, msg::kStatus, {}).ok());
    }

    void refusalLimitSurvivesReconnect()
    {
        DevnetServer::Limits limits;
        limits.refusalBurst = 5;
        limits.refusalsPerSecond = 0.001;
        QUrl at;
        auto s = limitedServer(limits, at);
        QVERIFY(s);
        const qint64 before = *store->eventCount(QStringLiteral("refused"));
        {
            auto ch = openAt(at);
            for (int i = 0; i < 3; ++i)
                QCOMPARE(refusalOf(*ch, "not json"), QStringLiteral("protocol.bad_json"));
        }
        auto ch = openAt(at);
        QSignalSpy closed(ch.get(), &protocol::Channel::closed);
        for (int i = 0; i < 10; ++i)
            ch->sendRaw("not json");
        QVERIFY(closed.wait(10000));
        QCOMPARE(*store->eventCount(QStringLiteral("refused")), before + 5);
        QVERIFY(s->unrecordedRefusals() >= 1);
    }

    void refusalRecordsRateLimited()
    {
        DevnetServer::Limits limits;
        limits.recordBurst = 3;
        limits.recordsPerSecond = 0.001;
        QUrl at;
        auto s = limitedServer(limits, at);
        QVERIFY(s);
        const qint64 before = *store->eventCount(QStringLiteral("refused"));
        auto ch = openAt(at);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(refusalOf(*ch, "not json"), QStringLiteral("protocol.bad_json"));
        QCOMPARE(*store->eventCount(QStringLiteral("refused")), before + 3);
        QCOMPARE(s->unrecordedRefusals(), qint64(7));
        QCOMPARE(s->refusedCount(), qint64(10));
    }
};

QTEST_GUILESS_MAIN(TestDevnetServer)
#include "TestDevnetServer.moc"
