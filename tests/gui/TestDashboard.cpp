// The dashboard's pages after real events: an in-process devnet on loopback, the real worker,
// a solver (with its ledger and HistoryRecorder, as the app runs it) and an auditor.
// - Overview shows the running task (step of steps), then today's earnings;
// - a receipt arrives -> Activity shows the task verified (details: run commitment, sampled
//   steps, the receipt) and Earnings lists it with the totals; the CSV export writes it;
// - a dispute over the task (the coordinator's dispute_open and decided settlement, and its
//   signed slash) -> Activity shows it lost and slashed with the referee's step and operator;
// - the kind filter (driven by the keyboard) and the sort; QAbstractItemModelTester on every
//   model; zero QML warnings.
#include "ActivityFilterModel.h"
#include "ActivityModel.h"
#include "CreditsText.h"
#include "DevnetTestUtil.h"
#include "EarningsModel.h"
#include "GuiTestUtil.h"
#include "LoopbackNet.h"
#include "NetworkModel.h"
#include "OverviewModel.h"
#include "StatusModel.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetApp.h"
#include "ledger/Ledger.h"
#include "node/HistoryRecorder.h"
#include "node/NodeService.h"
#include "node/ProviderNode.h"
#include "protocol/Envelope.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "protocol/Receipt.h"
#include "secrets/MemoryStore.h"
#include "wallet/NodeIdentity.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QQuickStyle>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

using namespace idleforge;
using guitest::item;

namespace {
QString textOf(QQuickItem *i) { return i ? i->property("text").toString() : QString(); }

// With IDLEFORGE_SCREENSHOTS=DIR: the page as shown, DIR/<name>.png (to look at, not compared).
void snap(QQuickWindow *window, const QString &name)
{
    const QString dir = qEnvironmentVariable("IDLEFORGE_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QTest::qWait(300); // the batched models' last refresh
    if (!window->grabWindow().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")))
        qWarning() << "cannot save the screenshot" << name << "in" << dir;
}

// Every text shown by the delegates of a list, in row order.
QStringList shownTexts(QQuickItem *root)
{
    QStringList out;
    if (!root)
        return out;
    const QString t = root->property("text").toString();
    if (!t.isEmpty() && root->isVisible())
        out << t;
    for (QQuickItem *child : root->childItems())
        out += shownTexts(child);
    return out;
}
} // namespace

class TestDashboard : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    secrets::MemoryStore keyStore;
    devnet::DevnetApp net;

    struct Side {
        std::unique_ptr<wallet::NodeIdentity> identity = std::make_unique<wallet::NodeIdentity>(wallet::NodeIdentity::generate());
        std::unique_ptr<ledger::Ledger> ledger;
        std::unique_ptr<node::ProviderNode> node;
    };

    std::unique_ptr<Side> provider(const QString &name, bool train, bool withLedger)
    {
        auto s = std::make_unique<Side>();
        if (withLedger)
            s->ledger = std::move(ledger::Ledger::open(dir.filePath(name + QStringLiteral(".sqlite")), net.key().publicKey())).value();
        node::ProviderOptions o;
        o.trainTasks = train;
        s->node = std::make_unique<node::ProviderNode>(*s->identity, nodetest::loopbackProvider(net, QDir(dir.path()), name, o), s->ledger.get());
        return s;
    }

    static void stop(Side &s)
    {
        QSignalSpy stopped(s.node.get(), &node::ProviderNode::stopped);
        s.node->stop();
        QVERIFY(stopped.count() > 0 || stopped.wait(30000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("DISPLAY").isEmpty(), "no DISPLAY: GUI tests need Xvfb (run them through tests/run-tests.sh)");
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")), "IDLEFORGE_WORKER must name idleforge-worker (ctest sets it)");
        guitest::watchQmlMessages();
        qRegisterMetaType<protocol::Envelope>();
        auto started = net.start(nodetest::loopbackConfig(dir.filePath(QStringLiteral("devnet"))), keyStore);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
    }

    void pagesFollowTheDevnet()
    {
        auto solver = provider(QStringLiteral("solver"), true, true);
        auto auditor = provider(QStringLiteral("auditor"), false, false);
        node::HistoryRecorder recorder(*solver->ledger);
        recorder.attach(solver->node.get());

        node::NodeService::Options nodeOptions;
        nodeOptions.benchmarkOnStart = false;
        node::NodeService nodeService(nodeOptions);
        ui::OverviewModel overview(&nodeService);
        ui::NetworkModel network;
        ui::StatusModel status;
        ui::ActivityModel activity;
        ui::EarningsModel earnings;
        QAbstractItemModelTester activityTester(&activity, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filteredTester(qobject_cast<QAbstractItemModel *>(activity.filtered()),
                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester earningsTester(&earnings, QAbstractItemModelTester::FailureReportingMode::QtTest);
        status.setLedger(solver->ledger.get());
        status.attach(solver->node.get());
        network.attach(solver->node.get());
        activity.setLedger(solver->ledger.get());
        earnings.setLedger(solver->ledger.get());

        QQuickStyle::setStyle(QStringLiteral("Fusion"));
        QQmlApplicationEngine engine;
        QList<QQmlError> engineWarnings;
        connect(&engine, &QQmlEngine::warnings, this, [&](const QList<QQmlError> &w) { engineWarnings += w; });
        QQuickWindow *window = guitest::loadMain(engine, {{QStringLiteral("overview"), &overview}, {QStringLiteral("network"), &network},
                                                          {QStringLiteral("status"), &status}, {QStringLiteral("activity"), &activity},
                                                          {QStringLiteral("earnings"), &earnings}});
        QVERIFY(window);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));

        QVERIFY(auditor->node->start().ok());
        QVERIFY(solver->node->start().ok());
        auto task = net.coordinator().submitTask(devnettest::smallSpec(60), 500000, QStringLiteral("test"));
        QVERIFY(task.ok());
        const QString taskId = QStringLiteral("t%1").arg(task->id);

        // Overview: the running task, step of steps.
        QTRY_VERIFY_WITH_TIMEOUT(textOf(item(window, QStringLiteral("taskLabel"))).contains(taskId), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(textOf(item(window, QStringLiteral("stepLabel"))).contains(QLatin1String("of 60")), 10000);
        QVERIFY(item(window, QStringLiteral("taskProgress"))->isVisible());
        snap(window, QStringLiteral("overview-training"));

        // The task is verified and paid: Activity, its details, Earnings, Overview.
        QVERIFY(guitest::showPage(window, QStringLiteral("activity")));
        auto *list = item(window, QStringLiteral("activityList"));
        QTRY_VERIFY_WITH_TIMEOUT(shownTexts(list).contains(QStringLiteral("Verified")), 120000);
        QCOMPARE(list->property("count").toInt(), 1);
        list->setProperty("currentIndex", 0);
        const auto commitment = net.coordinator().store().games().commitment(task->id).value();
        QVERIFY(commitment.has_value());
        QTRY_COMPARE(textOf(item(window, QStringLiteral("detailsRunRoot"))), commitment->runRoot);
        QVERIFY(textOf(item(window, QStringLiteral("detailsTitle"))).contains(taskId));
        QTRY_VERIFY(item(window, QStringLiteral("detailsSamples"))->isVisible());
        QTRY_VERIFY(shownTexts(item(window, QStringLiteral("detailsReceipts"))).join(u'\n').contains(QLatin1String("Verified")));
        QTRY_VERIFY(shownTexts(item(window, QStringLiteral("detailsSamples"))).join(u'\n').contains(QLatin1String("match")));
        snap(window, QStringLiteral("activity-verified"));

        const QString reward = ui::formatCreditsLocalized(*solver->ledger->lifetimeEarnings(), QLocale());
        QVERIFY(*solver->ledger->lifetimeEarnings() > 0);
        QVERIFY(guitest::showPage(window, QStringLiteral("earnings")));
        QTRY_VERIFY(item(window, QStringLiteral("receiptsList"))->property("count").toInt() >= 1);
        QTRY_VERIFY(textOf(item(window, QStringLiteral("earningsLifetimeTileValue"))).contains(reward));
        QVERIFY(textOf(item(window, QStringLiteral("periodLabel"))).contains(reward));
        snap(window, QStringLiteral("earnings"));
        QVERIFY(guitest::showPage(window, QStringLiteral("overview")));
        QTRY_VERIFY(textOf(item(window, QStringLiteral("todayTileValue"))).contains(reward));
        QTRY_VERIFY(textOf(item(window, QStringLiteral("lifetimeTileValue"))).contains(reward));
        snap(window, QStringLiteral("overview"));

        // The CSV export (the file dialog's accepted path) writes every receipt.
        QSignalSpy exported(&earnings, &ui::EarningsModel::exportFinished);
        const QString csv = dir.filePath(QStringLiteral("receipts.csv"));
        earnings.exportCsv(QUrl::fromLocalFile(csv));
        QVERIFY(exported.wait(10000));
        QVERIFY2(exported.first().first().toBool(), qPrintable(exported.first().at(1).toString()));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.startsWith("id,issued_utc,kind"));
        QVERIFY(text.contains(taskId.toUtf8()));

        // A dispute over the task (what the coordinator pushes when an audit fails) and its
        // signed slash: the task row is lost, then slashed, with the referee's ruling.
        protocol::DisputeOpenBody open;
        open.dispute = QStringLiteral("g900");
        open.task = taskId;
        open.specText = devnettest::specText(devnettest::smallSpec(60));
        open.specHash = QString(64, QLatin1Char('a'));
        open.role = QStringLiteral("a");
        open.audit = QStringLiteral("g899");
        open.blobs = net.url().toString();
        recorder.gameJoined(protocol::msg::kDisputeOpen, open.toJson());
        protocol::DisputeVerdict verdict;
        verdict.winner = QStringLiteral("b");
        verdict.reason = QStringLiteral("a's output of node 3 differs from the referee's");
        verdict.ruling = protocol::DisputeVerdict::Ruling{41, 3, QStringLiteral("matmul"), QStringLiteral("attn.q"), 6, 2, 17};
        recorder.settled(protocol::SettledBody{taskId, QStringLiteral("g900"), QStringLiteral("decided"), verdict.toJson(), {}}.toJson());
        const QJsonObject slash = protocol::Receipt::sign(QJsonObject{{QStringLiteral("v"), 1}, {QStringLiteral("id"), QStringLiteral("slash-1")},
                                                                      {QStringLiteral("kind"), QStringLiteral("slash")}, {QStringLiteral("amount"), 1'000'000},
                                                                      {QStringLiteral("state"), QStringLiteral("settled")}, {QStringLiteral("job"), taskId},
                                                                      {QStringLiteral("node"), solver->node->nodeId()}, {QStringLiteral("payee"), solver->node->nodeId()},
                                                                      {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}},
                                                          net.key())->toJson();
        QVERIFY(solver->ledger->addReceipt(slash).ok());
        recorder.receiptStored(slash);

        QVERIFY(guitest::showPage(window, QStringLiteral("activity")));
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), 2, 10000);
        QTRY_VERIFY(shownTexts(list).contains(QStringLiteral("Slashed")));
        QTRY_VERIFY(shownTexts(list).contains(QStringLiteral("Lost"))); // its delegate may come a frame later
        // The kind filter, from the keyboard: all -> tasks -> audits -> disputes.
        auto *kind = item(window, QStringLiteral("kindFilter"));
        kind->forceActiveFocus();
        for (int i = 0; i < 3; ++i)
            QTest::keyClick(window, Qt::Key_Down);
        QTRY_COMPARE(list->property("count").toInt(), 1);
        QCOMPARE(activity.filtered()->property("kind").toString(), QStringLiteral("dispute"));
        list->setProperty("currentIndex", 0);
        QTRY_VERIFY(textOf(item(window, QStringLiteral("detailsVerdict"))).contains(QLatin1String("Step 41, node 3: operator matmul")));
        QCOMPARE(textOf(item(window, QStringLiteral("detailsState"))), QStringLiteral("Lost"));
        snap(window, QStringLiteral("activity-dispute"));
        // Sorting by credits, most first and least first (the task: reward - slash; the dispute: 0).
        activity.filtered()->setProperty("kind", QString());
        auto *rows = qobject_cast<ui::ActivityFilterModel *>(activity.filtered());
        rows->sortBy(QStringLiteral("credits"), false);
        QCOMPARE(rows->rowCount(), 2);
        QVERIFY(rows->index(0, 0).data(ui::ActivityModel::CreditsRole).toLongLong() >= rows->index(1, 0).data(ui::ActivityModel::CreditsRole).toLongLong());
        rows->sortBy(QStringLiteral("credits"), true);
        QVERIFY(rows->index(0, 0).data(ui::ActivityModel::CreditsRole).toLongLong() <= rows->index(1, 0).data(ui::ActivityModel::CreditsRole).toLongLong());

        QVERIFY2(engineWarnings.isEmpty(), qPrintable(engineWarnings.isEmpty() ? QString() : engineWarnings.first().toString()));
        QVERIFY2(guitest::qmlMessages().isEmpty(), qPrintable(guitest::qmlMessages().join(u'\n')));
        stop(*solver);
        stop(*auditor);
    }
};

QTEST_MAIN(TestDashboard)
#include "TestDashboard.moc"
