// idleforge: the per-user app. With a display: tray icon and dashboard. With --headless: the same
// node with no window, logging to stderr until SIGINT/SIGTERM.
#include "base/Log.h"
#include "base/Paths.h"
#include "ledger/Ledger.h"
#include "NetworkSession.h"
#include "node/NodeService.h"
#include "node/ProviderNode.h"
#include "verify/FaultOption.h"
#include "platform/SingleInstance.h"
#include "platform/UnixSignalWatcher.h"
#include "OverviewModel.h"
#include "TrayController.h"

#include <QApplication>
#include <QJsonObject>
#include <QCommandLineParser>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSystemTrayIcon>
#include <QtQml/qqmlextensionplugin.h>

#include <csignal>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

namespace {

using namespace idleforge;

struct Options {
    bool headless = false;
    bool minimized = false;
    node::NodeService::Options node;
    app::NetworkOptions network;
};

Options parseOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("IdleForge: earn with your idle GPU by training verifiable ML models."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("headless"), QStringLiteral("Run the node without any window (no display needed).")});
    parser.addOption({QStringLiteral("minimized"), QStringLiteral("Start in the tray without opening the dashboard.")});
    parser.addOption({QStringLiteral("data-dir"), QStringLiteral("Keep all data in DIR (default: ~/.local/share/IdleForge)."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("no-benchmark"), QStringLiteral("Do not measure the hardware at start-up.")});
    parser.addOption({QStringLiteral("thorough-benchmark"), QStringLiteral("Use the thorough benchmark tier at start-up.")});
    parser.addOption({QStringLiteral("devnet"), QStringLiteral("Run an in-process devnet coordinator on loopback (with a demo submitter "
                                                               "and an auditor node) and provide to it.")});
    parser.addOption({QStringLiteral("devnet-port"), QStringLiteral("Port of the --devnet coordinator (default: a free one)."), QStringLiteral("PORT")});
    parser.addOption({QStringLiteral("no-auditor"), QStringLiteral("With --devnet: no in-process auditor node.")});
    parser.addOption({QStringLiteral("coordinator"), QStringLiteral("Provide to the coordinator at URL (ws://host:port, or wss:// for TLS)."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("coordinator-ca"), QStringLiteral("Also trust the PEM CA certificate(s) in FILE for the coordinator's wss:// and https:// "
                                                                       "(e.g. a self-signed devnet certificate)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("coordinator-key"), QStringLiteral("The coordinator's public key (base58), pinned; receipts are checked against it."), QStringLiteral("KEY")});
    parser.addOption({QStringLiteral("identity-store"), QStringLiteral("Where the node identity key lives: keychain (default) or file:PATH."), QStringLiteral("STORE")});
    parser.addOption({QStringLiteral("password-env"), QStringLiteral("Password of a file: identity store, from this environment variable."), QStringLiteral("VAR")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("CPU threads for training and verification (0: all)."), QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("checkpoint-upload-s"), QStringLiteral("Upload the newest checkpoint of a leased task at most every S seconds, "
                                                                            "so another provider can resume it (default 60; 0: every checkpoint)."),
                      QStringLiteral("S"), QStringLiteral("60")});
#ifdef IDLEFORGE_FAULT_INJECTION
    parser.addOption({QStringLiteral("inject-fault"), QStringLiteral("Test builds only: every run of this node cheats (bitflip:step=T,node=I, ...)."), QStringLiteral("FAULT")});
#endif
    parser.process(arguments);
    Options o;
    o.network.devnet = parser.isSet(QStringLiteral("devnet"));
    o.network.devnetPort = quint16(parser.value(QStringLiteral("devnet-port")).toUInt());
    o.network.auditor = !parser.isSet(QStringLiteral("no-auditor"));
    if (parser.isSet(QStringLiteral("coordinator")))
        o.network.coordinator = QUrl(parser.value(QStringLiteral("coordinator")));
    o.network.coordinatorKey = parser.value(QStringLiteral("coordinator-key"));
    o.network.coordinatorCa = parser.value(QStringLiteral("coordinator-ca"));
    o.network.identityStore = parser.value(QStringLiteral("identity-store"));
    o.network.passwordEnv = parser.value(QStringLiteral("password-env"));
    o.network.threads = parser.value(QStringLiteral("threads")).toInt();
    {
        bool ok = false;
        const int s = parser.value(QStringLiteral("checkpoint-upload-s")).toInt(&ok);
        if (!ok || s < 0 || s > 86'400) {
            std::fprintf(stderr, "idleforge: --checkpoint-upload-s takes 0..86400 seconds\n");
            std::exit(2);
        }
        o.network.checkpointUploadMs = s * 1000;
    }
#ifdef IDLEFORGE_FAULT_INJECTION
    if (parser.isSet(QStringLiteral("inject-fault"))) {
        auto fault = verify::parseFaultOption(parser.value(QStringLiteral("inject-fault")));
        if (!fault) {
            std::fprintf(stderr, "idleforge: %s\n", qPrintable(fault.error().message));
            std::exit(2);
        }
        o.network.fault = *fault;
    }
#endif
    o.headless = parser.isSet(QStringLiteral("headless"));
    o.minimized = parser.isSet(QStringLiteral("minimized"));
    if (parser.isSet(QStringLiteral("data-dir")))
        paths::setDataDir(parser.value(QStringLiteral("data-dir")));
    o.node.benchmarkOnStart = !parser.isSet(QStringLiteral("no-benchmark"));
    if (parser.isSet(QStringLiteral("thorough-benchmark")))
        o.node.benchmarkTier = QStringLiteral("thorough");
    const double scale = qEnvironmentVariable("IDLEFORGE_BENCH_TIME_SCALE").toDouble();
    if (scale > 0 && scale <= 1)
        o.node.benchmarkTimeScale = scale; // for tests and demos only
    return o;
}

// The ledger keeps benchmark history (and later jobs and receipts). Without it the node still
// runs, but benchmarks at every start. The coordinator key guards receipts only; until a
// network session pins the real one, no receipt can be stored.
std::unique_ptr<ledger::Ledger> openLedger(node::NodeService &node, const app::NetworkSession &network)
{
    auto ledger = ledger::Ledger::open(paths::ledgerFile(), network.coordinatorKey().value_or(crypto::PublicKey{}));
    if (!ledger) {
        qCWarning(lcBase).noquote() << "ledger unavailable:" << ledger.error().toString();
        return nullptr;
    }
    node.setLedger(ledger->get());
    return std::move(*ledger);
}

app::NetworkSession *g_network = nullptr;

// Stop the provider (its worker checkpoints), then the node, before the event loop ends,
// whichever way quitting starts.
void quitViaNode(node::NodeService &node)
{
    static bool quitting = false;
    if (quitting)
        return;
    quitting = true;
    QObject::connect(&node, &node::NodeService::stopped, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    if (g_network && g_network->provider()) {
        QObject::connect(g_network, &app::NetworkSession::stopped, &node, &node::NodeService::shutdown, Qt::QueuedConnection);
        g_network->stop();
        return;
    }
    node.shutdown();
}

// Joins the network once the node knows its hardware (the benchmark, or the ledger's copy).
Result<void> setUpNetwork(app::NetworkSession &network, node::NodeService &node, ledger::Ledger *ledger)
{
    if (!network.enabled())
        return {};
    g_network = &network;
    QObject::connect(&node, &node::NodeService::statusChanged, &network, [&network, &node, ledger] {
        if (node.status() != node::NodeService::Status::Ready || network.provider())
            return;
        if (auto r = network.start(node, ledger); !r) {
            qCCritical(lcBase).noquote() << "network:" << r.error().toString();
            QCoreApplication::exit(1);
        }
    });
    return {};
}

void watchTerminationSignals(node::NodeService &node)
{
    auto *signals = new platform::UnixSignalWatcher(qApp);
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        signals->watch(sig);
    QObject::connect(signals, &platform::UnixSignalWatcher::signalReceived, &node, [&node](int sig) {
        qCInfo(lcBase) << "signal" << sig << "received; shutting down";
        quitViaNode(node);
    });
}

int runHeadless(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("IdleForge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IDLEFORGE_VERSION));
    const Options options = parseOptions(QCoreApplication::arguments());

    platform::SingleInstance instance(paths::runtimeSocketName());
    if (!instance.claim(QByteArrayLiteral("ping"))) {
        std::fprintf(stderr, "idleforge: another IdleForge node already runs with this data directory\n");
        return 1;
    }
    node::NodeService node(options.node);
    app::NetworkSession network(options.network);
    if (auto r = network.prepare(); !r) {
        std::fprintf(stderr, "idleforge: %s\n", qPrintable(r.error().message));
        return 1;
    }
    const auto ledger = openLedger(node, network);
    (void)setUpNetwork(network, node, ledger.get());
    // Log progress when the step changes or every 10%, not on every trial.
    QObject::connect(&node, &node::NodeService::benchmarkProgressChanged, &node, [&node] {
        static QString lastMessage;
        static int lastDecile = -1;
        const int percent = static_cast<int>(node.benchmarkProgress() * 100);
        if (node.benchmarkMessage() == lastMessage && percent / 10 == lastDecile)
            return;
        lastMessage = node.benchmarkMessage();
        lastDecile = percent / 10;
        qCInfo(lcBase).noquote() << QStringLiteral("benchmark %1% %2").arg(percent, 3).arg(lastMessage);
    });
    watchTerminationSignals(node);
    qCInfo(lcBase).noquote() << "IdleForge" << IDLEFORGE_VERSION << "headless; data in" << paths::dataDir();
    node.start();
    const int code = app.exec();
    qCInfo(lcBase) << "stopped";
    return code;
}

int runGui(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("IdleForge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IDLEFORGE_VERSION));
    QApplication::setQuitOnLastWindowClosed(false); // closing the dashboard leaves the tray
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/idleforge/icons/idleforge.svg")));
    const Options options = parseOptions(QCoreApplication::arguments());

    platform::SingleInstance instance(paths::runtimeSocketName());
    if (!instance.claim(QByteArrayLiteral("raise")))
        return 0; // the running instance shows its window

    node::NodeService node(options.node);
    app::NetworkSession network(options.network);
    if (auto r = network.prepare(); !r) {
        std::fprintf(stderr, "idleforge: %s\n", qPrintable(r.error().message));
        return 1;
    }
    const auto ledger = openLedger(node, network);
    (void)setUpNetwork(network, node, ledger.get());
    ui::OverviewModel overview(&node);
    // The network section of the Overview follows the provider session once it starts.
    QObject::connect(&node, &node::NodeService::statusChanged, &overview, [&network, &overview] {
        node::ProviderNode *p = network.provider();
        if (!p || p->property("idleforgeWired").toBool())
            return;
        p->setProperty("idleforgeWired", true);
        const auto refresh = [p, &overview] {
            const QJsonObject s = p->statusSnapshot();
            QString text = QObject::tr("Network: %1").arg(s.value(QLatin1String("connection")).toString());
            const QJsonObject job = s.value(QLatin1String("job")).toObject();
            if (!job.isEmpty())
                text += QObject::tr(" - %1 %2, step %3 of %4")
                            .arg(job.value(QLatin1String("kind")).toString(), job.value(QLatin1String("id")).toString())
                            .arg(job.value(QLatin1String("step")).toInteger())
                            .arg(job.value(QLatin1String("steps")).toInteger());
            const QString earnings = QObject::tr("Balance %1 credits, stake %2 (%3 receipts this session)")
                                         .arg(double(s.value(QLatin1String("balance")).toInteger()) / 1e6, 0, 'f', 6)
                                         .arg(double(s.value(QLatin1String("stake")).toInteger()) / 1e6, 0, 'f', 6)
                                         .arg(s.value(QLatin1String("receipts_stored")).toInteger());
            overview.setNetwork(text, earnings);
        };
        QObject::connect(p, &node::ProviderNode::statusChanged, &overview, refresh);
        QObject::connect(p, &node::ProviderNode::activity, &overview, &ui::OverviewModel::setActivity);
        refresh();
    }, Qt::QueuedConnection);
    ui::TrayController tray(&node);

    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QQmlApplicationEngine engine;
    engine.setInitialProperties({{QStringLiteral("overview"), QVariant::fromValue(static_cast<QObject *>(&overview))}});
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
    QObject::connect(&tray, &ui::TrayController::quitRequested, &node, [&node] { quitViaNode(node); });
    watchTerminationSignals(node);

    tray.show();
    if (!options.minimized || !QSystemTrayIcon::isSystemTrayAvailable())
        raise();
    node.start();
    return app.exec();
}

bool wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "--headless") == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    idleforge::installLogFormat();
    // Decide before any QGuiApplication exists: headless must never need a display.
    return wantsHeadless(argc, argv) ? runHeadless(argc, argv) : runGui(argc, argv);
}
