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
// Bounds (Limits): connections in total and per peer address (one over either is closed at
// once, 1008); a connection that has not sent one correctly signed message within the
// registration deadline is closed (1008); refusals spend tokens of a per-address bucket that
// survives reconnects (an empty bucket closes the connection; those refusals are counted, not
// answered or written); refusal rows and log lines spend a shared bucket (beyond it they are
// counted and summed up in one line per sweep). When accept() fails and Qt says so, the server
// pauses accepting for acceptPauseMs; Qt 6.4 does not say so for EMFILE (it spins), which is why
// DevnetApp fits the caps into the descriptor limit (platform/Descriptors.h).
//
// Framing (ClientFrameGuard): the server listens itself and hands each socket to
// QWebSocketServer::handleConnection() behind a guard that closes a connection sending an
// unmasked frame (1002) or a frame over 4 x kMaxMessageBytes (1009, before it is buffered), and
// cuts an opening handshake that is too long, too slow or followed by data before our answer.
// Sockets still in their opening handshake count against the same caps (total and per address).
//
// TLS (wss://) once useTls() is given a server configuration (protocol/Tls.h), before listen().
#include "base/BuildFeatures.h"
#include "base/Clock.h"
#include "devnet/AddressLimiter.h"
#include "protocol/EnvelopeVerifier.h"

#include <QHostAddress>
#include <QObject>
#include <QHash>
#include <QMap>
#include <QSslConfiguration>

#include <functional>

class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;
class QTimer;

namespace idleforge::devnet {

class ClientFrameGuard;
class Coordinator;

class DevnetServer : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxRefusals = 32;

    struct Limits {
        int maxConnections = 1024;
        int maxPerAddress = 32;
        int registrationDeadlineMs = 10'000;
        double refusalBurst = kMaxRefusals; // per address, across reconnects
        double refusalsPerSecond = 1.0;
        double recordBurst = 64; // refusal rows + log lines, all peers together
        double recordsPerSecond = 4.0;
        int acceptPauseMs = 1000;
    };

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
    // Refusals past the record bucket: neither written to the events table nor logged.
    qint64 unrecordedRefusals() const { return m_unrecordedTotal; }
    // Connections closed at once for a cap, or for missing the registration deadline.
    qint64 rejectedConnections() const { return m_rejected; }
    qint64 unregisteredClosed() const { return m_unregisteredClosed; }
    qint64 acceptPauses() const { return m_acceptPauses; }
    // Connections the frame guard closed (unmasked or oversized frame, bad opening handshake).
    qint64 framingClosed() const { return m_framingClosed; }
    void setLimits(const Limits &limits);
    const Limits &limits() const { return m_limits; }
    qint64 pushedCount() const { return m_pushed; }
    // Whether `nodeId` (a base58 key) has sent a correctly signed message on a connection that
    // is still open: the blob server admits its uploads (DevnetApp).
    bool hasLiveSession(const QString &nodeId) const { return m_nodes.contains(nodeId); }

    // Every text frame in and out since start, by message type ("?" for one that failed to
    // parse): what the task-life benchmark counts.
    struct Traffic {
        qint64 framesIn = 0, framesOut = 0, bytesIn = 0, bytesOut = 0;
        QMap<QString, QPair<qint64, qint64>> byType; // type -> (frames, bytes), both directions
    };
    const Traffic &traffic() const { return m_traffic; }

    void setSweepInterval(int ms); // lease expiry sweep, default 1000 ms

#ifdef IDLEFORGE_FAULT_INJECTION
    // Test builds only: the replies to the next `count` requests of `type` are lost on the way
    // back (the request is handled and stored as usual), as when a connection drops one reply.
    void loseRepliesForTesting(const QString &type, int count) { m_loseReplies.insert(type, count); }
    qint64 lostReplies() const { return m_lostReplies; }
    // Test builds only: a hostile coordinator. Every reply to a request of `type` passes through
    // `rewrite` before it is signed (an empty function stops it); pushForTesting signs and sends
    // anything to `node`'s live connection (false without one).
    using ReplyRewrite = std::function<void(QString &type, QJsonObject &body)>;
    void rewriteRepliesForTesting(const QString &type, ReplyRewrite rewrite) { m_rewrites.insert(type, std::move(rewrite)); }
    bool pushForTesting(const QString &node, const QString &type, const QJsonObject &body);
#endif

Q_SIGNALS:
    void refused(const idleforge::Error &error);

private:
    void watch();
    void onTcpConnection();
    void guard(QTcpSocket *socket);
    void onNewConnection();
    void onText(QWebSocket *socket, const QString &text);
    void sendSigned(QWebSocket *socket, const QString &type, const QJsonObject &body);
    void refuse(QWebSocket *socket, const Error &error, const QString &re, const QString &from);
    void deliverPushes();
    bool admit(QWebSocket *socket);
    void onAcceptError();
    void record(const Error &error, const QString &peer, const QString &from);

    Coordinator &m_coordinator;
    protocol::Signer m_signer;
    const Clock &m_clock;
    protocol::EnvelopeVerifier m_verifier;
    QTcpServer *m_listener;      // accepts (a QSslServer once useTls())
    QWebSocketServer *m_server;  // never listens: upgrades what m_listener hands it
    QHash<QString, ClientFrameGuard *> m_guards; // "address|port" -> the guard of a live socket
    QHash<QString, int> m_handshaking;           // peer address -> sockets not upgraded yet
    int m_handshakingTotal = 0;
    QTimer *m_sweep;
    QHash<QWebSocket *, int> m_refusals;
    QHash<QString, QWebSocket *> m_nodes;   // node id -> its latest connection (pushes go there)
    QHash<QWebSocket *, QString> m_nodeOf;
    qint64 m_refusedTotal = 0;
    Traffic m_traffic;
    qint64 m_pushed = 0;
#ifdef IDLEFORGE_FAULT_INJECTION
    QHash<QString, int> m_loseReplies;
    qint64 m_lostReplies = 0;
    QHash<QString, ReplyRewrite> m_rewrites;
#endif
    Limits m_limits;
    AddressLimiter m_refusalLimiter;
    AddressLimiter m_recordLimiter;
    QHash<QString, int> m_perAddress; // peer address -> open connections
    qint64 m_unrecordedTotal = 0, m_unrecordedSinceSweep = 0;
    qint64 m_rejected = 0, m_unregisteredClosed = 0, m_acceptPauses = 0, m_framingClosed = 0;
};

} // namespace idleforge::devnet
