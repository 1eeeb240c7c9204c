#include "devnet/BlobTransfer.h"

#include "devnet/Log.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>

namespace idleforge::devnet {

TransferWatch::TransferWatch(QTcpSocket *socket, BlobServer &server, QByteArray what)
    : QObject(socket), m_socket(socket), m_server(server), m_limits(server.limits()), m_what(std::move(what))
{
    m_since.start();
    // Often enough to cut close to the limits, rarely enough to cost nothing.
    const int period = std::max(10, std::min({m_limits.idleTimeoutMs, m_limits.rateGraceMs, 1000}) / 4);
    connect(&m_tick, &QTimer::timeout, this, &TransferWatch::check);
    m_tick.start(period);
}

void TransferWatch::moved(qint64 bytes)
{
    m_moved += bytes;
    m_lastMoveMs = m_since.elapsed();
}

void TransferWatch::check()
{
    const qint64 now = m_since.elapsed();
    QByteArray why;
    if (now - m_lastMoveMs >= m_limits.idleTimeoutMs)
        why = "nothing moved for " + QByteArray::number(now - m_lastMoveMs) + " ms";
    else if (now >= m_limits.rateGraceMs && m_moved * 1000 < m_limits.minBytesPerSecond * now)
        why = QByteArray::number(m_moved * 1000 / std::max<qint64>(now, 1)) + " bytes/s on average, under " +
              QByteArray::number(m_limits.minBytesPerSecond);
    if (why.isEmpty())
        return;
    qCWarning(lcDevnet).noquote() << m_what << "cut after" << m_moved << "bytes:" << why;
    ++m_server.m_cut;
    m_tick.stop();
    m_socket->abort(); // an upload goes with the socket, its QSaveFile uncommitted
}

BlobDownload::BlobDownload(QTcpSocket *socket, QFile *file, BlobServer &server, const QByteArray &hashHex)
    : QObject(socket), m_socket(socket), m_file(file), m_server(server),
      m_watch(new TransferWatch(socket, server, "download of blob " + hashHex))
{
    file->setParent(this);
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                  QByteArray::number(file->size()) + "\r\nConnection: close\r\n\r\n");
    connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 n) {
        m_watch->moved(n);
        pump();
    });
    // A TLS socket reports the encrypted bytes it writes here too; both mean room was made.
    if (auto *tls = qobject_cast<QSslSocket *>(socket))
        connect(tls, &QSslSocket::encryptedBytesWritten, this, [this] { pump(); });
    pump();
}

qint64 BlobDownload::queued() const
{
    // QSslSocket::bytesToWrite() counts only what is not yet encrypted.
    const auto *tls = qobject_cast<const QSslSocket *>(m_socket);
    return m_socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
}

void BlobDownload::pump()
{
    // Refill only up to the bound: the kernel's send buffer is the only other place bytes wait.
    const qint64 bound = m_server.limits().maxQueuedBytes;
    while (queued() < bound && !m_file->atEnd()) {
        const QByteArray chunk = m_file->read(std::min(kChunk, bound - queued()));
        if (chunk.isEmpty())
            break;
        m_socket->write(chunk);
        m_server.m_peakQueued = std::max(m_server.m_peakQueued, queued());
    }
    if (m_file->atEnd() && queued() == 0) {
        m_watch->stop();
        m_socket->disconnectFromHost();
    }
}

} // namespace idleforge::devnet
