#pragma once
// The node's local status socket, read by `idleforgectl status`.
//
// Protocol: newline-delimited JSON, one answer line per request line, in order.
//   request  {"request":"status"}
//   answer   {"ok":true,"status":<snapshot()>}
//   request  {"request":"<command>", ...arguments}   (the commands setCommands() names, e.g.
//            pause {"for_ms":N} / resume / reload_settings: they change the node's state)
//   answer   {"ok":true,"result":{...}} or {"ok":false,"error":{"code":...,"message":...}}
//   anything else (unknown request, malformed JSON, a line over kMaxRequestBytes):
//            {"ok":false,"error":{"code":"status.bad_request","message":"..."}}
// and the connection stays open. A command is taken only from a client of this user's uid
// (SO_PEERCRED on the accepted socket; status.forbidden otherwise), whatever the socket's mode. The snapshot is taken on the server's thread at each request,
// so it may read the node's state directly; it must be quick, since it runs in the event loop.
//
// Where: a bare name (defaultName()) lives in the user's private runtime directory
// (paths::privateRuntimeDir(): $XDG_RUNTIME_DIR, or <temp>/idleforge-<uid>, checked to be ours,
// 0700 and no symlink), never in world-writable /tmp, where another local user could create the
// name first and answer with a fake balance. A name with a '/' is a path, taken as given. The
// socket itself is user-only (QLocalServer::UserAccessOption), and a client believes an answer
// only from a peer of its own uid (checkPeer, SO_PEERCRED). listen() replaces a socket left by
// a node that died, but never one that still answers; one held by another user is
// status.squatted, logged at critical level.
#include "base/Error.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <functional>

class QLocalServer;
class QLocalSocket;

namespace idleforge::node {

class StatusServer : public QObject {
    Q_OBJECT
public:
    using StatusSnapshot = std::function<QJsonObject()>;
    // A command's result, or an error sent back as it is.
    using Command = std::function<Result<QJsonObject>(const QJsonObject &request)>;

    static constexpr qsizetype kMaxRequestBytes = 64 * 1024;
    // A client that keeps asking but never reads is dropped once this much is queued for it.
    static constexpr qint64 kMaxQueuedAnswerBytes = 16 * 1024 * 1024;

    explicit StatusServer(StatusSnapshot snapshot, QObject *parent = nullptr);
    ~StatusServer() override;

    // Errors: status.squatted (another user holds the name or the runtime directory is not
    // private), status.in_use (another node of ours answers on it), status.listen (the OS refused).
    Result<void> listen(const QString &name);
    QString fullServerName() const; // the socket's path; empty until listen() succeeded
    // The requests besides "status" this node takes, by name.
    void setCommand(const QString &name, Command command) { m_commands.insert(name, std::move(command)); }

    // The path a name stands for (see above). Error status.squatted when the private runtime
    // directory fails its check.
    static Result<QString> resolve(const QString &name);
    // Ok when the process at the other end of the connected `socket` runs as this user.
    // Errors: status.squatted (another uid), status.peer_unknown (the OS would not say).
    static Result<void> checkPeer(const QLocalSocket &socket);

    // "idleforge-status-" + 16 hex digits of BLAKE2b-256 of the data dir's canonical path
    // (its clean absolute path when it does not exist yet): the node and idleforgectl agree on
    // it from any spelling of the same directory, and two data dirs never share a socket.
    static QString defaultName(const QString &dataDir);

private:
    struct Connection;
    void acceptPending();
    void readFrom(QLocalSocket *socket, Connection &conn);
    QByteArray answer(const QLocalSocket &socket, const QByteArray &line) const;
    Result<void> claim(const QString &path);

    StatusSnapshot m_snapshot;
    QHash<QString, Command> m_commands;
    QLocalServer *m_server;
};

} // namespace idleforge::node
