// The node's coordinator session against an in-process devnet on loopback: registration with
// a signed capability record, leasing, heartbeats, a coordinator restart (reconnect with
// backoff, same lease handed back) and a lost lease. One ManualClock for both sides, so lease
// expiry is decided by the test, not by wall time.
#include "DevnetTestUtil.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetServer.h"
#include "node/CoordinatorClient.h"
#include "protocol/Messages.h"
#include "wallet/NodeIdentity.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;
using node::CoordinatorClient;

class TestCoordinatorClient : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    const wallet::NodeIdentity identity = wallet::NodeIdentity::generate();
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;
    std::unique_ptr<DevnetServer> server;
    quint16 port = 0;

    void startServer()
    {
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(),
                                              Coordinator::Options{.leaseMs = 10'000, .heartbeatMs = 50}, clock);
        server = std::make_unique<DevnetServer>(*coord, coordKey, clock);
        server->setSweepInterval(3'600'000); // the test sweeps by hand
        QVERIFY(server->listen(QHostAddress::LocalHost, port).ok());
        port = server->port();
    }

    void stopServer()
    {
        server.reset();
        coord.reset();
        store.reset();
    }

    void submitTask()
    {
        const auto submitter = crypto::Ed25519KeyPair::generate();
        auto e = protocol::signEnvelope(protocol::msg::kSubmit,
                                        QJsonObject{{QStringLiteral("spec"), devnettest::specText(devnettest::smallSpec())},
                                                    {QStringLiteral("reward"), 5000}},
                                        protocol::Signer::of(submitter), clock.msecsSinceEpoch());
        QCOMPARE(coord->handle(*e).type, protocol::msg::kSubmitted);
    }

    std::unique_ptr<CoordinatorClient> makeClient()
    {
        CoordinatorClient::Options o;
        o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(port));
        o.coordinatorKey = coordKey.publicKey();
        const QJsonObject hw{{QStringLiteral("schema"), QStringLiteral("idleforge.capability/1")},
                             {QStringLiteral("devices"),
                              QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("cpu")},
                                                     {QStringLiteral("type"), QStringLiteral("cpu")},
                                                     {QStringLiteral("cores"), 2},
                                                     {QStringLiteral("usable_memory_bytes"), qint64(4) << 30},
                                                     {QStringLiteral("throughput"),
                                                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("gemm_fp32")},
                                                                             {QStringLiteral("value"), 52000}}}}}}}};
        o.capability = CoordinatorClient::summarize(hw, wallet::addressOf(identity.publicKey()));
        o.minBackoffMs = 50;
        o.maxBackoffMs = 400;
        return std::make_unique<CoordinatorClient>(identity, o, clock);
    }

private Q_SLOTS:
    void initTestCase() { startServer(); }

    void summaryOfHardwareRecord()
    {
        auto cap = CoordinatorClient::summarize(QJsonObject{}, QStringLiteral("addr"));
        QCOMPARE(cap.backends, QStringList{QStringLiteral("repro")});
        QCOMPARE(cap.memoryBytes, qint64(1) << 30); // unmeasured: 1 GiB, enough for devnet tasks
    }

    void registerLeaseHeartbeatReconnect()
    {
        auto client = makeClient();
        QSignalSpy registered(client.get(), &CoordinatorClient::registered);
        QSignalSpy granted(client.get(), &CoordinatorClient::leaseGranted);
        QSignalSpy noTask(client.get(), &CoordinatorClient::noTask);
        client->start();
        QVERIFY(registered.wait(10000));
        QCOMPARE(client->state(), CoordinatorClient::State::Ready);
        QVERIFY(store->provider(identity.nodeId())->has_value());

        client->requestLease();
        QVERIFY(noTask.wait(10000));
        submitTask();
        client->requestLease();
        QVERIFY(granted.wait(10000));
        const auto lease = granted.first().first().value<node::LeaseInfo>();
        QCOMPARE(lease.taskId, QStringLiteral("t1"));
        QCOMPARE(lease.spec, devnettest::smallSpec());

        // Heartbeats move the expiry with the (manual) clock.
        client->reportProgress(3, QString(64, QLatin1Char('b')));
        clock.advance(5'000);
        QVERIFY(QTest::qWaitFor([&] { return store->lease(1)->value().expiresMs == clock.msecsSinceEpoch() + 10'000; }, 10000));
        QCOMPARE(store->lease(1)->value().step, 3);

        // Coordinator restart: the client reconnects, registers again, gets the same lease.
        const int before = client->reconnects();
        stopServer();
        QVERIFY(QTest::qWaitFor([&] { return client->reconnects() > before; }, 10000));
        startServer();
        QVERIFY(registered.wait(10000));
        QVERIFY(QTest::qWaitFor([&] { return client->state() == CoordinatorClient::State::Leased; }, 10000));
        QCOMPARE(client->lease()->leaseId, QStringLiteral("l1"));
        QCOMPARE(granted.size(), 1); // not a new lease
        QCOMPARE(store->task(1)->value().checkpointStep, std::optional<qint64>(3));
        client->stop();
    }

    void lostLeaseIsReported()
    {
        auto client = makeClient();
        QSignalSpy granted(client.get(), &CoordinatorClient::leaseGranted);
        QSignalSpy lost(client.get(), &CoordinatorClient::leaseLost);
        client->start();
        client->requestLease(); // queued until registered
        QVERIFY(granted.wait(10000) || !granted.isEmpty());
        const QString leaseId = client->lease()->leaseId;
        // The node goes quiet past its lease (the manual clock jumps), the sweep expires it.
        clock.advance(20'000);
        QCOMPARE(coord->sweep()->size(), 1);
        QVERIFY(lost.wait(10000));
        QCOMPARE(lost.first().first().toString(), leaseId);
        QCOMPARE(lost.first().at(1).value<Error>().code, QStringLiteral("devnet.lease_gone"));
        QCOMPARE(client->state(), CoordinatorClient::State::Ready);
        QCOMPARE(store->task(1)->value().state, QStringLiteral("pooled"));
        client->stop();
    }

    void cleanupTestCase() { stopServer(); }
};

QTEST_GUILESS_MAIN(TestCoordinatorClient)
#include "TestCoordinatorClient.moc"
