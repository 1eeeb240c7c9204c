#pragma once
// Blobs (datasets, states, checkpoints) by content hash over plain HTTP/1.1:
//
//   GET /blobs/<64 lower-case hex BLAKE2b-256>  -> 200 with the bytes | 404 | 400 | 405
//
// One request per connection (Connection: close), request head capped at 8 KiB, files served
// from a content-addressed directory (task::DatasetStore layout). The server does not vouch for
// the bytes: the client checks them against the hash on arrival (protocol::BlobFetcher).
#include "base/Error.h"

#include <QHostAddress>
#include <QObject>

class QTcpServer;
class QTcpSocket;

namespace idleforge::devnet {

class BlobServer : public QObject {
    Q_OBJECT
public:
    explicit BlobServer(QString dir, QObject *parent = nullptr);

    Result<void> listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    qint64 served() const { return m_served; }

private:
    void onConnection();
    void answer(QTcpSocket *socket, const QByteArray &head);
    static void respond(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &body = {},
                        const QByteArray &contentType = "text/plain; charset=utf-8");

    QString m_dir;
    QTcpServer *m_server;
    qint64 m_served = 0;
};

} // namespace idleforge::devnet
