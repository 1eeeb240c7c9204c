#pragma once
// One request to the running node (GUI or --headless) over its local socket: what
// `idleforgectl status`, `config`, `pause` and `resume` share. node::StatusServer states the
// protocol and where the socket lives. The socket comes from the data dir, so `--data-dir` (or
// IDLEFORGE_HOME) picks the node; `--socket` names one directly. An answer counts only from a
// node that runs as this user (SO_PEERCRED); anything else is status.squatted.
#include "base/Error.h"

#include <QJsonObject>
#include <QString>

#include <optional>

class QCommandLineOption;
class QCommandLineParser;

namespace idleforge::ctl {

class Cli;

struct NodeAddress {
    QString path;  // the socket
    QString where; // for messages: "for data dir /home/me/.local/share/IdleForge"
};

// The options of every command that talks to the node: --data-dir, --socket, --timeout-ms
// (default 5000), and --json where `json`.
void addNodeOptions(QCommandLineParser &p, bool json);
// --help (prints `usage`), the node options and `extra`, then parsing: -1 to go on, else the exit code.
int parseNodeCommand(const Cli &cli, QCommandLineParser &p, const QStringList &args, const char *usage, bool json,
                     const QList<QCommandLineOption> &extra = {});
// --timeout-ms when it is a positive number of milliseconds.
std::optional<int> timeoutOf(const QCommandLineParser &p);

// From --socket, else --data-dir (read, never created), else the default data dir. Errors:
// status.squatted when the private runtime directory fails its check.
Result<NodeAddress> nodeAddress(const QCommandLineParser &p);

// Sends `request` and returns the answer's "status" (for a status request) or "result" object.
// Errors: ctl.no_node (nothing runs there), ctl.unreachable, status.squatted (another user's
// socket), ctl.bad_answer, ctl.timeout, or the node's own refusal as it sent it.
Result<QJsonObject> askNode(const NodeAddress &node, const QJsonObject &request, int timeoutMs);

} // namespace idleforge::ctl
