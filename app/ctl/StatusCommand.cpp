// idleforgectl status: ask the running node (GUI or --headless) what it is doing.
//
//   idleforgectl status [--data-dir DIR] [--socket NAME] [--json] [--timeout-ms N]
//
// One request over the node's local socket (NodeSocket.h: which node, whom to believe). The
// summary prints whichever fields the node sent: connection, coordinator, job {id, kind, step, steps, progress (a fraction 0..1)},
// balance, stake and pending (micro-credits), receipts [{id, kind, amount, task}], then any others.
#include "Cli.h"
#include "Commands.h"
#include "NodeSocket.h"

#include "base/Credits.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
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

const Cli cli("status");

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
    return formatCredits(qint64(d)) + QStringLiteral(" credits");
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

} // namespace

int runStatus(const QStringList &args)
{
    QCommandLineParser p;
    if (const int rc = parseNodeCommand(cli, p, args, kUsage, /*json=*/true); rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (!pos.isEmpty() && pos.first() == QLatin1String("help")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (!pos.isEmpty())
        return cli.usageError(QStringLiteral("unexpected argument \"%1\"").arg(pos.first()), kUsage);
    const auto timeout = timeoutOf(p);
    if (!timeout)
        return cli.usageError(QStringLiteral("--timeout-ms takes a positive number of milliseconds"), kUsage);
    const int timeoutMs = *timeout;

    const auto node = nodeAddress(p);
    if (!node)
        return cli.fail(node.error());
    const auto status = askNode(*node, QJsonObject{{QStringLiteral("request"), QStringLiteral("status")}}, timeoutMs);
    if (!status)
        return cli.fail(status.error());
    if (p.isSet(QStringLiteral("json")))
        printJson(*status);
    else
        printSummary(*status);
    return 0;
}

} // namespace idleforge::ctl
