#pragma once
// The listening side the coordinator's two servers share (DevnetServer: control, BlobServer:
// blobs): a TLS listener that logs why a handshake failed, the two signals that say a
// connection is queued, and listen() with an error that names the address.
#include "base/Error.h"

#include <QHostAddress>
#include <QString>
#include <QTcpServer>

class QSslConfiguration;
class QSslServer;

namespace idleforge::devnet {

// A QSslServer with `configuration`, a child of `parent`. A client that does not trust the
// certificate, or speaks plain text to the port, ends the handshake with an alert and never
// reaches the server's queue; this logs it as "TLS: <who> ended the handshake: ...".
QSslServer *newTlsListener(const QSslConfiguration &configuration, const QString &who, QObject *parent);

// Calls `onQueued` whenever `listener` queues a connection. A QSslServer queues one only once
// its handshake is done (newConnection comes at accept time, before it); a plain server queues
// it at once. The slot takes what nextPendingConnection() has.
template <class Receiver>
void onQueuedConnection(QTcpServer *listener, Receiver *receiver, void (Receiver::*onQueued)())
{
    QObject::connect(listener, &QTcpServer::pendingConnectionAvailable, receiver, onQueued);
    QObject::connect(listener, &QTcpServer::newConnection, receiver, onQueued);
}

// listener->listen(address, port); "devnet.listen" naming `what`, the address and Qt's reason.
Result<void> listenOn(QTcpServer *listener, const QHostAddress &address, quint16 port, const QString &what);

} // namespace idleforge::devnet
