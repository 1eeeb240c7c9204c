#include "protocol/Channel.h"

#include "protocol/BodyFields.h"
#include "protocol/Log.h"
#include "protocol/Messages.h"
#include "protocol/Tls.h"

#include <QTimer>
#include <QWebSocket>

#include <utility>

namespace idleforge::protocol {

Channel::Channel(Signer signer, std::optional<crypto::PublicKey> pinnedCoordinator, const Clock &clock, QObject *parent)
    : QObject(parent), m_signer(std::move(signer)), m_clock(clock),
      m_verifier(EnvelopeVerifier::Options{.pinnedSender = pinnedCoordinator}, clock)
{
}

Channel::~Channel()
{
    // Handlers may touch their owners; they must not run from a destructor.
    for (auto &p : m_pending)
        delete p.timer;
    m_pending.clear();
}

void Channel::open(const QUrl &url)
{
    close();
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    // Qt's own hard stop sits well above our limit, so an oversized reply is refused by us
    // (with a reason in the log) rather than by a silent close.
    m_socket->setMaxAllowedIncomingMessageSize(quint64(kMaxMessageBytes) * 4);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &Channel::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &) {
        Q_EMIT refused(makeError("protocol.binary", QStringLiteral("binary frames are not part of the protocol")));
    });
    QWebSocket *socket = m_socket;
    m_tlsError.clear();
    if (usesTls(url))
        m_socket->setSslConfiguration(m_tls.value_or(clientTlsConfiguration()));
    connect(m_socket, &QWebSocket::sslErrors, this, [this, socket, url](const QList<QSslError> &errors) {
        if (socket != m_socket)
            return;
        // Not ignored: the handshake fails and `disconnected` follows with this as the reason.
        m_tlsError = describeSslErrors(errors);
        qCWarning(lcProtocol).noquote() << "TLS: not trusting" << url.toString() << "-" << m_tlsError;
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this, socket] {
        if (socket != m_socket)
            return;
        QString reason = socket->closeReason().isEmpty() ? socket->errorString() : socket->closeReason();
        if (!m_tlsError.isEmpty())
            reason = QStringLiteral("TLS certificate refused: %1").arg(m_tlsError);
        m_socket->deleteLater();
        m_socket = nullptr;
        m_open = false;
        failAllPending(makeError("protocol.disconnected", QStringLiteral("connection closed: %1").arg(reason)));
        Q_EMIT closed(reason);
    });
    m_socket->open(url);
}

void Channel::close()
{
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    m_open = false;
    socket->disconnect(this);
    socket->close();
    socket->deleteLater();
    failAllPending(makeError("protocol.disconnected", QStringLiteral("connection closed by this side")));
}

Result<QString> Channel::send(const QString &type, const QJsonObject &body)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return makeError("protocol.not_connected", QStringLiteral("not connected to the coordinator"));
    auto e = signEnvelope(type, body, m_signer, m_clock.msecsSinceEpoch());
    if (!e)
        return e.error();
    const QByteArray wire = e->toWire();
    m_bytesSent += wire.size();
    m_socket->sendTextMessage(QString::fromUtf8(wire));
    return e->nonce;
}

void Channel::sendRaw(const QByteArray &bytes)
{
    if (!m_socket)
        return;
    m_bytesSent += bytes.size();
    m_socket->sendTextMessage(QString::fromUtf8(bytes));
}

void Channel::request(const QString &type, const QJsonObject &body, ReplyHandler done, int timeoutMs)
{
    auto nonce = send(type, body);
    if (!nonce) {
        // Always answer from the event loop, never inside the call.
        QTimer::singleShot(0, this, [done = std::move(done), error = nonce.error()] { done(error); });
        return;
    }
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    const QString key = *nonce;
    connect(timer, &QTimer::timeout, this, [this, key, timeoutMs] {
        auto it = m_pending.find(key);
        if (it == m_pending.end())
            return;
        Pending p = *it;
        m_pending.erase(it);
        p.timer->deleteLater();
        p.done(makeError("protocol.timeout", QStringLiteral("no reply within %1 ms").arg(timeoutMs)));
    });
    m_pending.insert(key, Pending{std::move(done), timer});
    timer->start(timeoutMs);
}

void Channel::failAllPending(const Error &error)
{
    const auto pending = std::exchange(m_pending, {});
    for (const Pending &p : pending) {
        p.timer->deleteLater();
        p.done(error);
    }
}

void Channel::onText(const QString &text)
{
    const QByteArray wire = text.toUtf8();
    m_bytesReceived += wire.size();
    auto e = m_verifier.verify(wire);
    if (!e) {
        qCWarning(lcProtocol).noquote() << "refused a message from the coordinator:" << e.error().toString();
        Q_EMIT refused(e.error());
        return;
    }
    if (!m_verifier.options().pinnedSender)
        m_verifier.pin(e->fromKey); // trust on first use (see the header)
    if (e->type == msg::kHello) {
        m_hello = e->body;
        m_open = true;
        Q_EMIT opened();
        return;
    }
    const QString re = e->body.value(field::kRe).toString();
    auto it = re.isEmpty() ? m_pending.end() : m_pending.find(re);
    if (it == m_pending.end()) {
        Q_EMIT received(*e);
        return;
    }
    Pending p = *it;
    m_pending.erase(it);
    p.timer->stop();
    p.timer->deleteLater();
    if (e->type == msg::kError)
        p.done(msg::errorFromBody(e->body));
    else
        p.done(std::move(e));
}

} // namespace idleforge::protocol
