#pragma once
// The two halves of a blob body in flight on a BlobServer connection (BlobServer.h has the
// rules): TransferWatch cuts a body that stalls or crawls, whichever way it goes; BlobDownload
// streams a file out with real back-pressure, so what a connection holds in memory is bounded
// by Limits::maxQueuedBytes however slowly its client reads. Both are children of their socket
// and go when it goes.
#include "devnet/BlobServer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

namespace idleforge::devnet {

class TransferWatch : public QObject {
public:
    // `what` names the body in the log line when it is cut.
    TransferWatch(QTcpSocket *socket, BlobServer &server, QByteArray what);
    void moved(qint64 bytes);
    void stop() { m_tick.stop(); }

private:
    void check();

    QTcpSocket *m_socket;
    BlobServer &m_server;
    const BlobServer::Limits m_limits;
    QByteArray m_what;
    QElapsedTimer m_since;
    qint64 m_lastMoveMs = 0;
    qint64 m_moved = 0;
    QTimer m_tick;
};

class BlobDownload : public QObject {
public:
    static constexpr qint64 kChunk = 64 * 1024;

    // Takes `file` (open for reading) and sends the 200 head and the body.
    BlobDownload(QTcpSocket *socket, QFile *file, BlobServer &server, const QByteArray &hashHex);

private:
    void pump();
    qint64 queued() const;

    QTcpSocket *m_socket;
    QFile *m_file;
    BlobServer &m_server;
    TransferWatch *m_watch;
};

} // namespace idleforge::devnet
