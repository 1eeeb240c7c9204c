#include "AppCore.h"

#include "base/Log.h"
#include "base/Paths.h"
#include "ledger/Ledger.h"
#include "node/PolicyDriver.h"
#include "settings/Settings.h"
#include "platform/UnixSignalWatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <csignal>

namespace idleforge::app {

namespace {
node::PolicyDriver::Options policyOptions(const AppOptions &options)
{
    node::PolicyDriver::Options o;
    o.headless = options.headless;
    o.sources.gamesFile = QFileInfo(settings::Settings::defaultFile()).dir().filePath(QStringLiteral("games.txt"));
    if (options.headless)
        o.sources.x11Display = QStringLiteral("-"); // a headless node has no display to watch
    return o;
}

// The coordinator from the settings (coordinator_url, coordinator_key) when the command line
// names none: --devnet and --coordinator / --coordinator-key take precedence.
NetworkOptions withSettings(NetworkOptions n, const settings::Settings &s)
{
    if (!n.devnet && !n.coordinator.isValid()) {
        const QString url = s.value(QStringLiteral("coordinator_url")).toString();
        if (!url.isEmpty())
            n.coordinator = QUrl(url);
    }
    if (!n.devnet && n.coordinatorKey.isEmpty())
        n.coordinatorKey = s.value(QStringLiteral("coordinator_key")).toString();
    return n;
}
} // namespace

AppCore::AppCore(const AppOptions &options, QObject *parent)
    : QObject(parent), m_settings(std::make_unique<settings::Settings>(settings::Settings::defaultFile())),
      m_policy(std::make_unique<node::PolicyDriver>(*m_settings, policyOptions(options))), m_node(options.node),
      m_network(withSettings(options.network, *m_settings))
{
    m_network.setPolicy(m_policy.get());
}

AppCore::~AppCore() = default;

Result<void> AppCore::prepare()
{
    if (auto r = m_network.prepare(); !r)
        return r;
    openLedger();
    startNetworkWhenReady();
    return {};
}

// The ledger keeps benchmark history, jobs and receipts. Without it the node still runs, but
// benchmarks at every start. The coordinator key guards receipts only.
// A damaged one is kept aside and a new one takes the receipts still readable
// (ledger::Ledger::recover; its activity log says so).
void AppCore::openLedger()
{
    const crypto::PublicKey key = m_network.coordinatorKey().value_or(crypto::PublicKey{});
    auto ledger = ledger::Ledger::open(paths::ledgerFile(), key);
    if (!ledger && ledger.error().code == QLatin1String("ledger.corrupt")) {
        if (auto recovered = ledger::Ledger::recover(paths::ledgerFile(), key, QDateTime::currentMSecsSinceEpoch()); !recovered)
            qCWarning(lcBase).noquote() << "ledger recovery failed:" << recovered.error().toString();
        ledger = ledger::Ledger::open(paths::ledgerFile(), key);
    }
    if (!ledger) {
        qCWarning(lcBase).noquote() << "ledger unavailable:" << ledger.error().toString();
        return;
    }
    m_ledger = std::move(ledger).value();
    m_node.setLedger(m_ledger.get());
}

// Joins the network once the node knows its hardware (the benchmark, or the ledger's copy).
void AppCore::startNetworkWhenReady()
{
    if (!m_network.enabled())
        return;
    connect(&m_node, &node::NodeService::statusChanged, this, [this] {
        if (m_node.status() != node::NodeService::Status::Ready || m_network.provider() || m_quitting)
            return;
        if (auto r = m_network.start(m_node, m_ledger.get()); !r) {
            qCCritical(lcBase).noquote() << "network:" << r.error().toString();
            QCoreApplication::exit(1);
            return;
        }
        Q_EMIT providerStarted(m_network.provider());
    });
}

void AppCore::start()
{
    m_policy->start();
    m_node.start();
}

void AppCore::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    connect(&m_node, &node::NodeService::stopped, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    if (m_network.provider()) {
        connect(&m_network, &NetworkSession::stopped, &m_node, &node::NodeService::shutdown, Qt::QueuedConnection);
        m_network.stop();
        return;
    }
    m_node.shutdown();
}

void AppCore::quitOnTerminationSignals()
{
    auto *signals = new platform::UnixSignalWatcher(this);
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        signals->watch(sig);
    connect(signals, &platform::UnixSignalWatcher::signalReceived, this, [this](int sig) {
        qCInfo(lcBase) << "signal" << sig << "received; shutting down";
        quit();
    });
}

} // namespace idleforge::app
