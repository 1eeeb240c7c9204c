#include "devnet/Listen.h"

#include "devnet/Log.h"

#include <QSslConfiguration>
#include <QSslServer>

namespace idleforge::devnet {

QSslServer *newTlsListener(const QSslConfiguration &configuration, const QString &who, QObject *parent)
{
    auto *tls = new QSslServer(parent);
    tls->setSslConfiguration(configuration);
    QObject::connect(tls, &QSslServer::alertReceived, parent,
                     [who](QSslSocket *, QSsl::AlertLevel level, QSsl::AlertType, const QString &description) {
                         if (level == QSsl::AlertLevel::Fatal)
                             qCInfo(lcDevnet).noquote() << "TLS:" << who << "ended the handshake:" << description;
                     });
    return tls;
}

Result<void> listenOn(QTcpServer *listener, const QHostAddress &address, quint16 port, const QString &what)
{
    if (!listener->listen(address, port))
        return makeError("devnet.listen", QStringLiteral("%1 cannot listen on %2:%3: %4")
                                              .arg(what, address.toString())
                                              .arg(port)
                                              .arg(listener->errorString()));
    return {};
}

} // namespace idleforge::devnet
