#include "devnet/DevnetServer.h"

#include "devnet/Coordinator.h"
#include "devnet/Log.h"
#include "protocol/Messages.h"

#include <QJsonDocument>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

namespace idleforge::devnet {

DevnetServer::DevnetServer(Coordinator &coordinator, const crypto::Ed25519KeyPair &key, const Clock &clock, QObject *parent)
    : QObject(parent), m_coordinator(coordinator), m_signer(protocol::Signer::of(key)), m_clock(clock),
      m_verifier(clock),
      m_server(new QWebSocketServer(QStringLiteral("idleforge-devnet"), QWebSocketServer::NonSecureMode, this)),
      m_sweep(new QTimer(this)), m_refusalLimiter(m_limits.refusalBurst, m_limits.refusalsPerSecond),
      m_recordLimiter(m_limits.recordBurst, m_limits.recordsPerSecond, 1)
{
    watch(m_server);
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

void DevnetServer::watch(QWebSocketServer *server)
{
    connect(server, &QWebSocketServer::newConnection, this, &DevnetServer::onNewConnection);
    // A client that does not trust our certificate ends the handshake with an alert; a plain
    // ws:// client fails it. Neither reaches onNewConnection; this says why in the log.
    connect(server, &QWebSocketServer::alertReceived, this,
            [](QSsl::AlertLevel level, QSsl::AlertType, const QString &description) {
                if (level == QSsl::AlertLevel::Fatal)
                    qCInfo(lcDevnet).noquote() << "TLS: a client ended the handshake:" << description;
            });
    connect(server, &QWebSocketServer::acceptError, this, &DevnetServer::onAcceptError);
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
    qCWarning(lcDevnet).noquote() << "control connection not accepted:" << m_server->errorString() << "- pausing"
                                  << m_limits.acceptPauseMs << "ms";
    m_server->pauseAccepting();
    QTimer::singleShot(m_limits.acceptPauseMs, this, [this] { m_server->resumeAccepting(); });
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
    Q_ASSERT(!m_server->isListening());
    delete m_server;
    m_server = new QWebSocketServer(QStringLiteral("idleforge-devnet"), QWebSocketServer::SecureMode, this);
    m_server->setSslConfiguration(configuration);
    watch(m_server);
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
    // A client stuck in the opening handshake is cut after the registration deadline too.
    m_server->setHandshakeTimeout(m_limits.registrationDeadlineMs);
    m_server->setMaxPendingConnections(m_limits.maxConnections);
    if (!m_server->listen(address, port))
        return makeError("devnet.listen", QStringLiteral("cannot listen on %1:%2: %3")
                                              .arg(address.toString())
                                              .arg(port)
                                              .arg(m_server->errorString()));
    return {};
}

quint16 DevnetServer::port() const
{
    return m_server->serverPort();
}

void DevnetServer::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        if (!admit(socket))
            continue;
        socket->setMaxAllowedIncomingMessageSize(quint64(protocol::kMaxMessageBytes) * 4);
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
    const Coordinator::Reply reply = m_coordinator.handle(*e);
    sendSigned(socket, reply.type, reply.body);
    deliverPushes();
}

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
