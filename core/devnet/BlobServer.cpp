#include "devnet/BlobServer.h"

#include "devnet/BlobRequest.h"
#include "devnet/BlobTransfer.h"
#include "devnet/BlobUpload.h"
#include "devnet/Listen.h"
#include "devnet/Log.h"

#include <QDir>
#include <QFile>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace idleforge::devnet {

BlobServer::BlobServer(QString dir, QObject *parent)
    : QObject(parent), m_dir(std::move(dir)), m_server(new QTcpServer(this)), m_quota(std::make_unique<UploadQuota>())
{
    watch();
}

BlobServer::~BlobServer()
{
    // The sockets go after this object's members: their `destroyed` must not count down then.
    for (QTcpSocket *socket : findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly))
        disconnect(socket, nullptr, this, nullptr);
}

void BlobServer::setLimits(const Limits &limits)
{
    m_limits = limits;
    m_server->setMaxPendingConnections(limits.maxConnections);
}

void BlobServer::watch()
{
    onQueuedConnection(m_server, this, &BlobServer::onConnection);
}

void BlobServer::useTls(const QSslConfiguration &configuration)
{
    Q_ASSERT(!m_server->isListening());
    delete m_server;
    QSslServer *server = newTlsListener(configuration, QStringLiteral("a blob client"), this);
    connect(server, &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
        qCDebug(lcDevnet).noquote() << "blob connection failed before its request:" << socket->errorString();
    });
    m_server = server;
    m_secure = true;
    watch();
}

Result<void> BlobServer::listen(const QHostAddress &address, quint16 port)
{
    return listenOn(m_server, address, port, QStringLiteral("blob server"));
}

quint16 BlobServer::port() const
{
    return m_server->serverPort();
}

void BlobServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (!admit(socket))
            continue;
        // Only the request head is bounded by this; a body has its TransferWatch instead, so a
        // large blob on a slow link is not cut off while it still moves.
        auto *headTimer = new QTimer(socket);
        headTimer->setObjectName(QStringLiteral("headTimer"));
        headTimer->setSingleShot(true);
        connect(headTimer, &QTimer::timeout, socket, &QTcpSocket::abort);
        headTimer->start(m_limits.headTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readHead(socket); });
        // A TLS socket may hold request bytes that arrived with the end of its handshake.
        if (socket->bytesAvailable() > 0)
            readHead(socket);
    }
}

bool BlobServer::admit(QTcpSocket *socket)
{
    const QString address = socket->peerAddress().toString();
    if (m_connections >= m_limits.maxConnections || m_perAddress.value(address) >= m_limits.maxPerAddress) {
        ++m_rejected;
        qCDebug(lcDevnet).noquote() << "blob connection from" << address << "refused: too many connections";
        respond(socket, 503, "Service Unavailable", "too many connections; try again later\n");
        return false;
    }
    ++m_connections;
    m_perAddress[address] += 1;
    // Counted until the socket object goes (abort, close or server shutdown alike).
    connect(socket, &QObject::destroyed, this, [this, address] {
        --m_connections;
        if (--m_perAddress[address] <= 0)
            m_perAddress.remove(address);
    });
    return true;
}

void BlobServer::readHead(QTcpSocket *socket)
{
    if (socket->property("answered").toBool()) {
        // Bytes past an answered head are the upload's to read; anything else is dropped
        // rather than left to pile up in the socket's buffer.
        if (!socket->property("uploading").toBool())
            socket->readAll();
        return;
    }
    const QByteArray received = socket->property("head").toByteArray() + socket->readAll();
    const HeadSplit split = splitRequestHead(received);
    if (split.state == HeadSplit::State::Incomplete) {
        socket->setProperty("head", received);
        return;
    }
    socket->setProperty("answered", true);
    socket->setProperty("head", QVariant());
    if (auto *timer = socket->findChild<QTimer *>(QStringLiteral("headTimer"), Qt::FindDirectChildrenOnly))
        timer->stop();
    if (split.state == HeadSplit::State::TooLarge)
        respond(socket, 431, "Request Header Fields Too Large");
    else
        answer(socket, split.head, split.rest);
}

void BlobServer::answer(QTcpSocket *socket, const QByteArray &head, const QByteArray &rest)
{
    const BlobRequest request = parseBlobRequest(head);
    if (request.status != 0)
        return respond(socket, request.status, request.reason, request.text);
    if (request.put)
        return acceptUpload(socket, request, head, rest);
    auto *file = new QFile(QDir(m_dir).filePath(QString::fromLatin1(request.hashHex)), socket);
    if (!file->open(QIODevice::ReadOnly))
        return respond(socket, 404, "Not Found");
    ++m_served;
    m_bytesServed += file->size();
    new BlobDownload(socket, file, *this, request.hashHex);
}

void BlobServer::respond(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &body,
                         const QByteArray &contentType)
{
    const QByteArray text = body.isEmpty() ? reason + '\n' : body;
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + contentType +
                  "\r\nContent-Length: " + QByteArray::number(text.size()) + "\r\nConnection: close\r\n\r\n" + text);
    socket->disconnectFromHost();
}

} // namespace idleforge::devnet
