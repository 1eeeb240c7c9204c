#include "node/StatusServer.h"

#include "base/JsonLines.h"
#include "node/Log.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocalServer>
#include <QLocalSocket>

#include <memory>

namespace idleforge::node {

// Framing state of one client. Not base::LineBuffer: its overflow flag is sticky, and every
// over-long line here needs its own answer, in order with the answers around it.
struct StatusServer::Connection {
    QByteArray line;
    bool discarding = false; // the rest of an over-long line, up to its '\n', is dropped
};

namespace {

QByteArray badRequest(const QString &message)
{
    return toJsonLine(QJsonObject{
        {QStringLiteral("ok"), false},
        {QStringLiteral("error"),
         QJsonObject{{QStringLiteral("code"), QStringLiteral("status.bad_request")}, {QStringLiteral("message"), message}}}});
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
    {
        QLocalSocket probe;
        probe.connectToServer(name);
        if (probe.waitForConnected(500)) {
            probe.abort();
            return makeError("status.in_use", QStringLiteral("another IdleForge node already serves status on %1").arg(name));
        }
        switch (probe.error()) {
        case QLocalSocket::ServerNotFoundError:
            break;
        case QLocalSocket::ConnectionRefusedError: // a socket file nobody listens on: a dead node's
            qCInfo(lcNode) << "removing the stale status socket" << name;
            QLocalServer::removeServer(name);
            break;
        default: // e.g. a live but unresponsive node, or someone else's socket: leave it alone
            return makeError("status.in_use", QStringLiteral("cannot claim %1: %2").arg(name, probe.errorString()));
        }
    }
    if (!m_server->listen(name))
        return makeError("status.listen", QStringLiteral("cannot listen on %1: %2").arg(name, m_server->errorString()));
    qCInfo(lcNode) << "status socket listening on" << m_server->fullServerName();
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
    const QByteArray bytes = socket->readAll();
    qsizetype start = 0;
    while (start < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', start);
        const qsizetype end = nl < 0 ? bytes.size() : nl;
        if (!conn.discarding) {
            conn.line.append(bytes.constData() + start, end - start);
            if (conn.line.size() > kMaxRequestBytes) {
                conn.line.clear();
                conn.discarding = true;
                socket->write(badRequest(QStringLiteral("request line longer than %1 bytes").arg(kMaxRequestBytes)));
            }
        }
        if (nl < 0)
            break;
        if (!conn.discarding)
            socket->write(answer(conn.line));
        conn.line.clear();
        conn.discarding = false;
        start = nl + 1;
        if (socket->bytesToWrite() > kMaxQueuedAnswerBytes) {
            qCWarning(lcNode) << "dropping a status client that does not read its answers";
            socket->abort();
            return;
        }
    }
}

QByteArray StatusServer::answer(const QByteArray &rawLine) const
{
    QByteArray line = rawLine;
    if (line.endsWith('\r'))
        line.chop(1);
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError)
        return badRequest(QStringLiteral("malformed JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        return badRequest(QStringLiteral("a request is a JSON object, e.g. {\"request\":\"status\"}"));
    const QJsonValue request = doc.object().value(QLatin1String("request"));
    if (!request.isString())
        return badRequest(QStringLiteral("missing string field \"request\""));
    if (request.toString() != QLatin1String("status"))
        return badRequest(QStringLiteral("unknown request \"%1\" (known: status)").arg(request.toString().left(100)));
    return toJsonLine(QJsonObject{{QStringLiteral("ok"), true},
                                  {QStringLiteral("status"), m_snapshot ? m_snapshot() : QJsonObject{}}});
}

} // namespace idleforge::node
