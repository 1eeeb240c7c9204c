#pragma once
// The devnet's control endpoint: a QWebSocketServer on a loopback (or configured) address.
// On connect it sends a signed `hello`; every text message then goes through one shared
// EnvelopeVerifier (so a nonce replayed on another connection is still a replay) and, if it
// passes, to the Coordinator; the reply is signed with the coordinator key.
//
// Refusals (forged, replayed, stale, oversized, malformed, unknown version) are answered with
// a signed `error` naming the reason, logged (idleforge.devnet) and recorded in the events
// table. A connection that sends kMaxRefusals bad messages is closed. Frames above
// 4 x kMaxMessageBytes are cut off by Qt itself (close code 1009) before we could answer.
//
// TLS (wss://) once useTls() is given a server configuration (protocol/Tls.h), before listen().
#include "base/Clock.h"
#include "protocol/EnvelopeVerifier.h"

#include <QHostAddress>
#include <QObject>
#include <QHash>
#include <QMap>
#include <QSslConfiguration>

class QWebSocket;
class QWebSocketServer;
class QTimer;

namespace idleforge::devnet {

class Coordinator;

class DevnetServer : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxRefusals = 32;

    DevnetServer(Coordinator &coordinator, const crypto::Ed25519KeyPair &key, const Clock &clock = Clock::instance(),
                 QObject *parent = nullptr);
    ~DevnetServer() override;

    // Serve wss:// with this certificate and key; call before listen().
    void useTls(const QSslConfiguration &configuration);
    bool secure() const;
    // port 0 picks a free one; see port().
    Result<void> listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    int connectionCount() const { return int(m_refusals.size()); }
    qint64 refusedCount() const { return m_refusedTotal; }
    qint64 pushedCount() const { return m_pushed; }

    // Every text frame in and out since start, by message type ("?" for one that failed to
    // parse): what the task-life benchmark counts.
    struct Traffic {
        qint64 framesIn = 0, framesOut = 0, bytesIn = 0, bytesOut = 0;
        QMap<QString, QPair<qint64, qint64>> byType; // type -> (frames, bytes), both directions
    };
    const Traffic &traffic() const { return m_traffic; }

    void setSweepInterval(int ms); // lease expiry sweep, default 1000 ms

Q_SIGNALS:
    void refused(const idleforge::Error &error);

private:
    void watch(QWebSocketServer *server);
    void onNewConnection();
    void onText(QWebSocket *socket, const QString &text);
    void sendSigned(QWebSocket *socket, const QString &type, const QJsonObject &body);
    void refuse(QWebSocket *socket, const Error &error, const QString &re, const QString &from);
    void deliverPushes();

    Coordinator &m_coordinator;
    protocol::Signer m_signer;
    const Clock &m_clock;
    protocol::EnvelopeVerifier m_verifier;
    QWebSocketServer *m_server;
    QTimer *m_sweep;
    QHash<QWebSocket *, int> m_refusals;
    QHash<QString, QWebSocket *> m_nodes;   // node id -> its latest connection (pushes go there)
    QHash<QWebSocket *, QString> m_nodeOf;
    qint64 m_refusedTotal = 0;
    Traffic m_traffic;
    qint64 m_pushed = 0;
};

} // namespace idleforge::devnet
