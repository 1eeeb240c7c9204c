#include "node/StatusServer.h"

#include "base/JsonLines.h"
#include "base/PrivateDir.h"
#include "node/Log.h"
#include "node/StatusRequest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>

#include <memory>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace idleforge::node {

// Framing state of one client.
struct StatusServer::Connection {
    StatusRequestFramer framer{kMaxRequestBytes};
};

namespace {

QByteArray errorLine(const Error &e)
{
    return toJsonLine(QJsonObject{
        {QStringLiteral("ok"), false},
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), e.code}, {QStringLiteral("message"), e.message}}}});
}

QByteArray badRequest(const QString &message)
{
    return errorLine(Error{QStringLiteral("status.bad_request"), message});
}

} // namespace

StatusServer::StatusServer(StatusSnapshot snapshot, QObject *parent)
    : QObject(parent), m_snapshot(std::move(snapshot)), m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &StatusServer::acceptPending);
}

StatusServer::~StatusServer() = default;

Result<void> StatusServer::listen(const QString &name)
{
    if (m_server->isListening())
        return makeError("status.listen", QStringLiteral("already listening on %1").arg(m_server->fullServerName()));
    auto path = resolve(name);
    auto claimed = path ? claim(*path) : Result<void>(path.error());
    if (!claimed) {
        if (claimed.error().code == QLatin1String("status.squatted"))
            qCCritical(lcNode).noquote() << "status socket squatted:" << claimed.error().message;
        return claimed;
    }
    if (!m_server->listen(*path))
        return makeError("status.listen", QStringLiteral("cannot listen on %1: %2").arg(*path, m_server->errorString()));
    qCInfo(lcNode) << "status socket listening on" << m_server->fullServerName();
    return {};
}

// Makes `path` free for listen(): nothing there, or a dead node's socket file of ours.
Result<void> StatusServer::claim(const QString &path)
{
    QLocalSocket probe;
    probe.connectToServer(path);
    if (probe.waitForConnected(500)) {
        auto peer = checkPeer(probe);
        probe.abort();
        if (!peer)
            return makeError("status.squatted", QStringLiteral("%1 is held by another user: %2").arg(path, peer.error().message));
        return makeError("status.in_use", QStringLiteral("another IdleForge node already serves status on %1").arg(path));
    }
    switch (probe.error()) {
    case QLocalSocket::ServerNotFoundError:
        return {};
    case QLocalSocket::ConnectionRefusedError: { // a socket file nobody listens on: a dead node's
#ifdef Q_OS_UNIX
        struct stat st {};
        if (::lstat(QFile::encodeName(path).constData(), &st) == 0 && st.st_uid != ::geteuid())
            return makeError("status.squatted", QStringLiteral("%1 belongs to uid %2, not to this user").arg(path).arg(st.st_uid));
#endif
        qCInfo(lcNode) << "removing the stale status socket" << path;
        QLocalServer::removeServer(path);
        return {};
    }
    default: // e.g. a live but unresponsive node: leave it alone
        return makeError("status.in_use", QStringLiteral("cannot claim %1: %2").arg(path, probe.errorString()));
    }
}

Result<QString> StatusServer::resolve(const QString &name)
{
    if (name.contains(QLatin1Char('/')))
        return name;
    auto dir = paths::privateRuntimeDir();
    if (!dir)
        return makeError("status.squatted", QStringLiteral("no private directory for the status socket: %1").arg(dir.error().message));
    return QString(*dir + QLatin1Char('/') + name);
}

Result<void> StatusServer::checkPeer(const QLocalSocket &socket)
{
#if defined(Q_OS_LINUX)
    ucred cred{};
    socklen_t len = sizeof(cred);
    if (::getsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
        return makeError("status.peer_unknown", QStringLiteral("cannot tell which user serves the socket"));
    const uid_t peer = cred.uid;
#elif defined(Q_OS_UNIX)
    uid_t peer = 0;
    gid_t group = 0;
    if (::getpeereid(int(socket.socketDescriptor()), &peer, &group) != 0)
        return makeError("status.peer_unknown", QStringLiteral("cannot tell which user serves the socket"));
#endif
#ifdef Q_OS_UNIX
    if (peer != ::geteuid())
        return makeError("status.squatted",
                         QStringLiteral("the socket is served by uid %1, not by this user (uid %2)").arg(peer).arg(::geteuid()));
#else
    Q_UNUSED(socket);
#endif
    return {};
}

QString StatusServer::fullServerName() const { return m_server->fullServerName(); }

QString StatusServer::defaultName(const QString &dataDir)
{
    const QFileInfo info(dataDir);
    QString path = info.canonicalFilePath();
    if (path.isEmpty())
        path = QDir::cleanPath(info.absoluteFilePath());
    const QByteArray digest = QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Blake2b_256);
    return QStringLiteral("idleforge-status-") + QString::fromLatin1(digest.left(8).toHex());
}

void StatusServer::acceptPending()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        auto conn = std::make_shared<Connection>();
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket, conn] { readFrom(socket, *conn); });
        if (socket->bytesAvailable() > 0)
            readFrom(socket, *conn);
    }
}

void StatusServer::readFrom(QLocalSocket *socket, Connection &conn)
{
    for (const StatusRequestFramer::Event &event : conn.framer.append(socket->readAll())) {
        if (event.kind == StatusRequestFramer::Event::Kind::TooLong) {
            socket->write(badRequest(QStringLiteral("request line longer than %1 bytes").arg(kMaxRequestBytes)));
            continue;
        }
        if (event.kind == StatusRequestFramer::Event::Kind::Line)
            socket->write(answer(*socket, event.line));
        if (socket->bytesToWrite() > kMaxQueuedAnswerBytes) {
            qCWarning(lcNode) << "dropping a status client that does not read its answers";
            socket->abort();
            return;
        }
    }
}

QByteArray StatusServer::answer(const QLocalSocket &socket, const QByteArray &line) const
{
    const auto request = parseStatusRequest(line);
    if (!request)
        return errorLine(request.error());
    const QString name = request->value(QLatin1String("request")).toString();
    if (name == QLatin1String("status"))
        return toJsonLine(QJsonObject{{QStringLiteral("ok"), true},
                                      {QStringLiteral("status"), m_snapshot ? m_snapshot() : QJsonObject{}}});
    const auto command = m_commands.constFind(name);
    if (command == m_commands.constEnd()) {
        QStringList known = m_commands.keys();
        known.sort();
        known.prepend(QStringLiteral("status"));
        return badRequest(QStringLiteral("unknown request \"%1\" (known: %2)").arg(name.left(100), known.join(QStringLiteral(", "))));
    }
    if (auto peer = checkPeer(socket); !peer)
        return errorLine(Error{QStringLiteral("status.forbidden"),
                               QStringLiteral("\"%1\" is taken only from this node's own user: %2").arg(name, peer.error().message)});
    auto result = (*command)(*request);
    if (!result)
        return errorLine(result.error());
    return toJsonLine(QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("result"), *result}});
}

} // namespace idleforge::node
