// idleforgectl status: ask the running node (GUI or --headless) what it is doing.
//
//   idleforgectl status [--data-dir DIR] [--socket NAME] [--json] [--timeout-ms N]
//
// One request over the node's local status socket (node::StatusServer, whose header states the
// protocol and where the socket lives). The socket name comes from the data dir, so `--data-dir`
// (or IDLEFORGE_HOME) picks the node; `--socket` names a socket directly. An answer counts only
// from a node that runs as this user (SO_PEERCRED); anything else is status.squatted. The summary prints whichever fields the node
// sent: connection, coordinator, job {id, kind, step, steps, progress (a fraction 0..1)},
// balance, stake and pending (micro-credits), receipts [{id, kind, amount, task}], then any others.
#include "Cli.h"
#include "Commands.h"

#include "base/Paths.h"
#include "node/StatusServer.h"

#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QTextStream>

#include <cmath>
#include <cstdio>

namespace idleforge::ctl {

namespace {

const char *kUsage =
    "usage: idleforgectl status [options]\n"
    "  --data-dir DIR     the node's data directory (default: IDLEFORGE_HOME or the standard one)\n"
    "  --socket NAME      talk to this local socket instead of the data dir's (a bare name\n"
    "                     lives in the private runtime directory, a path is taken as given)\n"
    "  --json             print the node's status object as JSON\n"
    "  --timeout-ms N     give up after N ms without an answer (default 5000)\n";

constexpr qsizetype kMaxAnswerBytes = 64 * 1024 * 1024;

const Cli cli("status");

// Micro-credits as credits with six decimals: 1234567 -> "1.234567".
QString credits(qint64 micro)
{
    const quint64 magnitude = micro < 0 ? quint64(0) - quint64(micro) : quint64(micro);
    return QStringLiteral("%1%2.%3")
        .arg(micro < 0 ? QStringLiteral("-") : QString())
        .arg(magnitude / 1'000'000)
        .arg(magnitude % 1'000'000, 6, 10, QLatin1Char('0'));
}

QString compact(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull())
        return QStringLiteral("null");
    return QString::number(v.toDouble(), 'g', 17);
}

// An amount in whole micro-credits; anything else is shown as it came.
QString amount(const QJsonValue &v)
{
    const double d = v.toDouble();
    if (!v.isDouble() || d != std::trunc(d) || std::abs(d) > 9007199254740991.0)
        return compact(v);
    return credits(qint64(d)) + QStringLiteral(" credits");
}

// The "id" and "kind" of a job or receipt, those it has.
QStringList idAndKind(const QJsonObject &o)
{
    QStringList parts;
    for (const char *key : {"id", "kind"})
        if (const QJsonValue v = o.value(QLatin1String(key)); !v.isUndefined())
            parts << compact(v);
    return parts;
}

QString describeJob(const QJsonValue &value)
{
    if (!value.isObject())
        return compact(value);
    const QJsonObject job = value.toObject();
    QStringList parts = idAndKind(job);
    const QJsonValue step = job.value(QLatin1String("step"));
    const QJsonValue steps = job.value(QLatin1String("steps"));
    if (!step.isUndefined())
        parts << (steps.isUndefined() ? QStringLiteral("step %1").arg(compact(step))
                                      : QStringLiteral("step %1/%2").arg(compact(step), compact(steps)));
    const QJsonValue progress = job.value(QLatin1String("progress"));
    if (progress.isDouble())
        parts << QStringLiteral("%1%").arg(progress.toDouble() * 100.0, 0, 'f', 1);
    else if (!progress.isUndefined())
        parts << compact(progress);
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QLatin1Char(' '));
}

QString describeReceipt(const QJsonValue &value)
{
    if (!value.isObject())
        return compact(value);
    const QJsonObject r = value.toObject();
    QStringList parts = idAndKind(r);
    if (const QJsonValue v = r.value(QLatin1String("amount")); !v.isUndefined())
        parts << amount(v);
    if (const QJsonValue v = r.value(QLatin1String("task")); !v.isUndefined() && !v.isNull())
        parts << QStringLiteral("task ") + compact(v);
    return parts.join(QStringLiteral("  "));
}

void printSummary(const QJsonObject &status)
{
    QTextStream out(stdout);
    const auto line = [&out](const QString &label, const QString &text) {
        out << label.leftJustified(12) << ' ' << text << '\n';
    };
    QStringList known;
    const auto field = [&](const char *key) {
        known << QLatin1String(key);
        return status.value(QLatin1String(key));
    };
    if (const QJsonValue v = field("connection"); !v.isUndefined())
        line(QStringLiteral("connection"), compact(v));
    if (const QJsonValue v = field("coordinator"); !v.isUndefined())
        line(QStringLiteral("coordinator"), compact(v));
    if (const QJsonValue v = field("job"); !v.isUndefined())
        line(QStringLiteral("job"), v.isNull() ? QStringLiteral("none") : describeJob(v));
    if (const QJsonValue v = field("balance"); !v.isUndefined())
        line(QStringLiteral("balance"), amount(v));
    if (const QJsonValue v = field("stake"); !v.isUndefined())
        line(QStringLiteral("stake"), amount(v));
    if (const QJsonValue v = field("pending"); !v.isUndefined())
        line(QStringLiteral("pending"), amount(v));
    if (const QJsonValue v = field("receipts"); !v.isUndefined()) {
        if (v.isArray()) {
            const QJsonArray receipts = v.toArray();
            line(QStringLiteral("receipts"), QString::number(receipts.size()));
            for (const QJsonValue &r : receipts)
                out << "  " << describeReceipt(r) << '\n';
        } else {
            line(QStringLiteral("receipts"), compact(v));
        }
    }
    for (auto it = status.begin(); it != status.end(); ++it)
        if (!known.contains(it.key()))
            line(it.key(), compact(it.value()));
    if (status.isEmpty())
        out << "the node reported no status fields\n";
}

// One status request to the node at `path`; 0 and its status object, or the exit code after
// saying what went wrong.
int askNode(const QString &path, const QString &where, int timeoutMs, QJsonObject &status)
{
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(path);
    if (!socket.waitForConnected(int(deadline.remainingTime()))) {
        switch (socket.error()) {
        case QLocalSocket::ServerNotFoundError:
        case QLocalSocket::ConnectionRefusedError:
            return cli.fail(QStringLiteral("no IdleForge node is running %1 (start it with idleforge or idleforge --headless)")
                            .arg(where));
        default:
            return cli.fail(QStringLiteral("cannot reach the IdleForge node %1: %2").arg(where, socket.errorString()));
        }
    }
    if (auto peer = node::StatusServer::checkPeer(socket); !peer)
        return cli.fail(Error{peer.error().code, QStringLiteral("not asking the status socket %1: %2; whoever runs it could show any "
                                                                "balance (remove it, or stop that process)")
                                                     .arg(path, peer.error().message)});
    socket.write(QByteArrayLiteral("{\"request\":\"status\"}\n"));
    while (!socket.canReadLine()) {
        if (socket.bytesAvailable() > kMaxAnswerBytes)
            return cli.fail(QStringLiteral("the node %1 sent an answer over %2 bytes").arg(where).arg(kMaxAnswerBytes));
        if (deadline.hasExpired() || !socket.waitForReadyRead(int(deadline.remainingTime()))) {
            if (socket.state() != QLocalSocket::ConnectedState && !socket.canReadLine())
                return cli.fail(QStringLiteral("the node %1 closed the connection without answering").arg(where));
            if (!socket.canReadLine())
                return cli.fail(QStringLiteral("the node %1 did not answer within %2 ms").arg(where).arg(timeoutMs));
        }
    }
    const QByteArray line = socket.readLine();
    socket.disconnectFromServer();

    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return cli.fail(QStringLiteral("the node %1 sent something that is not a JSON object").arg(where));
    const QJsonObject reply = doc.object();
    if (!reply.value(QLatin1String("ok")).toBool()) {
        const QJsonObject e = reply.value(QLatin1String("error")).toObject();
        return cli.fail(QStringLiteral("the node refused the request: %1: %2")
                        .arg(e.value(QLatin1String("code")).toString(), e.value(QLatin1String("message")).toString()));
    }
    status = reply.value(QLatin1String("status")).toObject();
    return 0;
}

} // namespace

int runStatus(const QStringList &args)
{
    if (printHelpIfAsked(args, kUsage))
        return 0;
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("data-dir"), QString(), QStringLiteral("dir")},
                  {QStringLiteral("socket"), QString(), QStringLiteral("name")},
                  {QStringLiteral("json"), QString()},
                  {QStringLiteral("timeout-ms"), QString(), QStringLiteral("n"), QStringLiteral("5000")}});
    if (!p.parse(args))
        return cli.usageError(p.errorText(), kUsage);
    const QStringList pos = p.positionalArguments();
    if (!pos.isEmpty() && pos.first() == QLatin1String("help")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (!pos.isEmpty())
        return cli.usageError(QStringLiteral("unexpected argument \"%1\"").arg(pos.first()), kUsage);
    bool ok = false;
    const int timeoutMs = p.value(QStringLiteral("timeout-ms")).toInt(&ok);
    if (!ok || timeoutMs <= 0)
        return cli.usageError(QStringLiteral("--timeout-ms takes a positive number of milliseconds"), kUsage);

    QString where; // for messages: which node we looked for
    QString given;
    if (p.isSet(QStringLiteral("socket"))) {
        given = p.value(QStringLiteral("socket"));
        where = QStringLiteral("on socket %1").arg(given);
    } else {
        // An explicit --data-dir is only read, never created; the default is the node's own.
        const QString dir = p.isSet(QStringLiteral("data-dir")) ? p.value(QStringLiteral("data-dir")) : paths::dataDir();
        given = node::StatusServer::defaultName(dir);
        where = QStringLiteral("for data dir %1").arg(QDir::toNativeSeparators(QDir(dir).absolutePath()));
    }
    const auto name = node::StatusServer::resolve(given);
    if (!name)
        return cli.fail(name.error());

    QJsonObject status;
    if (const int rc = askNode(*name, where, timeoutMs, status); rc != 0)
        return rc;
    if (p.isSet(QStringLiteral("json")))
        printJson(status);
    else
        printSummary(status);
    return 0;
}

} // namespace idleforge::ctl
