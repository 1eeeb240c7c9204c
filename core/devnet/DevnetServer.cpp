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
      m_sweep(new QTimer(this))
{
    watch(m_server);
    connect(m_sweep, &QTimer::timeout, this, [this] {
        if (auto r = m_coordinator.sweep(); !r)
            qCWarning(lcDevnet).noquote() << "lease sweep failed:" << r.error().toString();
        deliverPushes();
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
    connect(server, &QWebSocketServer::acceptError, this, [server](QAbstractSocket::SocketError) {
        qCDebug(lcDevnet).noquote() << "control connection not accepted:" << server->errorString();
    });
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
        socket->setMaxAllowedIncomingMessageSize(quint64(protocol::kMaxMessageBytes) * 4);
        m_refusals.insert(socket, 0);
        connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &t) { onText(socket, t); });
        connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &) {
            refuse(socket, makeError("protocol.binary", QStringLiteral("binary frames are not part of the protocol")),
                   QString(), QString());
        });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            m_refusals.remove(socket);
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

void DevnetServer::refuse(QWebSocket *socket, const Error &error, const QString &re, const QString &from)
{
    ++m_refusedTotal;
    const QString peer = socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
    qCWarning(lcDevnet).noquote() << "refused a message from" << peer << (from.isEmpty() ? QString() : from) << "-"
                                  << error.toString();
    if (auto r = m_coordinator.store().logEvent(QStringLiteral("refused"), from,
                                                error.code + QStringLiteral(" ") + peer + QStringLiteral(": ") + error.message,
                                                m_clock.msecsSinceEpoch());
        !r)
        qCWarning(lcDevnet).noquote() << "cannot record the refusal:" << r.error().toString();
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
