#include "platform/SingleInstance.h"

#include "platform/Log.h"

#include <QLocalServer>
#include <QLocalSocket>

namespace idleforge::platform {

SingleInstance::SingleInstance(QString name, QObject *parent) : QObject(parent), m_name(std::move(name)) {}

SingleInstance::~SingleInstance() = default;

bool SingleInstance::claim(const QByteArray &message)
{
    {
        QLocalSocket probe;
        probe.connectToServer(m_name);
        if (probe.waitForConnected(500)) {
            probe.write(message + '\n');
            probe.waitForBytesWritten(1000);
            probe.disconnectFromServer();
            qCInfo(lcPlatform) << "another instance is running; sent" << message;
            return false;
        }
    }
    // Nobody answered: any socket file left is stale.
    QLocalServer::removeServer(m_name);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        qCWarning(lcPlatform) << "cannot listen on" << m_name << m_server->errorString();
        return true; // still run; only the raise-on-second-start convenience is lost
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *sock = m_server->nextPendingConnection()) {
            connect(sock, &QLocalSocket::disconnected, sock, &QObject::deleteLater);
            connect(sock, &QLocalSocket::readyRead, this, [this, sock] {
                while (sock->canReadLine()) {
                    const QByteArray line = sock->readLine(4096).trimmed();
                    if (!line.isEmpty())
                        Q_EMIT messageReceived(line);
                }
            });
        }
    });
    return true;
}

} // namespace idleforge::platform
