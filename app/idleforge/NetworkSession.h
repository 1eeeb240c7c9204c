#pragma once
// The network part of the app: the provider session (ProviderNode) with its identity, and
// with --devnet an in-process coordinator on loopback, its demo submitter and one in-process
// auditor node, so one command shows a task's whole life on one machine. Also answers
// `idleforgectl status`, `pause`, `resume` and `config` on a local socket. Both providers (ours
// and the devnet's auditor, which computes on this machine too) obey the policy. Shared by the
// GUI and --headless.
#include "base/Error.h"
#include "crypto/Ed25519.h"

#include <QJsonObject>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <memory>
#include <optional>

namespace idleforge::devnet {
class DevnetApp;
class DemoSubmitter;
}
namespace idleforge::secrets {
class SecretStore;
}
namespace idleforge::wallet {
class NodeIdentity;
}
namespace idleforge::ledger {
class Ledger;
}
namespace idleforge::node {
class HistoryRecorder;
class NodeService;
class PolicyDriver;
class ProviderNode;
class StatusServer;
struct ProviderOptions;
}

namespace idleforge::app {

struct NetworkOptions {
    bool devnet = false;          // embedded coordinator + demo submitter + auditor
    quint16 devnetPort = 0;       // 0: a free port
    bool auditor = true;          // with devnet: the in-process auditor node
    QUrl coordinator;             // without devnet: where to connect (empty: stay offline)
    QString coordinatorKey;       // base58, pinned; required to keep receipts
    QString coordinatorCa;        // PEM CA file trusted for wss:// and https:// besides the system CAs
    QString identityStore;        // "keychain" (default) or "file:PATH" (needs passwordEnv)
    QString passwordEnv;
    QJsonObject fault;            // test builds: every run of this node cheats this way
    int threads = 0;
    QString reproDevice = QStringLiteral("auto"); // where our repro tasks train: auto, cpu, vulkan:N
    int checkpointUploadMs = 60'000; // least time between two checkpoint uploads of a lease
    qint64 diskBudgetBytes = 0;      // the job folders' budget (0: none; free space is always kept)
    qint64 ramCheckpointBytes = qint64(3) << 30; // extra checkpoints in memory, in all (0: none)
};

class NetworkSession : public QObject {
    Q_OBJECT
public:
    explicit NetworkSession(NetworkOptions options, QObject *parent = nullptr);
    ~NetworkSession() override;

    // Before the ledger opens: the coordinator key (devnet: its own) that receipts are checked
    // against. Blocking keychain access happens here, at start-up.
    Result<void> prepare();
    std::optional<crypto::PublicKey> coordinatorKey() const { return m_coordinatorKey; }
    bool enabled() const { return m_options.devnet || m_options.coordinator.isValid(); }
    // After prepare(): the store the node identity lives in (--identity-store; with --devnet
    // and no keychain, the run's memory store), and its spelling ("keychain", "file:PATH",
    // "memory"). The Wallet page keeps the payout wallet in the same one.
    secrets::SecretStore *keyStore() const { return m_keyStore.get(); }
    QString keyStoreSpec() const { return m_keyStoreSpec; }

    // The policy whose decisions the providers obey (pause, resume) and whose state and
    // commands the status socket serves. Set before start(); must outlive this object.
    void setPolicy(node::PolicyDriver *policy) { m_policy = policy; }
    // Starts the provider once the node knows its hardware (capability record).
    Result<void> start(node::NodeService &node, ledger::Ledger *ledger);
    void stop();
    node::ProviderNode *provider() const { return m_provider.get(); }
    QJsonObject statusSnapshot() const;

Q_SIGNALS:
    void stopped();

private:
    void obeyPolicy();
    Result<std::unique_ptr<node::ProviderNode>> startProvider(const wallet::NodeIdentity &identity, const node::ProviderOptions &options,
                                                              ledger::Ledger *ledger, const QJsonObject &capability);

    NetworkOptions m_options;
    std::optional<crypto::PublicKey> m_coordinatorKey;
    QList<QSslCertificate> m_trustedCas;
    std::unique_ptr<secrets::SecretStore> m_keyStore;
    QString m_keyStoreSpec;
    std::unique_ptr<devnet::DevnetApp> m_devnet;
    std::unique_ptr<devnet::DemoSubmitter> m_demo;
    std::unique_ptr<wallet::NodeIdentity> m_identity;
    std::unique_ptr<wallet::NodeIdentity> m_auditorIdentity;
    std::unique_ptr<node::HistoryRecorder> m_history; // of m_provider; declared first, so it goes after it
    std::unique_ptr<node::ProviderNode> m_provider;
    std::unique_ptr<node::ProviderNode> m_auditor;
    std::unique_ptr<node::StatusServer> m_status;
    node::NodeService *m_node = nullptr;
    node::PolicyDriver *m_policy = nullptr;
    QString m_payout;
    int m_running = 0;
};

} // namespace idleforge::app
