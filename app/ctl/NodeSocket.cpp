#include "NodeSocket.h"

#include "Cli.h"

#include "base/Paths.h"
#include "node/StatusServer.h"

#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonDocument>
#include <QLocalSocket>

namespace idleforge::ctl {

namespace {
constexpr qsizetype kMaxAnswerBytes = 64 * 1024 * 1024;

Result<QByteArray> readAnswerLine(QLocalSocket &socket, const NodeAddress &node, const QDeadlineTimer &deadline, int timeoutMs)
{
    while (!socket.canReadLine()) {
        if (socket.bytesAvailable() > kMaxAnswerBytes)
            return makeError("ctl.bad_answer", QStringLiteral("the node %1 sent an answer over %2 bytes").arg(node.where).arg(kMaxAnswerBytes));
        if (deadline.hasExpired() || !socket.waitForReadyRead(int(deadline.remainingTime()))) {
            if (socket.state() != QLocalSocket::ConnectedState && !socket.canReadLine())
                return makeError("ctl.bad_answer", QStringLiteral("the node %1 closed the connection without answering").arg(node.where));
            if (!socket.canReadLine())
                return makeError("ctl.timeout", QStringLiteral("the node %1 did not answer within %2 ms").arg(node.where).arg(timeoutMs));
        }
    }
    return socket.readLine(kMaxAnswerBytes);
}
} // namespace

void addNodeOptions(QCommandLineParser &p, bool json)
{
    p.addOptions({{QStringLiteral("data-dir"), QString(), QStringLiteral("dir")},
                  {QStringLiteral("socket"), QString(), QStringLiteral("name")},
                  {QStringLiteral("timeout-ms"), QString(), QStringLiteral("n"), QStringLiteral("5000")}});
    if (json)
        p.addOption({QStringLiteral("json"), QString()});
}

int parseNodeCommand(const Cli &cli, QCommandLineParser &p, const QStringList &args, const char *usage, bool json,
                     const QList<QCommandLineOption> &extra)
{
    if (printHelpIfAsked(args, usage))
        return 0;
    addNodeOptions(p, json);
    p.addOptions(extra);
    if (!p.parse(args))
        return cli.usageError(p.errorText(), usage);
    return -1;
}

std::optional<int> timeoutOf(const QCommandLineParser &p)
{
    bool ok = false;
    const int ms = p.value(QStringLiteral("timeout-ms")).toInt(&ok);
    if (!ok || ms <= 0)
        return std::nullopt;
    return ms;
}

Result<NodeAddress> nodeAddress(const QCommandLineParser &p)
{
    QString given, where;
    if (p.isSet(QStringLiteral("socket"))) {
        given = p.value(QStringLiteral("socket"));
        where = QStringLiteral("on socket %1").arg(given);
    } else {
        const QString dir = p.isSet(QStringLiteral("data-dir")) ? p.value(QStringLiteral("data-dir")) : paths::dataDir();
        given = node::StatusServer::defaultName(dir);
        where = QStringLiteral("for data dir %1").arg(QDir::toNativeSeparators(QDir(dir).absolutePath()));
    }
    auto path = node::StatusServer::resolve(given);
    if (!path)
        return path.error();
    return NodeAddress{*path, where};
}

Result<QJsonObject> askNode(const NodeAddress &node, const QJsonObject &request, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(node.path);
    if (!socket.waitForConnected(int(deadline.remainingTime()))) {
        if (socket.error() == QLocalSocket::ServerNotFoundError || socket.error() == QLocalSocket::ConnectionRefusedError)
            return makeError("ctl.no_node", QStringLiteral("no IdleForge node is running %1 (start it with idleforge or idleforge --headless)")
                                                .arg(node.where));
        return makeError("ctl.unreachable", QStringLiteral("cannot reach the IdleForge node %1: %2").arg(node.where, socket.errorString()));
    }
    if (auto peer = node::StatusServer::checkPeer(socket); !peer)
        return Error{peer.error().code, QStringLiteral("not asking the status socket %1: %2; whoever runs it could show any "
                                                       "balance (remove it, or stop that process)")
                                            .arg(node.path, peer.error().message)};
    socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    auto line = readAnswerLine(socket, node, deadline, timeoutMs);
    socket.disconnectFromServer();
    if (!line)
        return line.error();
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(*line, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return makeError("ctl.bad_answer", QStringLiteral("the node %1 sent something that is not a JSON object").arg(node.where));
    const QJsonObject reply = doc.object();
    if (!reply.value(QLatin1String("ok")).toBool()) {
        const QJsonObject e = reply.value(QLatin1String("error")).toObject();
        return Error{e.value(QLatin1String("code")).toString(),
                     QStringLiteral("the node refused the request: %1").arg(e.value(QLatin1String("message")).toString())};
    }
    return reply.value(request.value(QLatin1String("request")).toString() == QLatin1String("status") ? QLatin1String("status")
                                                                                                      : QLatin1String("result"))
        .toObject();
}

} // namespace idleforge::ctl
