// The outbox's re-send after a missing answer on a live connection, against an in-process devnet
// on loopback (test builds: DevnetServer::loseRepliesForTesting handles a request and drops its
// reply). The node's commit reaches the coordinator, the reply is lost, the node's send times out
// and the OutboxSender re-sends on the same connection: the coordinator sees the commit twice,
// keeps one commitment and schedules one audit, and the node's outbox ends with nothing pending.
// The same again on a full disk (the Outbox cannot store the commit): the message is kept in
// memory, re-sent all the same, and stored once space is back before the answer comes.
#include "DevnetTestUtil.h"
#include "SqliteDiskFull.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetServer.h"
#include "node/CoordinatorClient.h"
#include "node/Outbox.h"
#include "node/OutboxSender.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "wallet/NodeIdentity.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;
using node::CoordinatorClient;
using node::Outbox;
using node::OutboxSender;

namespace {
constexpr int kWaitMs = 60'000; // generous: two busy cores

QJsonObject commitBody(const QString &lease)
{
    protocol::CommitBody c;
    c.lease = lease;
    c.runRoot = QString(64, QLatin1Char('a'));
    c.finalHash = QString(64, QLatin1Char('b'));
    c.steps = 20; // devnettest::smallSpec()
    c.checkpointEvery = 5;
    for (int i = 0; i < 20; ++i)
        c.losses << QStringLiteral("5.5");
    return c.toJson();
}
} // namespace

class TestOutboxResend : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;
    std::unique_ptr<DevnetServer> server;
    QStringList said;

    // A registered node holding the lease of a fresh task; returns the lease id.
    QString leased(CoordinatorClient &client)
    {
        const auto submitter = crypto::Ed25519KeyPair::generate();
        auto e = protocol::signEnvelope(protocol::msg::kSubmit,
                                        QJsonObject{{QStringLiteral("spec"), devnettest::specText(devnettest::smallSpec())},
                                                    {QStringLiteral("reward"), 5000}},
                                        protocol::Signer::of(submitter), QDateTime::currentMSecsSinceEpoch());
        if (coord->handle(*e).type != protocol::msg::kSubmitted)
            return {};
        QSignalSpy granted(&client, &CoordinatorClient::leaseGranted);
        client.start();
        client.requestLease(); // queued until registered
        if (!granted.wait(kWaitMs))
            return {};
        return client.lease()->leaseId;
    }

    std::unique_ptr<CoordinatorClient> makeClient(const wallet::NodeIdentity &identity)
    {
        CoordinatorClient::Options o;
        o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server->port()));
        o.coordinatorKey = coordKey.publicKey();
        o.capability = CoordinatorClient::summarize(QJsonObject{}, wallet::addressOf(identity.publicKey()));
        o.minBackoffMs = 50;
        o.replyTimeoutMs = 1'000; // the lost reply: the only wait this test has
        return std::make_unique<CoordinatorClient>(identity, o);
    }

    qint64 commitsSeen() const { return server->traffic().byType.value(protocol::msg::kCommit).first; }

private Q_SLOTS:
    void init()
    {
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet-%1.sqlite").arg(QLatin1String(QTest::currentTestFunction())))).value();
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(), Coordinator::Options{.leaseMs = 600'000});
        server = std::make_unique<DevnetServer>(*coord, coordKey);
        QVERIFY(server->listen(QHostAddress::LocalHost, 0).ok());
        said.clear();
    }
    void cleanup()
    {
        server.reset();
        coord.reset();
        store.reset();
    }

    void lostReplyIsResentOnTheSameConnection()
    {
        const auto identity = wallet::NodeIdentity::generate();
        auto client = makeClient(identity);
        const QString lease = leased(*client);
        QVERIFY(!lease.isEmpty());
        auto outbox = Outbox::open(dir.filePath(QStringLiteral("outbox-1.sqlite")));
        QVERIFY(outbox.ok());
        Outbox *box = outbox->get();
        OutboxSender sender(std::move(*outbox), client.get(), [&](const QString &line) { said << line; });
        sender.setRetryMs(50);

        server->loseRepliesForTesting(protocol::msg::kCommit, 1);
        const QString key = QStringLiteral("commit:") + lease;
        sender.deliver(protocol::msg::kCommit, key, commitBody(lease));
        QCOMPARE(box->pending()->size(), 1); // stored before it was sent
        QTRY_VERIFY_WITH_TIMEOUT(box->pending()->isEmpty(), kWaitMs);

        QCOMPARE(server->lostReplies(), qint64(1));
        QVERIFY(commitsSeen() >= 2);                // the first and the re-send
        QCOMPARE(client->reconnects(), 0);           // on the same connection
        QVERIFY(said.filter(QStringLiteral("got no answer")).size() >= 1);
        QVERIFY(*box->contains(key));                // remembered as acknowledged
        QCOMPARE(box->pending()->size(), 0);
        QCOMPARE(sender.pendingCount(), 0);
        // Landed exactly once: one commitment, one audit, however often it was sent.
        const auto commitment = store->games().commitment(1);
        QVERIFY(commitment.ok() && commitment->has_value());
        QCOMPARE((*commitment)->runRoot, QString(64, QLatin1Char('a')));
        QCOMPARE(*store->games().gameCount(1, "audit"), 1);
        client->stop();
    }

    void unstoredMessageIsResentAndStoredWhenSpaceIsBack()
    {
        const auto identity = wallet::NodeIdentity::generate();
        auto client = makeClient(identity);
        const QString lease = leased(*client);
        QVERIFY(!lease.isEmpty());
        auto outbox = Outbox::open(dir.filePath(QStringLiteral("outbox-2.sqlite")));
        QVERIFY(outbox.ok());
        Outbox *box = outbox->get();
        OutboxSender sender(std::move(*outbox), client.get(), [&](const QString &line) { said << line; });
        sender.setRetryMs(50);

        // Every reply is lost until the test says otherwise, so nothing settles by chance early.
        server->loseRepliesForTesting(protocol::msg::kCommit, 1'000'000);
        const QString key = QStringLiteral("commit:") + lease;
        {
            testutil::SqliteDiskFull disk(0);
            sender.deliver(protocol::msg::kCommit, key, commitBody(lease));
            QCOMPARE(said.filter(QStringLiteral("cannot store ") + key).size(), 1);
            QCOMPARE(sender.pendingCount(), 1); // counted, though only in memory
            QCOMPARE(*box->contains(key), false);
            QTRY_VERIFY_WITH_TIMEOUT(commitsSeen() >= 2, kWaitMs); // re-sent without being stored
            QCOMPARE(*box->contains(key), false);
        } // space is back: the next re-send stores it first
        QTRY_VERIFY_WITH_TIMEOUT(*box->contains(key), kWaitMs);
        QCOMPARE(said.filter(key + QStringLiteral(" is stored in the outbox now")).size(), 1);
        QCOMPARE(box->pending()->size(), 1);
        server->loseRepliesForTesting(protocol::msg::kCommit, 0); // and now an answer comes through
        QTRY_VERIFY_WITH_TIMEOUT(box->pending()->isEmpty(), kWaitMs);
        QCOMPARE(sender.pendingCount(), 0);
        QVERIFY(server->lostReplies() >= 2);
        QVERIFY(*box->contains(key)); // remembered as acknowledged
        QCOMPARE(*store->games().gameCount(1, "audit"), 1);
        client->stop();
    }
};

QTEST_GUILESS_MAIN(TestOutboxResend)
#include "TestOutboxResend.moc"
