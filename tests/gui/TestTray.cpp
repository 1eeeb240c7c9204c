// The tray icon on a real X server with a tray host (trayer): it must be embedded, carry the
// menu with the expected actions, and the actions must reach the application; its icon and
// tooltip follow the policy (earning, waiting, game, paused) and its pause and resume actions
// reach the policy; notify() (the network's news) obeys the notifications setting.
#include "TrayController.h"
#include "node/NodeService.h"
#include "node/PolicyDriver.h"
#include "settings/Settings.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonObject>
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

    // RewardNotifier's messages go through notify(), which obeys the `notifications` setting.
    void notifyObeysTheSetting()
    {
        node::NodeService::Options opts;
        opts.benchmarkOnStart = false;
        node::NodeService node(opts);
        ui::TrayController tray(&node);
        tray.show();
        bool on = false;
        tray.setNotificationsOn([&on] { return on; });
        QSignalSpy notified(&tray, &ui::TrayController::notified);
        tray.notify(QStringLiteral("Task verified and paid"), QStringLiteral("t1 earned 1.000000 credits."));
        QCOMPARE(notified.count(), 0);
        on = true;
        tray.notify(QStringLiteral("Task verified and paid"), QStringLiteral("t1 earned 1.000000 credits."));
        QCOMPARE(notified.count(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Task verified and paid"));
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

    void followsThePolicyAndPausesIt()
    {
        node::NodeService::Options opts;
        opts.benchmarkOnStart = false;
        node::NodeService node(opts);
        auto settings = settings::Settings::temporary();
        node::PolicyDriver policy(*settings, {});
        ui::TrayController tray(&node);
        tray.setPolicy(&policy);
        bool notificationsOn = true;
        tray.setNotificationsOn([&] { return notificationsOn; });
        QSignalSpy notified(&tray, &ui::TrayController::notified);
        policy::Facts f;
        f.inputIdleMs = 60'000;
        policy.onFacts(f);
        QCOMPARE(tray.iconState(), QStringLiteral("waiting"));
        QVERIFY2(tray.trayIcon()->toolTip().contains(QStringLiteral("without input")), qPrintable(tray.trayIcon()->toolTip()));
        f.inputIdleMs = 10 * 60'000;
        policy.onFacts(f);
        QCOMPARE(tray.iconState(), QStringLiteral("earning"));
        QCOMPARE(notified.count(), 1); // work started after idle
        f.gamesRunning = {QStringLiteral("cs2.exe")};
        policy.onFacts(f);
        QCOMPARE(tray.iconState(), QStringLiteral("game"));
        QCOMPARE(notified.count(), 2);
        QVERIFY(notified.last().at(1).toString().contains(QStringLiteral("cs2.exe")));
        // A second game session soon after: no second message (at most one per 10 minutes).
        f.gamesRunning.clear();
        f.inputIdleMs = 20 * 60'000;
        policy.onFacts(f);
        f.gamesRunning = {QStringLiteral("cs2.exe")};
        policy.onFacts(f);
        QCOMPARE(notified.count(), 2);
        notificationsOn = false;
        QVERIFY2(tray.trayIcon()->toolTip().contains(QStringLiteral("Game running: cs2.exe")), qPrintable(tray.trayIcon()->toolTip()));
        f.gamesRunning.clear();
        auto *pauseHour = tray.menu()->findChild<QAction *>(QStringLiteral("pauseHourAction"));
        auto *resume = tray.menu()->findChild<QAction *>(QStringLiteral("resumeAction"));
        auto *pauseUntil = tray.menu()->findChild<QAction *>(QStringLiteral("pauseUntilResumedAction"));
        QVERIFY(pauseHour && resume && pauseUntil);
        QVERIFY(!resume->isEnabled());
        pauseHour->trigger();
        QCOMPARE(policy.decision().state, policy::State::PausedByUser);
        QCOMPARE(tray.iconState(), QStringLiteral("paused"));
        QVERIFY(resume->isEnabled());
        resume->trigger();
        QVERIFY(policy.decision().state != policy::State::PausedByUser);
        pauseUntil->trigger();
        QCOMPARE(policy.statusJson().value(QLatin1String("reasons")).toArray().first().toObject().value(QLatin1String("text")).toString(),
                 QStringLiteral("Paused until you resume"));
    }
};

QTEST_MAIN(TestTray)
#include "TestTray.moc"
