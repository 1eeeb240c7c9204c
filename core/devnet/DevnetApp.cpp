#include "devnet/DevnetApp.h"

#include "platform/Descriptors.h"

#include "base/Paths.h"
#include "devnet/BlobServer.h"
#include "devnet/CoordinatorKey.h"
#include "devnet/DevnetServer.h"
#include "devnet/DevnetStore.h"
#include "devnet/Log.h"
#include "protocol/Envelope.h"
#include "protocol/Tls.h"
#include "secrets/SecretStore.h"
#include "task/DatasetStore.h"

#include <QDir>
#include <QSaveFile>

namespace idleforge::devnet {

namespace {
// Descriptors kept for everything but connections: the database and its journal, the listeners,
// the event loop's own, blob files being served, logs.
constexpr qint64 kReservedDescriptors = 48;

// Caps that fit in the descriptor limit, so accept() always has a descriptor to give (see
// platform/Descriptors.h: Qt spins when it has none). Three quarters to control connections.
void fitToDescriptors(DevnetServer::Limits &control, BlobServer::Limits &blobs)
{
    const qint64 limit = platform::raiseDescriptorLimit();
    const qint64 budget = std::max<qint64>(4, limit - kReservedDescriptors);
    if (control.maxConnections + blobs.maxConnections <= budget)
        return;
    control.maxConnections = int(std::max<qint64>(1, std::min<qint64>(control.maxConnections, budget * 3 / 4)));
    blobs.maxConnections = int(std::max<qint64>(1, std::min<qint64>(blobs.maxConnections, budget - control.maxConnections)));
    qCWarning(lcDevnet).noquote() << QStringLiteral("descriptor limit %1: at most %2 control and %3 blob connections (raise it with ulimit -n)")
                                         .arg(limit).arg(control.maxConnections).arg(blobs.maxConnections);
}
} // namespace


DevnetApp::DevnetApp() = default;
DevnetApp::~DevnetApp() = default;

Result<void> DevnetApp::start(const DevnetConfig &config, secrets::SecretStore &keyStore)
{
    std::optional<QSslConfiguration> tls;
    if (!config.tlsCertFile.isEmpty() || !config.tlsKeyFile.isEmpty()) {
        if (config.tlsCertFile.isEmpty() || config.tlsKeyFile.isEmpty())
            return makeError("devnet.usage", QStringLiteral("TLS needs both a certificate and a private key file"));
        auto c = protocol::serverTlsConfiguration(config.tlsCertFile, config.tlsKeyFile);
        if (!c)
            return c.error();
        tls = *c;
    }
    m_secure = tls.has_value();
    auto key = loadOrCreateCoordinatorKey(keyStore);
    if (!key)
        return key.error();
    m_key.emplace(std::move(key->key));
    m_keyCreated = key->created;
    const QString dir = config.dataDir.isEmpty() ? paths::dataDir() : config.dataDir;
    QDir().mkpath(dir);
    auto pub = writePublicKeyFile(dir, m_key->publicKey());
    if (!pub)
        return pub.error();

    auto store = DevnetStore::open(QDir(dir).filePath(QStringLiteral("devnet.sqlite")));
    if (!store)
        return store.error();
    m_store = std::move(store).value();
    m_blobs = std::make_unique<task::DatasetStore>(QDir(dir).filePath(QStringLiteral("blobs")));
    QDir().mkpath(QDir(dir).filePath(QStringLiteral("blobs")));

    m_controlLimits = config.limits;
    m_blobLimits = config.blobLimits;
    fitToDescriptors(m_controlLimits, m_blobLimits);
    if (auto r = startBlobs(config, dir, tls); !r)
        return r.error();
    Coordinator::Options options = config.coordinator;
    m_host = config.address.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(config.address.toString())
                                                                        : config.address.toString();
    const QString &host = m_host;
    options.blobBase = QUrl(QStringLiteral("%1://%2:%3/")
                                .arg(m_secure ? QStringLiteral("https") : QStringLiteral("http"), host)
                                .arg(m_blobServer->port()));
    m_coordinator = std::make_unique<Coordinator>(*m_store, m_key->publicKey(), options, Clock::instance(), m_blobs.get());
    m_coordinator->setSigningKey(&*m_key);
    m_server = std::make_unique<DevnetServer>(*m_coordinator, *m_key);
    m_server->setSweepInterval(config.sweepMs);
    m_server->setLimits(m_controlLimits);
    if (tls)
        m_server->useTls(*tls);
    if (auto r = m_server->listen(config.address, config.port); !r)
        return r.error();
    admitUploaders();

    if (!config.portFile.isEmpty()) {
        QSaveFile f(config.portFile);
        if (!f.open(QIODevice::WriteOnly))
            return makeError("devnet.io", QStringLiteral("cannot write %1: %2").arg(config.portFile, f.errorString()));
        f.write(QByteArray::number(m_server->port()) + ' ' + QByteArray::number(m_blobServer->port()) + '\n');
        if (!f.commit())
            return makeError("devnet.io", QStringLiteral("cannot write %1: %2").arg(config.portFile, f.errorString()));
    }
    m_summary = QStringLiteral("idleforge-devnet listening on %1 (blobs %2)\n"
                               "coordinator key %3%4 (pin it; also in %5)\n"
                               "state %6\n")
                    .arg(url().toString(), options.blobBase.toString(), protocol::keyToBase58(m_key->publicKey()),
                         m_keyCreated ? QStringLiteral(", new, kept in ") + keyStore.describe() : QString(), *pub,
                         m_store->path());
    if (m_secure) {
        const QSslCertificate leaf = tls->localCertificate();
        m_summary += QStringLiteral("TLS certificate %1 (%2, valid until %3)\n")
                         .arg(config.tlsCertFile, leaf.subjectDisplayName(), leaf.expiryDate().toString(Qt::ISODate));
    }
    return {};
}

Result<void> DevnetApp::startBlobs(const DevnetConfig &config, const QString &dir, const std::optional<QSslConfiguration> &tls)
{
    m_blobServer = std::make_unique<BlobServer>(QDir(dir).filePath(QStringLiteral("blobs")));
    m_blobServer->setLimits(m_blobLimits);
    if (tls)
        m_blobServer->useTls(*tls);
    const quint16 blobPort = config.blobPort.value_or(config.port == 0 ? 0 : quint16(config.port + 1));
    return m_blobServer->listen(config.address, blobPort);
}

void DevnetApp::admitUploaders()
{
    // Uploads only from parties the coordinator knows: a registered provider (checkpoints,
    // states, game results, also while it reconnects), or any key signed in on a live control
    // connection (a submitter uploading its dataset before it submits).
    m_blobServer->setUploaders([this](const crypto::PublicKey &key) {
        const QString id = protocol::keyToBase58(key);
        if (m_server->hasLiveSession(id))
            return true;
        auto provider = m_store->provider(id);
        return provider && provider->has_value();
    });
}

QUrl DevnetApp::url() const
{
    return QUrl(QStringLiteral("%1://%2:%3").arg(m_secure ? QStringLiteral("wss") : QStringLiteral("ws"), m_host).arg(m_server->port()));
}

QString DevnetApp::summary() const
{
    return m_summary;
}

} // namespace idleforge::devnet
