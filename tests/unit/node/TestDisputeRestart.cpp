// A node restarted in the middle of a dispute rebuilds its party and the game ends with the right
// verdict (issue 18). An in-process devnet on loopback and two real providers with the real
// worker: the cheater flips a bit at step 5, node 3 of its run; the honest node audits it, the
// audit fails, the honest node re-runs the task and the pinpoint game starts. Once the victim (the
// cheater as party "a", or the honest node as party "b") has answered the referee twice, it is
// destroyed without a stop (its machines, seen sequence numbers and in-flight messages are gone)
// and a new node starts on its data (same identity, job folders, outbox and ledger). The
// coordinator re-sends dispute_open and the game's log; the node reopens its party from its job
// folder, answers the log again (the coordinator takes what it had as duplicates) and the game
// goes on: b wins, pinned to step 5, node 3, and the cheater is slashed. The game's time-out is
// ten minutes, far past this test's waits, so no verdict by time-out can pass it.
// Case "b, replica gone": the replica's folder is deleted too; the node runs the replica again and
// the game's messages wait for it. restartedWhileReplicating: party a dies after its
// dispute_ready, before the game starts.
#include "DevnetTestUtil.h"
#include "LoopbackNet.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetApp.h"
#include "ledger/Ledger.h"
#include "node/JobFolders.h"
#include "node/ProviderNode.h"
#include "protocol/Messages.h"
#include "secrets/MemoryStore.h"
#include "verify/FaultOption.h"
#include "wallet/NodeIdentity.h"

#include <QDir>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace idleforge;
using namespace idleforge::devnet;

namespace {
constexpr int kWaitMs = 240'000; // two busy cores: training, the audit's replay, the re-run
constexpr qint64 kGameTimeoutMs = 600'000;
} // namespace

class TestDisputeRestart : public QObject {
    Q_OBJECT
    struct Provider {
        QString name;
        node::ProviderOptions options;
        std::unique_ptr<wallet::NodeIdentity> identity;
        std::unique_ptr<ledger::Ledger> ledger;
        std::unique_ptr<node::ProviderNode> node;
        QStringList said;      // the current instance's activity
        QStringList saidBefore; // the instance that was destroyed
    };
    std::unique_ptr<QTemporaryDir> dir;
    secrets::MemoryStore keyStore;
    std::unique_ptr<DevnetApp> devnet;
    Provider cheater, honest;

    GameStore &games() { return devnet->coordinator().store().games(); }

    void startNode(Provider &p)
    {
        p.node = std::make_unique<node::ProviderNode>(*p.identity, p.options, p.ledger.get());
        connect(p.node.get(), &node::ProviderNode::activity, this, [&p](const QString &l) { p.said << l; });
        QVERIFY(p.node->start().ok());
    }

    void makeProvider(Provider &p, const QString &name, QJsonObject fault = {})
    {
        p.name = name;
        node::ProviderOptions o;
        o.fault = std::move(fault);
        p.options = nodetest::loopbackProvider(*devnet, QDir(dir->path()), name, o);
        p.identity = std::make_unique<wallet::NodeIdentity>(wallet::NodeIdentity::generate());
        p.ledger = std::move(ledger::Ledger::open(dir->filePath(name + QStringLiteral("-ledger.sqlite")), devnet->key().publicKey()).value());
    }

    std::optional<GameRow> dispute()
    {
        for (const char *state : {"replicating", "open", "decided", "abandoned"})
            if (auto rows = games().gamesInState(QString::fromLatin1(state)))
                for (const GameRow &g : *rows)
                    if (g.kind == QLatin1String("dispute"))
                        return g;
        return std::nullopt;
    }

    qint64 relayedFrom(qint64 game, const QString &role)
    {
        auto log = games().relayLog(game);
        qint64 n = 0;
        for (const RelayRow &r : log ? *log : QList<RelayRow>())
            n += r.from == role;
        return n;
    }

    // A devnet (10-minute time-outs, stakes on), the cheater alone takes the task and commits,
    // then the honest node comes for the audit.
    void setUpDispute()
    {
        dir = std::make_unique<QTemporaryDir>();
        devnet = std::make_unique<DevnetApp>();
        DevnetConfig config = nodetest::loopbackConfig(dir->filePath(QStringLiteral("devnet")));
        config.coordinator.gameTimeoutMs = kGameTimeoutMs;
        config.coordinator.replicateTimeoutMs = kGameTimeoutMs;
        config.coordinator.stakeGrant = 1'000'000; // so that the cheater is slashed
        auto started = devnet->start(config, keyStore);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
        auto fault = verify::parseFaultOption(QStringLiteral("bitflip:step=5,node=3"));
        QVERIFY(fault.ok());
        makeProvider(cheater, QStringLiteral("cheater"), *fault);
        makeProvider(honest, QStringLiteral("honest"));

        QVERIFY(devnet->coordinator().submitTask(devnettest::smallSpec(20), 5000, QStringLiteral("test")).ok());
        startNode(cheater);
        QSignalSpy committed(cheater.node.get(), &node::ProviderNode::taskCommitted);
        QVERIFY(committed.wait(kWaitMs));
        startNode(honest);

    }

    // On the next turn of the event loop the victim dies without a stop (what the process held in
    // memory is gone; `replica`, if named, is deleted too) and a new node starts on its data.
    void restartLater(Provider &victim, const QString &replica = {}, std::function<void()> then = {})
    {
        QTimer::singleShot(0, this, [this, &victim, replica, then] {
            victim.node.reset();
            victim.saidBefore = std::exchange(victim.said, {});
            if (!replica.isEmpty())
                QVERIFY(QDir(replica).removeRecursively());
            startNode(victim);
            if (then)
                then();
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")), "IDLEFORGE_WORKER must name idleforge-worker (ctest sets it)");
        qRegisterMetaType<protocol::Envelope>();
    }

    void cleanup()
    {
        for (Provider *p : {&cheater, &honest}) {
            if (p->node) {
                QSignalSpy stopped(p->node.get(), &node::ProviderNode::stopped);
                p->node->stop();
                QVERIFY(stopped.count() > 0 || stopped.wait(30000));
            }
            if (QTest::currentTestFailed())
                qWarning("---- %s ----\n%s\n---- before the restart ----\n%s", qPrintable(p->name),
                         qPrintable(p->said.join(QLatin1Char('\n'))), qPrintable(p->saidBefore.join(QLatin1Char('\n'))));
            *p = Provider{};
        }
        devnet.reset();
        dir.reset();
    }

    void restartMidGame_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<bool>("dropReplica");
        QTest::newRow("a") << QStringLiteral("a") << false;
        QTest::newRow("b") << QStringLiteral("b") << false;
        QTest::newRow("b, replica gone") << QStringLiteral("b") << true;
    }

    void restartMidGame()
    {
        QFETCH(QString, role);
        QFETCH(bool, dropReplica);
        setUpDispute();
        if (QTest::currentTestFailed())
            return;

        // Mid-game: once the victim answered the referee twice, it dies and a new one starts.
        Provider &victim = role == QLatin1String("a") ? cheater : honest;
        qint64 answeredBefore = -1;
        QString stateAtRestart;
        const auto unhook = qScopeGuard([this] { devnet->server().rewriteRepliesForTesting(protocol::msg::kVerify, {}); });
        devnet->server().rewriteRepliesForTesting(protocol::msg::kVerify, [&](QString &, QJsonObject &) {
            const auto d = dispute();
            if (answeredBefore >= 0 || !d || d->state != QLatin1String("open") || relayedFrom(d->id, role) < 2)
                return;
            answeredBefore = relayedFrom(d->id, role);
            stateAtRestart = d->state;
            restartLater(victim, dropReplica ? node::JobFolders(victim.options.jobsDir).workdirFor(QStringLiteral("t1"), devnettest::smallSpec(20), true)
                                             : QString());
        });

        QTRY_VERIFY_WITH_TIMEOUT(dispute() && dispute()->state == QLatin1String("decided"), kWaitMs);
        const GameRow d = *dispute();
        QVERIFY2(answeredBefore >= 2, "the victim was never restarted mid-game");
        QCOMPARE(stateAtRestart, QStringLiteral("open"));
        const QJsonObject outcome = d.outcome;
        QCOMPARE(outcome.value(QLatin1String("winner")).toString(), QStringLiteral("b"));
        QCOMPARE(outcome.value(QLatin1String("step")).toInteger(), 5);
        QCOMPARE(outcome.value(QLatin1String("node")).toInteger(), 3);
        QVERIFY2(!outcome.value(QLatin1String("reason")).toString().contains(QLatin1String("in time")),
                 QJsonDocument(outcome).toJson().constData());
        // The new instance played on: it answered past what the old one had said, and only it.
        QVERIFY(relayedFrom(d.id, role) > answeredBefore);
        QCOMPARE(victim.said.filter(QStringLiteral("dispute %1 over t1: we play \"%2\"").arg(d.wireId(), role)).size(), 1);
        QVERIFY(victim.said.filter(QStringLiteral("cannot play")).isEmpty());
        QVERIFY(victim.said.filter(QStringLiteral("refused")).filter(d.wireId()).isEmpty());
        // Role b re-ran the task only when its replica was gone; the finished one was kept.
        if (role == QLatin1String("b"))
            QCOMPARE(victim.said.filter(QStringLiteral("re-ran t1 for dispute")).size(), dropReplica ? 1 : 0);

        // Paid and slashed, and both ledgers agree with the coordinator's receipts.
        auto status = devnet->coordinator().status();
        QVERIFY(status.ok());
        const auto balanceOf = [&](const Provider &p) { return status->balances.at(p.identity->nodeId()); };
        QCOMPARE(balanceOf(cheater).stake, 1'000'000 - 5'000);
        QCOMPARE(balanceOf(honest).stake, 1'000'000);
        QVERIFY(balanceOf(honest).balance > balanceOf(cheater).balance); // the reward and the fee
        for (Provider *p : {&cheater, &honest})
            QTRY_COMPARE_WITH_TIMEOUT(*p->ledger->balance(), balanceOf(*p).balance, kWaitMs);
    }
    // Party a dies after its dispute_ready, while b still re-runs the task (held back by a pause
    // until a is back, so the order is fixed): the game starts against the new instance, which
    // rebuilt its party from the dispute_open re-sent to a party already ready.
    void restartedWhileReplicating()
    {
        setUpDispute();
        if (QTest::currentTestFailed())
            return;
        const auto unhook = qScopeGuard([this] {
            devnet->server().rewriteRepliesForTesting(protocol::msg::kAuditResult, {});
            devnet->server().rewriteRepliesForTesting(protocol::msg::kDisputeReady, {});
        });
        // The failed audit's report opens the dispute: b pauses before its dispute_open arrives.
        devnet->server().rewriteRepliesForTesting(protocol::msg::kAuditResult, [this](QString &, QJsonObject &) {
            honest.node->setComputeAllowed(false);
        });
        QString readyAtRestart;
        devnet->server().rewriteRepliesForTesting(protocol::msg::kDisputeReady, [&](QString &, QJsonObject &) {
            const auto d = dispute();
            if (!readyAtRestart.isEmpty() || !d || d->state != QLatin1String("replicating"))
                return;
            readyAtRestart = d->ready;
            restartLater(cheater, {}, [this] { honest.node->setComputeAllowed(true); });
        });
        QTRY_VERIFY_WITH_TIMEOUT(dispute() && dispute()->state == QLatin1String("decided"), kWaitMs);
        const GameRow d = *dispute();
        QCOMPARE(readyAtRestart, QStringLiteral("a"));
        QCOMPARE(d.outcome.value(QLatin1String("winner")).toString(), QStringLiteral("b"));
        QCOMPARE(d.outcome.value(QLatin1String("step")).toInteger(), 5);
        QCOMPARE(d.outcome.value(QLatin1String("node")).toInteger(), 3);
        QVERIFY(!d.outcome.value(QLatin1String("reason")).toString().contains(QLatin1String("in time")));
        QCOMPARE(cheater.said.filter(QStringLiteral("dispute %1 over t1: we play \"a\"").arg(d.wireId())).size(), 1);
        QVERIFY(relayedFrom(d.id, QStringLiteral("a")) > 0); // only the new instance played
        QVERIFY(cheater.said.filter(QStringLiteral("refused")).filter(d.wireId()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDisputeRestart)
#include "TestDisputeRestart.moc"
