// idleforgectl pause / resume: the user's own pause of the running node (the policy rule
// user_pause), as the tray's "Pause for 1 hour", "Pause until resumed" and "Resume" do.
//
//   idleforgectl pause [--for DURATION]   DURATION: 90s, 30m, 1h, 1h30m, 2d (at most 30 days);
//                                         without it, until `idleforgectl resume`
//   idleforgectl resume
//
// Only a running node has a pause to change (NodeSocket.h: which node, whom to believe); the
// node takes it only from its own user.
#include "Cli.h"
#include "Commands.h"
#include "NodeSocket.h"

#include <QCommandLineParser>
#include <QRegularExpression>

#include <cstdio>
#include <optional>

namespace idleforge::ctl {

namespace {

const char *kPauseUsage =
    "usage: idleforgectl pause [--for DURATION]\n"
    "  --for DURATION     e.g. 90s, 30m, 1h, 1h30m, 2d (at most 30d); default: until resume\n"
    "  --data-dir DIR     the node's data directory (default: IDLEFORGE_HOME or the standard one)\n"
    "  --socket NAME      talk to this local socket instead of the data dir's\n"
    "  --timeout-ms N     give up after N ms without an answer (default 5000)\n";
const char *kResumeUsage =
    "usage: idleforgectl resume\n"
    "  --data-dir DIR     the node's data directory (default: IDLEFORGE_HOME or the standard one)\n"
    "  --socket NAME      talk to this local socket instead of the data dir's\n"
    "  --timeout-ms N     give up after N ms without an answer (default 5000)\n";

constexpr qint64 kMaxPauseMs = qint64(30) * 24 * 3600 * 1000;

// "1h30m" -> 5400000; nullopt for anything else, zero, or over 30 days.
std::optional<qint64> parseDuration(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^(?:(\\d{1,3})d)?(?:(\\d{1,4})h)?(?:(\\d{1,6})m)?(?:(\\d{1,8})s)?$"));
    const auto m = form.match(text.trimmed().toLower());
    if (!m.hasMatch() || text.trimmed().isEmpty())
        return std::nullopt;
    const qint64 ms = ((m.captured(1).toLongLong() * 24 + m.captured(2).toLongLong()) * 60 + m.captured(3).toLongLong()) * 60'000 +
                      m.captured(4).toLongLong() * 1000;
    if (ms <= 0 || ms > kMaxPauseMs)
        return std::nullopt;
    return ms;
}

int send(const QStringList &args, const char *usage, const char *what, const Cli &cli, bool pause)
{
    QCommandLineParser p;
    QList<QCommandLineOption> extra;
    if (pause)
        extra.append({QStringLiteral("for"), QString(), QStringLiteral("duration")});
    if (const int rc = parseNodeCommand(cli, p, args, usage, /*json=*/false, extra); rc >= 0)
        return rc;
    if (!p.positionalArguments().isEmpty())
        return cli.usageError(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()), usage);
    const auto timeoutMs = timeoutOf(p);
    if (!timeoutMs)
        return cli.usageError(QStringLiteral("--timeout-ms takes a positive number of milliseconds"), usage);
    QJsonObject request{{QStringLiteral("request"), QString::fromLatin1(what)}};
    if (pause && p.isSet(QStringLiteral("for"))) {
        const auto ms = parseDuration(p.value(QStringLiteral("for")));
        if (!ms)
            return cli.usageError(QStringLiteral("--for takes a duration such as 90s, 30m, 1h, 1h30m or 2d (at most 30d), not \"%1\"")
                                      .arg(p.value(QStringLiteral("for"))), usage);
        request.insert(QStringLiteral("for_ms"), double(*ms));
    }
    const auto node = nodeAddress(p);
    if (!node)
        return cli.fail(node.error());
    const auto r = askNode(*node, request, *timeoutMs);
    if (!r)
        return cli.fail(r.error());
    std::printf("%s\n", qPrintable(r->value(QLatin1String("text")).toString()));
    return 0;
}

} // namespace

int runPause(const QStringList &args)
{
    static const Cli cli("pause");
    return send(args, kPauseUsage, "pause", cli, true);
}

int runResume(const QStringList &args)
{
    static const Cli cli("resume");
    return send(args, kResumeUsage, "resume", cli, false);
}

} // namespace idleforge::ctl
