#include "devnet/DevnetServer.h"

#include "devnet/ClientFrameGuard.h"
#include "devnet/Coordinator.h"
#include "devnet/Listen.h"
#include "devnet/Log.h"
#include "protocol/Messages.h"

#include <QJsonDocument>
#include <QSslServer>
#include <QTcpServer>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

namespace idleforge::devnet {

DevnetServer::DevnetServer(Coordinator &coordinator, const crypto::Ed25519KeyPair &key, const Clock &clock, QObject *parent)
    : QObject(parent), m_coordinator(coordinator), m_signer(protocol::Signer::of(key)), m_clock(clock),
      m_verifier(clock),
      m_listener(new QTcpServer(this)),
      m_server(new QWebSocketServer(QStringLiteral("idleforge-devnet"), QWebSocketServer::NonSecureMode, this)),
      m_sweep(new QTimer(this)), m_refusalLimiter(m_limits.refusalBurst, m_limits.refusalsPerSecond),
      m_recordLimiter(m_limits.recordBurst, m_limits.recordsPerSecond, 1)
{
    connect(m_server, &QWebSocketServer::newConnection, this, &DevnetServer::onNewConnection);
    watch();
    connect(m_sweep, &QTimer::timeout, this, [this] {
        if (auto r = m_coordinator.sweep(); !r)
            qCWarning(lcDevnet).noquote() << "lease sweep failed:" << r.error().toString();
        deliverPushes();
        const qint64 now = m_clock.msecsSinceEpoch();
        m_refusalLimiter.prune(now);
        if (m_unrecordedSinceSweep > 0) {
            qCWarning(lcDevnet).noquote() << m_unrecordedSinceSweep << "more refusals not logged or recorded (rate limit)";
            m_unrecordedSinceSweep = 0;
        }
    });
    m_sweep->start(1000);
}

DevnetServer::~DevnetServer() = default;

void DevnetServer::watch()
{
    onQueuedConnection(m_listener, this, &DevnetServer::onTcpConnection);
    connect(m_listener, &QTcpServer::acceptError, this, &DevnetServer::onAcceptError);
}

namespace {
QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char('|') + QString::number(port);
}
} // namespace

void DevnetServer::onTcpConnection()
{
    while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
        const QString address = socket->peerAddress().toString();
        // Sockets still in their opening handshake count against the caps too, so a crowd of
        // half-open handshakes cannot get past them.
        if (m_refusals.size() + m_handshakingTotal >= m_limits.maxConnections ||
            m_perAddress.value(address) + m_handshaking.value(address) >= m_limits.maxPerAddress) {
            ++m_rejected;
            socket->abort();
            socket->deleteLater();
            continue;
        }
        guard(socket);
        m_server->handleConnection(socket); // after the guard, so its readyRead slot runs first
    }
}

void DevnetServer::guard(QTcpSocket *socket)
{
    const QString address = socket->peerAddress().toString();
    const QString key = peerKey(socket->peerAddress(), socket->peerPort());
    ClientFrameGuard::Limits limits;
    limits.maxPayloadBytes = quint64(protocol::kMaxMessageBytes) * 4;
    limits.handshakeDeadlineMs = m_limits.registrationDeadlineMs;
    auto *g = new ClientFrameGuard(socket, limits);
    m_guards.insert(key, g);
    ++m_handshakingTotal;
    m_handshaking[address] += 1;
    connect(g, &ClientFrameGuard::handshakeOver, this, [this, address] {
        --m_handshakingTotal;
        if (--m_handshaking[address] <= 0)
            m_handshaking.remove(address);
    });
    connect(g, &ClientFrameGuard::breached, this, [this] { ++m_framingClosed; });
    connect(g, &QObject::destroyed, this, [this, key, g] {
        if (m_guards.value(key) == g)
            m_guards.remove(key);
    });
}

void DevnetServer::setLimits(const Limits &limits)
{
    m_limits = limits;
    m_refusalLimiter = AddressLimiter(limits.refusalBurst, limits.refusalsPerSecond);
    m_recordLimiter = AddressLimiter(limits.recordBurst, limits.recordsPerSecond, 1);
}

void DevnetServer::onAcceptError()
{
    // Out of descriptors (EMFILE/ENFILE): the listener stays readable, so accepting again at
    // once would spin. Pause, and try again later.
    ++m_acceptPauses;
    qCWarning(lcDevnet).noquote() << "control connection not accepted:" << m_listener->errorString() << "- pausing"
                                  << m_limits.acceptPauseMs << "ms";
    m_listener->pauseAccepting();
    QTimer::singleShot(m_limits.acceptPauseMs, this, [this] { m_listener->resumeAccepting(); });
}

bool DevnetServer::admit(QWebSocket *socket)
{
    const QString address = socket->peerAddress().toString();
    if (m_refusals.size() >= m_limits.maxConnections || m_perAddress.value(address) >= m_limits.maxPerAddress) {
        ++m_rejected;
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many connections"));
        socket->deleteLater();
        return false;
    }
    m_perAddress[address] += 1;
    // Closed unless it sends one correctly signed message in time.
    QTimer::singleShot(m_limits.registrationDeadlineMs, socket, [this, socket] {
        if (!m_nodeOf.contains(socket) && socket->state() == QAbstractSocket::ConnectedState) {
            ++m_unregisteredClosed;
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("no signed message in time"));
        }
    });
    return true;
}

void DevnetServer::useTls(const QSslConfiguration &configuration)
{
    Q_ASSERT(!m_listener->isListening());
    delete m_listener;
    m_listener = newTlsListener(configuration, QStringLiteral("a client"), this);
    watch();
    // The upgrade reads wss:// requests (only the request URL's scheme depends on the mode).
    delete m_server;
    m_server = new QWebSocketServer(QStringLiteral("idleforge-devnet"), QWebSocketServer::SecureMode, this);
    connect(m_server, &QWebSocketServer::newConnection, this, &DevnetServer::onNewConnection);
}

bool DevnetServer::secure() const
{
    return m_server->secureMode() == QWebSocketServer::SecureMode;
}

void DevnetServer::setSweepInterval(int ms)
{
    m_sweep->start(ms);
}

Result<void> DevnetServer::listen(const QHostAddress &address, quint16 port)
{
    // A client stuck in the TLS or the opening handshake is cut after the registration deadline
    // too (the TLS one by QSslServer, the WebSocket one by its ClientFrameGuard).
    if (auto *tls = qobject_cast<QSslServer *>(m_listener))
        tls->setHandshakeTimeout(m_limits.registrationDeadlineMs);
    m_listener->setMaxPendingConnections(m_limits.maxConnections);
    m_server->setMaxPendingConnections(m_limits.maxConnections);
    return listenOn(m_listener, address, port, QStringLiteral("control server"));
}

quint16 DevnetServer::port() const
{
    return m_listener->serverPort();
}

void DevnetServer::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        if (ClientFrameGuard *g = m_guards.value(peerKey(socket->peerAddress(), socket->peerPort())))
            g->upgraded();
        if (!admit(socket))
            continue;
        socket->setMaxAllowedIncomingMessageSize(quint64(protocol::kMaxMessageBytes) * 4);
        socket->setMaxAllowedIncomingFrameSize(quint64(protocol::kMaxMessageBytes) * 4);
        m_refusals.insert(socket, 0);
        connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &t) { onText(socket, t); });
        connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &) {
            refuse(socket, makeError("protocol.binary", QStringLiteral("binary frames are not part of the protocol")),
                   QString(), QString());
        });
        connect(socket, &QWebSocket::disconnected, this, [this, socket, address = socket->peerAddress().toString()] {
            if (m_refusals.remove(socket) && --m_perAddress[address] <= 0)
                m_perAddress.remove(address);
            const QString node = m_nodeOf.take(socket);
            if (!node.isEmpty() && m_nodes.value(node) == socket) {
                m_nodes.remove(node);
                m_coordinator.setOnline(node, false);
            }
            socket->deleteLater();
        });
        sendSigned(socket, protocol::msg::kHello, m_coordinator.helloBody());
    }
}

void DevnetServer::sendSigned(QWebSocket *socket, const QString &type, const QJsonObject &body)
{
    auto e = protocol::signEnvelope(type, body, m_signer, m_clock.msecsSinceEpoch());
    if (!e) {
        // Only a bug of ours can get here (a fractional number in a reply).
        qCCritical(lcDevnet).noquote() << "cannot sign a" << type << "reply:" << e.error().toString();
        return;
    }
    const QByteArray wire = e->toWire();
    m_traffic.framesOut += 1;
    m_traffic.bytesOut += wire.size();
    auto &t = m_traffic.byType[type];
    t.first += 1;
    t.second += wire.size();
    socket->sendTextMessage(QString::fromUtf8(wire));
}

void DevnetServer::record(const Error &error, const QString &peer, const QString &from)
{
    if (!m_recordLimiter.take(QString(), m_clock.msecsSinceEpoch())) {
        ++m_unrecordedTotal;
        ++m_unrecordedSinceSweep;
        return;
    }
    qCWarning(lcDevnet).noquote() << "refused a message from" << peer << (from.isEmpty() ? QString() : from) << "-"
                                  << error.toString();
    if (auto r = m_coordinator.store().logEvent(QStringLiteral("refused"), from,
                                                error.code + QStringLiteral(" ") + peer + QStringLiteral(": ") + error.message,
                                                m_clock.msecsSinceEpoch());
        !r)
        qCWarning(lcDevnet).noquote() << "cannot record the refusal:" << r.error().toString();
}

void DevnetServer::refuse(QWebSocket *socket, const Error &error, const QString &re, const QString &from)
{
    ++m_refusedTotal;
    if (!m_refusals.contains(socket) || socket->state() != QAbstractSocket::ConnectedState) {
        ++m_unrecordedTotal; // already being closed: count only
        return;
    }
    const QString address = socket->peerAddress().toString();
    const QString peer = address + QLatin1Char(':') + QString::number(socket->peerPort());
    if (!m_refusalLimiter.take(address, m_clock.msecsSinceEpoch())) {
        // This address has used up its refusals (reconnecting does not refill them).
        ++m_unrecordedTotal;
        ++m_unrecordedSinceSweep;
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many refused messages"));
        return;
    }
    record(error, peer, from);
    Q_EMIT refused(error);
    sendSigned(socket, protocol::msg::kError, protocol::msg::errorBody(error, re));
    if (++m_refusals[socket] >= kMaxRefusals)
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many refused messages"));
}

void DevnetServer::onText(QWebSocket *socket, const QString &text)
{
    const QByteArray wire = text.toUtf8();
    auto e = m_verifier.verify(wire);
    m_traffic.framesIn += 1;
    m_traffic.bytesIn += wire.size();
    auto &t = m_traffic.byType[e ? e->type : QStringLiteral("?")];
    t.first += 1;
    t.second += wire.size();
    if (!e) {
        // Name the refused nonce when the envelope could at least be parsed.
        QString re, from;
        if (auto parsed = protocol::Envelope::parse(wire); parsed) {
            re = parsed->nonce;
            from = parsed->from;
        }
        refuse(socket, e.error(), re, e.error().code == QLatin1String("protocol.bad_signature") ? QString() : from);
        return;
    }
    // A correctly signed message binds its sender to this connection: pushes for that node go
    // here from now on (a reconnect replaces the old connection).
    if (m_nodeOf.value(socket) != e->from) {
        m_nodeOf.insert(socket, e->from);
        m_nodes.insert(e->from, socket);
        m_coordinator.setOnline(e->from, true);
    }
    Coordinator::Reply reply = m_coordinator.handle(*e);
#ifdef IDLEFORGE_FAULT_INJECTION
    if (const ReplyRewrite rewrite = m_rewrites.value(e->type))
        rewrite(reply.type, reply.body);
    if (auto lose = m_loseReplies.find(e->type); lose != m_loseReplies.end() && *lose > 0) {
        --*lose;
        ++m_lostReplies;
        qCInfo(lcDevnet).noquote() << "test fault: the reply to" << e->type << "from" << e->from << "is lost";
        deliverPushes();
        return;
    }
#endif
    sendSigned(socket, reply.type, reply.body);
    deliverPushes();
}

#ifdef IDLEFORGE_FAULT_INJECTION
bool DevnetServer::pushForTesting(const QString &node, const QString &type, const QJsonObject &body)
{
    QWebSocket *socket = m_nodes.value(node);
    if (!socket)
        return false;
    sendSigned(socket, type, body);
    return true;
}
#endif

void DevnetServer::deliverPushes()
{
    for (const Coordinator::Push &p : m_coordinator.takePushes()) {
        QWebSocket *socket = m_nodes.value(p.node);
        if (!socket) {
            // Receipts and assignments are re-sent when the node registers again.
            qCDebug(lcDevnet).noquote() << "no connection to" << p.node << "for" << p.type;
            continue;
        }
        ++m_pushed;
        sendSigned(socket, p.type, p.body);
    }
}

} // namespace idleforge::devnet
