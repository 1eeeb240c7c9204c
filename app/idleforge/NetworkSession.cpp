#include "NetworkSession.h"

#include "base/Log.h"
#include "base/Paths.h"
#include "base/PrivateDir.h"
#include "devnet/CoordinatorKey.h"
#include "devnet/DemoSubmitter.h"
#include "devnet/DevnetApp.h"
#include "devnet/DevnetStore.h"
#include "node/NodeService.h"
#include "node/PolicyDriver.h"
#include "node/HistoryRecorder.h"
#include "node/MemoryKeeper.h"
#include "node/ProviderNode.h"
#include "node/StatusServer.h"
#include "protocol/Envelope.h"
#include "protocol/Tls.h"
#include "secrets/OpenStore.h"
#include "secrets/MemoryStore.h"
#include "secrets/PasswordSource.h"
#include "task/WorkerJob.h"
#include "wallet/NodeIdentity.h"
#include "wallet/WalletVault.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace idleforge::app {

NetworkSession::NetworkSession(NetworkOptions options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

NetworkSession::~NetworkSession() = default;

namespace {
QByteArray demoCorpus()
{
    QFile f(QStringLiteral(":/idleforge/demo/corpus.txt"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}
// What the provider and the devnet's auditor are both given: the coordinator, its key, the
// thread count and a name for the logs.
node::ProviderOptions commonOptions(const NetworkOptions &options, const std::optional<crypto::PublicKey> &coordinatorKey,
                                    const QString &name)
{
    node::ProviderOptions o;
    o.url = options.coordinator;
    o.coordinatorKey = coordinatorKey;
    o.threads = options.threads;
    o.name = name;
    return o;
}

// Extra checkpoints in memory (node/ProviderOptions.h): a folder per data directory below our
// private /dev/shm folder, at most 1/8 of the machine's memory. None where /dev/shm is no tmpfs.
void setRamCheckpoints(node::ProviderOptions &po, qint64 bytes)
{
    if (bytes <= 0)
        return;
    auto dir = paths::privateMemoryDir();
    if (!dir) {
        qCInfo(lcBase).noquote() << "no extra checkpoints in memory:" << dir.error().message;
        return;
    }
    const QByteArray jobs = QFileInfo(po.jobsDir).absoluteFilePath().toUtf8();
    po.ramCheckpointsDir = QDir(*dir).filePath(QString::fromLatin1(QCryptographicHash::hash(jobs, QCryptographicHash::Sha256).toHex().left(16)));
    po.ramCheckpointBytes = std::min(bytes, task::physicalMemoryBytes() / 8);
}
} // namespace

Result<void> NetworkSession::prepare()
{
    // The node identity: from the wallet's store when there is a wallet, else the named store.
    // The node never prompts: a file store needs --password-env. Offline, the store is still
    // opened: the Wallet page keeps the payout wallet in it.
    auto store = secrets::openStore(m_options.identityStore, secrets::PasswordChoice{m_options.passwordEnv, {}, false, {}});
    if (!store)
        return store.error();
    m_keyStore = std::move(store).value();
    m_keyStoreSpec = secrets::normalisedStoreSpec(m_options.identityStore);
    if (!enabled())
        return {};
    auto identity = wallet::WalletVault(*m_keyStore).loadOrCreateIdentity();
    if (!identity && m_options.devnet && m_options.identityStore.isEmpty()) {
        // A devnet demo on a machine without a keychain (a bare server, a container): keys for
        // this run only. Receipts already in the ledger stay; new ones are signed by a new key.
        qCWarning(lcBase).noquote() << QStringLiteral("no keychain (%1); the devnet runs with keys that last until it stops")
                                           .arg(identity.error().message);
        m_keyStore = std::make_unique<secrets::MemoryStore>();
        m_keyStoreSpec = QStringLiteral("memory");
        identity = wallet::WalletVault(*m_keyStore).loadOrCreateIdentity();
    }
    if (!identity)
    {
        Error e = identity.error();
        e.message = QStringLiteral("cannot load the node identity: %1").arg(e.message);
        return e;
    }
    m_identity = std::make_unique<wallet::NodeIdentity>(std::move(identity).value());
    if (auto info = wallet::WalletInfo::load())
        m_payout = info->address;

    if (m_options.devnet) {
        devnet::DevnetConfig config;
        config.port = m_options.devnetPort;
        config.blobPort = 0;
        config.dataDir = QDir(paths::dataDir()).filePath(QStringLiteral("devnet"));
        config.coordinator.leaseMs = 20'000;
        config.coordinator.heartbeatMs = 3'000;
        config.coordinator.noTaskRetryMs = 1'000;
        config.coordinator.gameTimeoutMs = 60'000;
        config.coordinator.stakeGrant = 1'000'000; // 1 devnet credit, staked, per provider
        m_devnet = std::make_unique<devnet::DevnetApp>();
        // The coordinator key shares the node's store (keychain or file), so receipts from an
        // earlier run still verify against the same pinned key.
        if (auto r = m_devnet->start(config, *m_keyStore); !r)
            return r.error();
        m_coordinatorKey = m_devnet->key().publicKey();
        m_options.coordinator = m_devnet->url();
        qCInfo(lcBase).noquote() << "devnet: coordinator on" << m_devnet->url().toString() << "key"
                                 << protocol::keyToBase58(*m_coordinatorKey);
        return {};
    }
    if (!m_options.coordinatorCa.isEmpty()) {
        auto cas = protocol::loadCaCertificates(m_options.coordinatorCa);
        if (!cas)
            return cas.error();
        m_trustedCas = *cas;
    }
    if (!m_options.coordinatorKey.isEmpty()) {
        auto key = protocol::keyFromBase58(m_options.coordinatorKey);
        if (!key)
            return makeError("node.config", QStringLiteral("--coordinator-key is not a base58 Ed25519 key"));
        m_coordinatorKey = *key;
    } else {
        qCWarning(lcBase) << "no --coordinator-key: the coordinator is trusted on first use and receipts cannot be kept";
    }
    return {};
}

Result<void> NetworkSession::start(node::NodeService &node, ledger::Ledger *ledger)
{
    m_node = &node;
    if (!enabled() || m_provider)
        return {};
    const QJsonObject capability = node.capabilityRecord();
    if (m_devnet) {
        auto &store = m_devnet->coordinator().store();
        m_demo = std::make_unique<devnet::DemoSubmitter>(m_devnet->coordinator(), store, m_devnet->blobs(), demoCorpus(),
                                                         devnet::DemoSubmitter::Options{});
        if (auto r = m_demo->start(); !r)
            return r.error();
        if (m_options.auditor) {
            m_auditorIdentity = std::make_unique<wallet::NodeIdentity>(wallet::NodeIdentity::generate());
            node::ProviderOptions ao = commonOptions(m_options, m_coordinatorKey, QStringLiteral("auditor"));
            ao.jobsDir = QDir(paths::dataDir()).filePath(QStringLiteral("devnet/auditor"));
            ao.storeDir = QDir(paths::dataDir()).filePath(QStringLiteral("devnet/auditor/store"));
            ao.trainTasks = false;
            ao.reproDevice = QStringLiteral("cpu"); // a GPU, if any, is the provider's
            auto auditor = startProvider(*m_auditorIdentity, ao, nullptr, capability);
            if (!auditor)
                return auditor.error();
            m_auditor = std::move(auditor).value();
        }
    }
    node::ProviderOptions po = commonOptions(m_options, m_coordinatorKey, QStringLiteral("provider"));
    po.trustedCas = m_trustedCas;
    po.payout = m_payout;
    po.jobsDir = paths::jobsDir();
    po.checkpointUploadMs = m_options.checkpointUploadMs;
    po.reproDevice = m_options.reproDevice;
    po.diskBudgetBytes = m_options.diskBudgetBytes;
    setRamCheckpoints(po, m_options.ramCheckpointBytes);
    po.fault = m_options.fault;
    auto provider = startProvider(*m_identity, po, ledger, capability);
    if (!provider)
        return provider.error();
    m_provider = std::move(provider).value();
    m_status = std::make_unique<node::StatusServer>([this] { return statusSnapshot(); });
    if (m_policy)
        m_policy->installCommands(*m_status);
    if (auto r = m_status->listen(node::StatusServer::defaultName(paths::dataDir())); !r)
        qCCritical(lcBase).noquote() << "status socket unavailable, idleforgectl status will not reach this node:" << r.error().toString();
    obeyPolicy();
    return {};
}

// Every decision reaches both providers; their workers are named to the policy so that their
// own load is never taken for another program's.
void NetworkSession::obeyPolicy()
{
    if (!m_policy)
        return;
    const auto apply = [this] {
        // A worker on a Vulkan device uses the CPU too (the ops around the GEMMs): both must be free.
        const policy::Decision &d = m_policy->decision();
        for (node::ProviderNode *p : {m_provider.get(), m_auditor.get()}) {
            if (!p)
                continue;
            p->setComputeAllowed(d.runCpu && (p->reproDevice() == QLatin1String("cpu") || d.runGpu));
            if (const QString why = node::MemoryKeeper::memoryWantedBy(d); !why.isEmpty())
                p->releaseMemory(why); // the program starting will want it
        }
    };
    connect(m_policy, &node::PolicyDriver::decisionChanged, this, apply);
    const auto pids = [this] {
        QSet<qint64> ours;
        for (node::ProviderNode *p : {m_provider.get(), m_auditor.get()})
            if (p && p->workerPid() > 0)
                ours.insert(p->workerPid());
        m_policy->setWorkerPids(ours);
    };
    for (node::ProviderNode *p : {m_provider.get(), m_auditor.get()})
        if (p)
            connect(p, &node::ProviderNode::statusChanged, this, pids);
    m_policy->setHasGpu(m_provider && m_provider->reproDevice() != QLatin1String("cpu"));
    apply();
}

// A provider (ours, or the devnet's auditor) that counts towards stopped().
Result<std::unique_ptr<node::ProviderNode>> NetworkSession::startProvider(const wallet::NodeIdentity &identity, const node::ProviderOptions &options,
                                                                         ledger::Ledger *ledger, const QJsonObject &capability)
{
    auto node = std::make_unique<node::ProviderNode>(identity, options, ledger);
    if (ledger) { // our provider: its tasks, audits and disputes go into the ledger's history
        m_history = std::make_unique<node::HistoryRecorder>(*ledger);
        m_history->attach(node.get());
    }
    connect(node.get(), &node::ProviderNode::stopped, this, [this] {
        if (--m_running == 0)
            Q_EMIT stopped();
    });
    if (auto r = node->start(capability); !r)
        return r.error();
    ++m_running;
    return node;
}

void NetworkSession::stop()
{
    if (m_running == 0) {
        Q_EMIT stopped();
        return;
    }
    if (m_auditor)
        m_auditor->stop();
    if (m_provider)
        m_provider->stop();
}

QJsonObject NetworkSession::statusSnapshot() const
{
    QJsonObject s = m_provider ? m_provider->statusSnapshot() : QJsonObject{{QStringLiteral("connection"), QStringLiteral("offline")}};
    if (m_node)
        s.insert(QStringLiteral("node_status"), m_node->statusText());
    if (m_policy)
        s.insert(QStringLiteral("policy"), m_policy->statusJson());
    if (m_devnet)
        if (auto status = m_devnet->coordinator().status())
            s.insert(QStringLiteral("devnet"), status->toJson());
    return s;
}

} // namespace idleforge::app
