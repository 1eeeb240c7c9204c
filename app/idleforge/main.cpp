// idleforge: the per-user app. With a display: tray icon and dashboard. With --headless: the same
// node with no window, logging to stderr until SIGINT/SIGTERM. Both faces run AppCore.
#include "crypto/SecureBuffer.h"
#include "AppCore.h"
#include "base/BuildVersion.h"
#include "AppOptions.h"
#include "base/Log.h"
#include "base/Paths.h"
#include "ActivityModel.h"
#include "EarningsModel.h"
#include "LanguageSwitcher.h"
#include "LogCapture.h"
#include "NetworkModel.h"
#include "OverviewModel.h"
#include "PageModels.h"
#include "RewardNotifier.h"
#include "StatusModel.h"
#include "platform/Autostart.h"
#include "platform/SingleInstance.h"
#include "settings/Settings.h"
#include "TrayController.h"

#include <QApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSystemTrayIcon>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

namespace {

using namespace idleforge;

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("IdleForge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IDLEFORGE_VERSION));
}

// Logs benchmark progress when the step changes or every 10 %, not on every trial.
void logBenchmarkProgress(node::NodeService &node)
{
    QObject::connect(&node, &node::NodeService::benchmarkProgressChanged, &node, [&node, lastMessage = QString(), lastDecile = -1]() mutable {
        const int percent = static_cast<int>(node.benchmarkProgress() * 100);
        if (node.benchmarkMessage() == lastMessage && percent / 10 == lastDecile)
            return;
        lastMessage = node.benchmarkMessage();
        lastDecile = percent / 10;
        qCInfo(lcBase).noquote() << QStringLiteral("benchmark %1% %2").arg(percent, 3).arg(lastMessage);
    });
}

int runHeadless(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    setIdentity();
    const app::AppOptions options = app::parseAppOptions(QCoreApplication::arguments());
    platform::SingleInstance instance(paths::runtimeSocketName());
    if (!instance.claim(QByteArrayLiteral("ping"))) {
        std::fprintf(stderr, "idleforge: another IdleForge node already runs with this data directory\n");
        return 1;
    }
    app::AppCore core(options);
    if (auto r = core.prepare(); !r) {
        std::fprintf(stderr, "idleforge: %s\n", qPrintable(r.error().message));
        return 1;
    }
    logBenchmarkProgress(core.node());
    core.quitOnTerminationSignals();
    qCInfo(lcBase).noquote() << "IdleForge" << IDLEFORGE_VERSION << "headless; data in" << paths::dataDir();
    core.start();
    const int code = app.exec();
    qCInfo(lcBase) << "stopped";
    return code;
}

// Start at login minimized to the tray, as the `autostart` setting says (default on).
void followAutostartSetting(app::AppCore &core)
{
    const auto apply = [&core] {
        const bool on = core.settings().value(QStringLiteral("autostart")).toBool();
        if (auto r = platform::setAutostart(on, QCoreApplication::applicationFilePath()); !r)
            qCWarning(lcBase).noquote() << "autostart:" << r.error().message;
    };
    QObject::connect(&core.settings(), &settings::Settings::changed, &core, [apply](const QString &key) {
        if (key == QLatin1String("autostart"))
            apply();
    });
    apply();
}

int runGui(int argc, char **argv)
{
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setQuitOnLastWindowClosed(false); // closing the dashboard leaves the tray
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/idleforge/icons/idleforge.svg")));
    const app::AppOptions options = app::parseAppOptions(QCoreApplication::arguments());
    platform::SingleInstance instance(paths::runtimeSocketName());
    if (!instance.claim(QByteArrayLiteral("raise")))
        return 0; // the running instance shows its window

    app::AppCore core(options);
    if (auto r = core.prepare(); !r) {
        std::fprintf(stderr, "idleforge: %s\n", qPrintable(r.error().message));
        return 1;
    }
    ui::LanguageSwitcher language; // the `language` setting, before the first text is made
    language.follow(core.settings());
    ui::OverviewModel overview(&core.node());
    ui::NetworkModel network;
    QObject::connect(&core, &app::AppCore::providerStarted, &network, &ui::NetworkModel::attach);
    ui::StatusModel status;
    status.setPolicy(&core.policy());
    status.setLedger(core.ledger());
    QObject::connect(&core, &app::AppCore::providerStarted, &status, &ui::StatusModel::attach);
    ui::ActivityModel activity;
    activity.setLedger(core.ledger());
    ui::EarningsModel earnings;
    earnings.setLedger(core.ledger());
    ui::TrayController tray(&core.node());
    tray.setPolicy(&core.policy());
    tray.setNotificationsOn([&core] { return core.settings().value(QStringLiteral("notifications")).toBool(); });
    ui::RewardNotifier rewards; // paid, audit failed, dispute won or lost, slashed
    QObject::connect(&core, &app::AppCore::providerStarted, &rewards, &ui::RewardNotifier::attach);
    QObject::connect(&rewards, &ui::RewardNotifier::notify, &tray, &ui::TrayController::notify);
    followAutostartSetting(core);
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    // Wallet, Hardware, Settings, Logs and the first-run guide.
    // The Wallet page uses the store the node's identity lives in (--identity-store).
    const auto pages = ui::makePageModels(core.settings(), core.node(), paths::ledgerFile(),
                                          {core.network().keyStore(), core.network().keyStoreSpec()});

    QQmlApplicationEngine engine;
    ui::registerPageSupport(engine);
    language.addEngine(&engine);
    for (QObject *o : {static_cast<QObject *>(&overview), static_cast<QObject *>(&network), static_cast<QObject *>(&status),
                       static_cast<QObject *>(&activity), static_cast<QObject *>(&earnings), static_cast<QObject *>(&tray)})
        language.watch(o);
    pages->watchLanguage(language);
    const auto object = [](QObject *o) { return QVariant::fromValue(o); };
    QVariantMap properties{{QStringLiteral("overview"), object(&overview)},
                           {QStringLiteral("network"), object(&network)},
                           {QStringLiteral("status"), object(&status)},
                           {QStringLiteral("activity"), object(&activity)},
                           {QStringLiteral("earnings"), object(&earnings)}};
    properties.insert(pages->initialProperties());
    engine.setInitialProperties(properties);
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
                     Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/IdleForge/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    const auto raise = [window] {
        window->show();
        window->raise();
        window->requestActivate();
    };
    QObject::connect(&instance, &platform::SingleInstance::messageReceived, window, raise);
    QObject::connect(&tray, &ui::TrayController::openDashboardRequested, window, raise);
    QObject::connect(&tray, &ui::TrayController::quitRequested, &core, &app::AppCore::quit);
    core.quitOnTerminationSignals();

    tray.show();
    if (!options.minimized || !QSystemTrayIcon::isSystemTrayAvailable())
        raise();
    core.start();
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    idleforge::installLogFormat();
    idleforge::crypto::makeProcessUndumpable(); // the node key and, on the Wallet page, the wallet's
    // Decide before any QGuiApplication exists: headless, --help and --version never need a display.
    if (idleforge::app::runsWithoutDisplay(argc, argv))
        return runHeadless(argc, argv);
    idleforge::ui::LogCapture::install(); // the Logs page's activity log, from the first line on
    return runGui(argc, argv);
}
