#pragma once
// What both faces of idleforge run (the dashboard and --headless): the node (NodeService), its
// ledger, the settings and the policy (when to compute: PolicyDriver, whose decisions the
// providers obey), and the network session, which starts once the node knows its hardware. Quitting, by
// a signal or the tray, stops the provider first (its worker checkpoints), then the node, then
// the event loop.
#include "AppOptions.h"
#include "base/Error.h"

#include <QObject>

#include <memory>

namespace idleforge::ledger {
class Ledger;
}
namespace idleforge::node {
class PolicyDriver;
}
namespace idleforge::settings {
class Settings;
}

namespace idleforge::app {

class AppCore : public QObject {
    Q_OBJECT
public:
    explicit AppCore(const AppOptions &options, QObject *parent = nullptr);
    ~AppCore() override;

    // The coordinator key (keychain access: blocking, at start-up), the ledger, the wiring.
    Result<void> prepare();
    void start(); // the node; the provider follows when the node is ready
    void quit();  // idempotent
    void quitOnTerminationSignals(); // SIGINT, SIGTERM, SIGHUP

    node::NodeService &node() { return m_node; }
    NetworkSession &network() { return m_network; }
    node::PolicyDriver &policy() { return *m_policy; }
    settings::Settings &settings() { return *m_settings; }
    ledger::Ledger *ledger() const { return m_ledger.get(); } // null when it could not be opened

Q_SIGNALS:
    void providerStarted(node::ProviderNode *provider);

private:
    void openLedger();
    void startNetworkWhenReady();

    std::unique_ptr<settings::Settings> m_settings;
    std::unique_ptr<node::PolicyDriver> m_policy;
    // Declared before the node and the network session, so it is closed after them: the
    // provider, its history recorder and the node write to it until they are gone.
    std::unique_ptr<ledger::Ledger> m_ledger;
    node::NodeService m_node;
    NetworkSession m_network;
    bool m_quitting = false;
};

} // namespace idleforge::app
