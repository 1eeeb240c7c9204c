#include "devnet/BlobServer.h"

#include "crypto/Blake2b.h"
#include "devnet/Log.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace idleforge::devnet {

namespace {
constexpr qsizetype kMaxHead = 8 * 1024;
constexpr qint64 kChunk = 1 << 20;
} // namespace

BlobServer::BlobServer(QString dir, QObject *parent) : QObject(parent), m_dir(std::move(dir)), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &BlobServer::onConnection);
}

Result<void> BlobServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server->listen(address, port))
        return makeError("devnet.listen", QStringLiteral("blob server cannot listen on %1:%2: %3")
                                              .arg(address.toString())
                                              .arg(port)
                                              .arg(m_server->errorString()));
    return {};
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
        // A client that never finishes its request head is dropped.
        QTimer::singleShot(30'000, socket, [socket] { socket->abort(); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            if (socket->property("answered").toBool())
                return;
            QByteArray head = socket->property("head").toByteArray() + socket->readAll();
            const qsizetype end = head.indexOf("\r\n\r\n");
            if (end < 0 && head.size() <= kMaxHead) {
                socket->setProperty("head", head);
                return;
            }
            socket->setProperty("answered", true);
            if (end < 0 || end > kMaxHead)
                respond(socket, 431, "Request Header Fields Too Large");
            else
                answer(socket, head.left(end));
        });
    }
}

void BlobServer::answer(QTcpSocket *socket, const QByteArray &head)
{
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n") < 0 ? head.size() : head.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return respond(socket, 400, "Bad Request");
    if (requestLine[0] != "GET")
        return respond(socket, 405, "Method Not Allowed");
    const QByteArray path = requestLine[1];
    if (!path.startsWith("/blobs/"))
        return respond(socket, 404, "Not Found");
    const auto hash = crypto::hashFromHex(path.mid(7).toStdString());
    if (!hash || path.mid(7) != QByteArray::fromStdString(crypto::toHex(*hash)))
        return respond(socket, 400, "Bad Request", "a blob is named by 64 lower-case hex digits\n");
    auto *file = new QFile(QDir(m_dir).filePath(QString::fromLatin1(path.mid(7))), socket);
    if (!file->open(QIODevice::ReadOnly))
        return respond(socket, 404, "Not Found");
    ++m_served;
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                  QByteArray::number(file->size()) + "\r\nConnection: close\r\n\r\n");
    // Stream in chunks as the socket drains, so a large checkpoint never sits in memory whole.
    auto pump = [socket, file] {
        while (socket->bytesToWrite() < 4 * kChunk && !file->atEnd())
            socket->write(file->read(kChunk));
        if (file->atEnd() && socket->bytesToWrite() == 0)
            socket->disconnectFromHost();
    };
    connect(socket, &QTcpSocket::bytesWritten, socket, pump);
    pump();
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
