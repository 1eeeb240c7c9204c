// A provider against a hostile coordinator: the in-process devnet on loopback, its replies
// rewritten and its pushes forged through DevnetServer's test-only hooks (signed with the pinned
// coordinator key, so they pass the envelope check and reach the node's own checks). Each time the
// node refuses with a reason in its log and keeps running: it asks for work again, and at the end
// trains and commits an honest lease.
// - a lease that does not parse (its spec missing);
// - a lease whose spec is not the one its spec_hash names;
// - a lease with a spec over the node's memory budget;
// - an oversized lease reply (over protocol::kMaxMessageBytes): refused by the channel, then no
//   answer; before, the node never asked for work again on that connection;
// - a forged receipt (signed by another key): not stored, the balance stays 0;
// - an audit assignment and a dispute whose spec is not the one their spec_hash names;
// - a checkpoint to resume from whose blob does not match its hash: trained from scratch.
// - a lease whose blob server accepts the connection and never answers: the checkpoint fetch is
//   given up after the node's stall timeout (blobStallMs) with the reason logged, and the node
//   trains from its own state and commits.
// - a lease whose blob server answers and then trickles a byte every 50 ms: cut after a stall
//   window for bringing less than the node's rate floor (blobMinBytesPerSecond), logged, and the
//   node trains from its own state and commits.
// Slow and stalled HTTP peers at the fetcher's level: TestBlobFetcher and TestBlobServer (the
// fetcher the node uses for datasets and checkpoints).
#include "DevnetTestUtil.h"
#include "LedgerTestUtil.h"
#include "LoopbackNet.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetApp.h"
#include "crypto/Blake2b.h"
#include "ledger/Ledger.h"
#include "task/DatasetStore.h"
#include "node/ProviderNode.h"
#include "protocol/Envelope.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "secrets/MemoryStore.h"
#include "task/TaskSpec.h"
#include "wallet/NodeIdentity.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;

namespace {
constexpr int kWaitMs = 60'000; // generous: two busy cores, the node's 5 s retry and back-off

// Warnings and worse, kept for the checks (the node's reasons for refusing go to its log).
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;
void keepLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type != QtDebugMsg && type != QtInfoMsg) {
        QMutexLocker lock(&g_logMutex);
        g_log << message;
    }
    g_previous(type, context, message);
}
bool logged(const QString &a, const QString &b)
{
    QMutexLocker lock(&g_logMutex);
    for (const QString &line : std::as_const(g_log))
        if (line.contains(a) && line.contains(b))
            return true;
    return false;
}

QJsonObject overBudgetSpec()
{
    task::TemplateOptions o;
    o.layers = 8;
    o.dModel = 1024;
    o.heads = 16;
    o.context = 256;
    o.batch = 8;
    o.steps = 10;
    o.checkpointEvery = 5;
    o.data.kind = task::DatasetRef::Kind::Synthetic;
    o.data.size = 1 << 16;
    return task::makeTemplateSpec(o).value();
}
} // namespace

class TestHostileCoordinator : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    secrets::MemoryStore keyStore;
    std::unique_ptr<DevnetApp> devnet;
    std::unique_ptr<wallet::NodeIdentity> identity;
    std::unique_ptr<ledger::Ledger> ledger;
    std::unique_ptr<node::ProviderNode> node;
    QStringList said;

    qint64 leaseRequests() const { return devnet->server().traffic().byType.value(protocol::msg::kLeaseRequest).first; }

    // Every lease reply rewritten by `rewrite` from now on.
    void hostileLeases(std::function<void(QJsonObject &)> rewrite)
    {
        devnet->server().rewriteRepliesForTesting(protocol::msg::kLeaseRequest, [rewrite](QString &type, QJsonObject &body) {
            if (type == protocol::msg::kLease)
                rewrite(body);
        });
    }

    // The node said or logged `a` and `b`, and asked for work again after that.
    void refusedAndAsksAgain(const QString &a, const QString &b)
    {
        QTRY_VERIFY_WITH_TIMEOUT(said.filter(a).filter(b).size() > 0 || logged(a, b), kWaitMs);
        const qint64 asked = leaseRequests();
        QTRY_VERIFY_WITH_TIMEOUT(leaseRequests() > asked, kWaitMs);
        QCOMPARE(node->status().connection.isEmpty(), false);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")), "IDLEFORGE_WORKER must name idleforge-worker (ctest sets it)");
        g_previous = qInstallMessageHandler(keepLog);
        qRegisterMetaType<protocol::Envelope>();
        devnet = std::make_unique<DevnetApp>();
        auto started = devnet->start(nodetest::loopbackConfig(dir.filePath(QStringLiteral("devnet"))), keyStore);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
        QVERIFY(devnet->coordinator().submitTask(devnettest::smallSpec(10), 1000, QStringLiteral("test")).ok());
        hostileLeases([](QJsonObject &body) { body.remove(QStringLiteral("spec")); }); // before the first request

        ledger = std::move(ledger::Ledger::open(dir.filePath(QStringLiteral("ledger.sqlite")), devnet->key().publicKey()).value());
        identity = std::make_unique<wallet::NodeIdentity>(wallet::NodeIdentity::generate());
        node::ProviderOptions o;
        o.replyTimeoutMs = 2'000; // the oversized reply's wait
        o.blobStallMs = 500;      // the stalled blob server's wait
        node = std::make_unique<node::ProviderNode>(*identity, nodetest::loopbackProvider(*devnet, QDir(dir.path()), QStringLiteral("node"), o),
                                                    ledger.get());
        connect(node.get(), &node::ProviderNode::activity, this, [this](const QString &l) { said << l; });
        QVERIFY(node->start().ok());
    }
    void cleanupTestCase()
    {
        if (node) {
            QSignalSpy stopped(node.get(), &node::ProviderNode::stopped);
            node->stop();
            QVERIFY(stopped.count() > 0 || stopped.wait(30000));
        }
        node.reset();
        qInstallMessageHandler(g_previous);
    }

    void malformedLease() { refusedAndAsksAgain(QStringLiteral("coordinator:"), QStringLiteral("spec")); }

    void specNotMatchingItsHash()
    {
        hostileLeases([](QJsonObject &body) { body.insert(QStringLiteral("spec_hash"), QString(64, QLatin1Char('f'))); });
        refusedAndAsksAgain(QStringLiteral("does not match its hash"), QStringLiteral("cannot run"));
    }

    void specOverTheBudget()
    {
        const QJsonObject spec = overBudgetSpec();
        const auto parsed = task::parseTaskSpec(spec);
        QVERIFY(parsed.ok()); // a valid task, only too big for this node (1 GiB unmeasured)
        QVERIFY(parsed->cost.peakBytes > qint64(1) << 30);
        hostileLeases([spec, hash = task::hashHex(parsed->taskId)](QJsonObject &body) {
            body.insert(QStringLiteral("spec"), devnettest::specText(spec));
            body.insert(QStringLiteral("spec_hash"), hash);
        });
        refusedAndAsksAgain(QStringLiteral("failed"), QStringLiteral("budget"));
    }

    void oversizedLease()
    {
        hostileLeases([](QJsonObject &body) {
            body.insert(QStringLiteral("padding"), QString(int(protocol::kMaxMessageBytes) + 1000, QLatin1Char('x')));
        });
        refusedAndAsksAgain(QStringLiteral("refused a message from the coordinator"), QStringLiteral("protocol.oversized"));
    }

    void forgedReceipt()
    {
        const auto impostor = crypto::Ed25519KeyPair::generate();
        const QJsonObject receipt = ledgertest::signedReceipt(
            impostor, ledgertest::receiptFields(QStringLiteral("r-forged"), QStringLiteral("reward"), 1'000'000, 1, QStringLiteral("t1")));
        QVERIFY(devnet->server().pushForTesting(identity->nodeId(), protocol::msg::kReceipt, protocol::ReceiptBody{receipt}.toJson()));
        QTRY_VERIFY_WITH_TIMEOUT(!said.filter(QStringLiteral("receipt r-forged refused")).isEmpty(), kWaitMs);
        QVERIFY(!said.filter(QStringLiteral("ledger.bad_signature")).isEmpty());
        QCOMPARE(ledger->queries().receipts()->size(), 0);
        QCOMPARE(*ledger->balance(), qint64(0));
    }

    // An audit or a dispute over a spec that is not the one its spec_hash names is not played:
    // the verdict would be about another task than the commitment's.
    void auditAndDisputeOfAnotherSpec()
    {
        const QString fake(64, QLatin1Char('f'));
        protocol::AuditAssignBody audit;
        audit.game = QStringLiteral("g99");
        audit.task = QStringLiteral("t1");
        audit.specText = devnettest::specText(devnettest::smallSpec(10));
        audit.specHash = fake;
        audit.solver = wallet::NodeIdentity::generate().nodeId();
        audit.seed = fake;
        audit.samples = 2;
        audit.runRoot = fake;
        audit.steps = 10;
        audit.blobs = devnet->url().toString(); // never reached
        QVERIFY(devnet->server().pushForTesting(identity->nodeId(), protocol::msg::kAuditAssign, audit.toJson()));
        QTRY_VERIFY_WITH_TIMEOUT(!said.filter(QStringLiteral("cannot audit g99")).filter(QStringLiteral("does not match its hash")).isEmpty(), kWaitMs);

        protocol::DisputeOpenBody dispute{QStringLiteral("g98"), QStringLiteral("t1"), audit.specText, fake, QStringLiteral("b"),
                                          QStringLiteral("g99"), audit.blobs};
        QVERIFY(devnet->server().pushForTesting(identity->nodeId(), protocol::msg::kDisputeOpen, dispute.toJson()));
        QTRY_VERIFY_WITH_TIMEOUT(!said.filter(QStringLiteral("cannot play dispute g98")).filter(QStringLiteral("does not match its hash")).isEmpty(), kWaitMs);
    }

    // Then the honest lease, except that it names a checkpoint to resume from whose blob does not
    // match its hash: the node refuses the blob, trains from its own state and commits.
    void stillTrainsAnHonestLease()
    {
        const auto claimed = crypto::blake2b256(std::string_view("the checkpoint the lease names"));
        QFile planted(devnet->blobs().pathOf(claimed));
        QVERIFY(planted.open(QIODevice::WriteOnly));
        QVERIFY(planted.write("not that checkpoint") > 0);
        planted.close();
        hostileLeases([hash = task::hashHex(claimed)](QJsonObject &body) {
            body.insert(QStringLiteral("resume"), QJsonObject{{QStringLiteral("step"), 5}, {QStringLiteral("hash"), hash}});
        });
        QSignalSpy committed(node.get(), &node::ProviderNode::taskCommitted);
        QVERIFY(committed.wait(kWaitMs) || !committed.isEmpty());
        QVERIFY(!said.filter(QStringLiteral("cannot fetch the checkpoint of t1")).filter(QStringLiteral("arrived with hash")).isEmpty());
        QCOMPARE(committed.first().at(2).toLongLong(), 10);
        QCOMPARE(said.filter(QStringLiteral("finished t1")).size(), 1);
        devnet->server().rewriteRepliesForTesting(protocol::msg::kLeaseRequest, {});
    }

    // A lease whose blob server takes the connection and then says nothing: the node gives the
    // checkpoint up after its stall timeout, says why, trains from its own state and commits.
    void stalledBlobServer()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (silent.nextPendingConnection()) {
            } // accepted and never answered (owned by `silent`)
        });
        checkpointFromServerIsGivenUp(silent, QStringLiteral("stalled"));
    }

    // A blob server that sends its headers and then a byte every 50 ms (20 bytes/s, the node's
    // floor is 1,024): cut after one stall window as too slow, and the node trains and commits.
    void tricklingBlobServer()
    {
        QTcpServer trickle;
        QVERIFY(trickle.listen(QHostAddress::LocalHost, 0));
        connect(&trickle, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = trickle.nextPendingConnection()) {
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n");
                auto *timer = new QTimer(s);
                connect(timer, &QTimer::timeout, s, [s] { s->write("x"); });
                timer->start(50);
            }
        });
        checkpointFromServerIsGivenUp(trickle, QStringLiteral("too slow"));
    }

private:
    // A lease that resumes from a checkpoint only `server` has: the fetch fails for `reason`,
    // logged once, and the task still trains its 10 steps and commits.
    void checkpointFromServerIsGivenUp(QTcpServer &server, const QString &reason)
    {
        QSignalSpy reached(&server, &QTcpServer::newConnection);
        QVERIFY(devnet->coordinator().submitTask(devnettest::smallSpec(10, 2), 1000, QStringLiteral("test")).ok());
        const auto claimed = crypto::blake2b256(std::string_view("a checkpoint no server will send"));
        hostileLeases([hash = task::hashHex(claimed), port = server.serverPort()](QJsonObject &body) {
            body.insert(QStringLiteral("resume"), QJsonObject{{QStringLiteral("step"), 5}, {QStringLiteral("hash"), hash}});
            body.insert(QStringLiteral("blobs"), QStringLiteral("http://127.0.0.1:%1").arg(port));
        });
        QSignalSpy committed(node.get(), &node::ProviderNode::taskCommitted);
        QVERIFY(committed.wait(kWaitMs) || !committed.isEmpty());
        devnet->server().rewriteRepliesForTesting(protocol::msg::kLeaseRequest, {});
        QVERIFY(!reached.isEmpty()); // the node did reach the hostile server
        const QString task = committed.first().at(0).toString();
        QCOMPARE(said.filter(QStringLiteral("cannot fetch the checkpoint of %1").arg(task)).filter(reason).size(), 1);
        QCOMPARE(said.filter(QStringLiteral("finished %1").arg(task)).size(), 1);
        QCOMPARE(committed.first().at(2).toLongLong(), 10);
    }
};

QTEST_GUILESS_MAIN(TestHostileCoordinator)
#include "TestHostileCoordinator.moc"
