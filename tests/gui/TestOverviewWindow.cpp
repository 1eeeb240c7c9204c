// The dashboard window on a real display: loads with zero QML warnings, shows benchmark
// progress on the Hardware page (reached through the side bar), then the measured figure from
// a real worker run.
#include "ActivityModel.h"
#include "EarningsModel.h"
#include "GuiTestUtil.h"
#include "NetworkModel.h"
#include "OverviewModel.h"
#include "StatusModel.h"
#include "node/NodeService.h"

#include <QApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

using namespace idleforge;

using guitest::qmlMessages;

class TestOverviewWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("DISPLAY").isEmpty(),
                 "no DISPLAY: GUI tests need Xvfb (run them through tests/run-tests.sh)");
        QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
        guitest::watchQmlMessages();
    }

    void loadsWithoutWarningsAndShowsBenchmark()
    {
        node::NodeService::Options opts;
        opts.benchmarkTimeScale = 0.05;
        node::NodeService node(opts);
        ui::OverviewModel overview(&node);
        ui::NetworkModel network; // offline: the network section stays hidden
        ui::StatusModel statusModel;
        ui::ActivityModel activity;
        ui::EarningsModel earnings;

        QQuickStyle::setStyle(QStringLiteral("Fusion"));
        QQmlApplicationEngine engine;
        QList<QQmlError> engineWarnings;
        connect(&engine, &QQmlEngine::warnings, this, [&](const QList<QQmlError> &w) { engineWarnings += w; });
        auto *window = guitest::loadMain(engine, {{QStringLiteral("overview"), &overview}, {QStringLiteral("network"), &network},
                                                  {QStringLiteral("status"), &statusModel}, {QStringLiteral("activity"), &activity},
                                                  {QStringLiteral("earnings"), &earnings}});
        QVERIFY(window);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        // The pages of the other branch are not there yet: their entries are hidden.
        QVERIFY(!guitest::item(window, QStringLiteral("nav_wallet")));
        QVERIFY2(guitest::showPage(window, QStringLiteral("hardware")), qPrintable(qmlMessages().join(u'\n')));

        auto *progress = window->findChild<QQuickItem *>(QStringLiteral("benchmarkProgressBox"));
        auto *gflops = window->findChild<QQuickItem *>(QStringLiteral("computeTileValue"));
        auto *status = window->findChild<QQuickItem *>(QStringLiteral("statusLabel"));
        QVERIFY(progress && gflops && status);
        QVERIFY(!progress->isVisible());
        auto *networkBox = window->findChild<QQuickItem *>(QStringLiteral("networkBox"));
        QVERIFY(networkBox && !networkBox->isVisible());

        node.start();
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(gflops->property("text").toString().contains(QStringLiteral("GFLOP/s")), 120000);
        QVERIFY(!progress->isVisible());
        QCOMPARE(status->property("text").toString(), node.statusText());
        // The Hardware section lists every figure against its peak (fp32 GEMM and memory at least).
        auto *hardwareList = window->findChild<QQuickItem *>(QStringLiteral("hardwareList"));
        QVERIFY(hardwareList);
        QTRY_VERIFY(hardwareList->property("count").toInt() >= 2);
        const QString text = gflops->property("text").toString();
        const double value = QLocale().toDouble(text.section(u' ', 0, 0));
        QVERIFY2(value > 0.1, qPrintable(text));

        QVERIFY2(engineWarnings.isEmpty(), qPrintable(engineWarnings.isEmpty() ? QString() : engineWarnings.first().toString()));
        QVERIFY2(qmlMessages().isEmpty(), qPrintable(qmlMessages().join(u'\n')));

        // Leave the worker stopped before the engine goes.
        QSignalSpy stopped(&node, &node::NodeService::stopped);
        node.shutdown();
        QVERIFY(stopped.wait(10000));
    }
};

QTEST_MAIN(TestOverviewWindow)
#include "TestOverviewWindow.moc"
