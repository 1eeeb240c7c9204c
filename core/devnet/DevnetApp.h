#pragma once
// Wires the devnet (the idleforge-devnet binary, and embedded by idleforge --devnet): data dir, coordinator key from a SecretStore, the SQLite state, the
// Coordinator, the WebSocket control server and the blob server. main.cpp only parses options.
#include "base/Error.h"
#include "devnet/BlobServer.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetServer.h"

#include <QHostAddress>
#include <QString>

#include <memory>
#include <optional>

namespace idleforge::secrets {
class SecretStore;
}
namespace idleforge::task {
class DatasetStore;
}

namespace idleforge::devnet {

class BlobServer;
class DevnetServer;
class DevnetStore;

struct DevnetConfig {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 7800;
    std::optional<quint16> blobPort; // default: port + 1 (0 when port is 0)
    Coordinator::Options coordinator;
    int sweepMs = 1000;
    DevnetServer::Limits limits; // control connections: caps, registration deadline, refusal limits
    BlobServer::Limits blobLimits; // blob connections: caps, body time-outs, upload quota
    QString portFile; // if set: "<ws port> <blob port>\n" written once listening
    QString dataDir;  // default: paths::dataDir()
    // Both set: wss:// control and https:// blobs with this PEM certificate chain and key.
    QString tlsCertFile;
    QString tlsKeyFile;
};

class DevnetApp {
public:
    DevnetApp();
    ~DevnetApp();

    // Everything up to listening; the event loop runs afterwards. `store` holds the key.
    // A TLS certificate or key that cannot be used fails here, first (tls.cert, tls.key).
    Result<void> start(const DevnetConfig &config, secrets::SecretStore &keyStore);
    QString summary() const; // the lines printed at start

    Coordinator &coordinator() { return *m_coordinator; }
    task::DatasetStore &blobs() { return *m_blobs; }
    const DevnetServer &server() const { return *m_server; }
    DevnetServer &server() { return *m_server; } // tests: the fault hooks
    const BlobServer &blobServer() const { return *m_blobServer; }
    const crypto::Ed25519KeyPair &key() const { return *m_key; }
    QUrl url() const; // ws://host:port, or wss:// with TLS
    bool secure() const { return m_secure; }

private:
    Result<void> startBlobs(const DevnetConfig &config, const QString &dir, const std::optional<QSslConfiguration> &tls);
    void admitUploaders();

    std::optional<crypto::Ed25519KeyPair> m_key;
    bool m_keyCreated = false;
    std::unique_ptr<task::DatasetStore> m_blobs;
    std::unique_ptr<DevnetStore> m_store;
    std::unique_ptr<Coordinator> m_coordinator;
    std::unique_ptr<DevnetServer> m_server;
    std::unique_ptr<BlobServer> m_blobServer;
    DevnetServer::Limits m_controlLimits; // the configured caps, fitted to the descriptor limit
    BlobServer::Limits m_blobLimits;
    QString m_summary;
    QString m_host;
    bool m_secure = false;
};

} // namespace idleforge::devnet
