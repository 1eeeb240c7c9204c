// The tray icon on a real X server with a tray host (trayer): it must be embedded, carry the
// menu with the expected actions, and the actions must reach the application.
#include "TrayController.h"
#include "node/NodeService.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace idleforge;

class TestTray : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("DISPLAY").isEmpty(),
                 "no DISPLAY: tray tests need Xvfb and a tray host (run them through tests/run-tests.sh)");
    }

    void iconIsEmbeddedInTheTray()
    {
        QTRY_VERIFY2_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), "no system tray host on this display", 10000);
        node::NodeService::Options opts;
        opts.benchmarkOnStart = false;
        node::NodeService node(opts);
        ui::TrayController tray(&node);
        tray.show();
        QVERIFY(tray.isVisible());
        // Embedded icons get a real geometry from the tray host.
        QTRY_VERIFY_WITH_TIMEOUT(tray.trayIcon()->geometry().isValid() && !tray.trayIcon()->geometry().isEmpty(), 10000);
        QVERIFY(tray.trayIcon()->toolTip().startsWith(QStringLiteral("IdleForge")));
        QVERIFY(!tray.trayIcon()->icon().isNull());
    }

    void menuActionsReachTheApp()
    {
        node::NodeService::Options opts;
        opts.benchmarkOnStart = false;
        node::NodeService node(opts);
        ui::TrayController tray(&node);
        auto *open = tray.menu()->findChild<QAction *>(QStringLiteral("openDashboardAction"));
        auto *quit = tray.menu()->findChild<QAction *>(QStringLiteral("quitAction"));
        QVERIFY(open && quit);
        QCOMPARE(tray.trayIcon()->contextMenu(), tray.menu());
        QSignalSpy openSpy(&tray, &ui::TrayController::openDashboardRequested);
        QSignalSpy quitSpy(&tray, &ui::TrayController::quitRequested);
        open->trigger();
        quit->trigger();
        QCOMPARE(openSpy.count(), 1);
        QCOMPARE(quitSpy.count(), 1);
    }
};

QTEST_MAIN(TestTray)
#include "TestTray.moc"
