#include "Cli.h"

#include "base/CommandLine.h"

#include <QCommandLineParser>

#include <cstdio>

namespace idleforge::ctl {

int Cli::fail(const QString &message, int code) const
{
    std::fprintf(stderr, "idleforgectl %s: %s\n", m_name, qPrintable(message));
    return code;
}

int Cli::fail(const Error &e, int exitCode) const { return fail(e.message + QStringLiteral(" [") + e.code + QLatin1Char(']'), exitCode); }

int Cli::usageError(const QString &why, const char *usage) const
{
    std::fprintf(stderr, "idleforgectl %s: %s\n%s", m_name, qPrintable(why), usage);
    return 2;
}

void printJson(const QJsonObject &o, QJsonDocument::JsonFormat format)
{
    QByteArray text = QJsonDocument(o).toJson(format);
    if (!text.endsWith('\n'))
        text.append('\n');
    std::fputs(text.constData(), stdout);
}

void printLine(const QString &s) { std::fputs(qPrintable(s + QLatin1Char('\n')), stdout); }

bool printHelpIfAsked(const QStringList &args, const char *usage)
{
    if (!cli::helpRequested(args))
        return false;
    std::fputs(usage, stdout);
    return true;
}

bool printHelpIfAsked(const QStringList &args, const QCommandLineParser &parser)
{
    if (!cli::helpRequested(args))
        return false;
    std::fputs(qPrintable(parser.helpText()), stdout);
    return true;
}

int parseArgs(const Cli &cli, QCommandLineParser &parser, const QStringList &args)
{
    if (printHelpIfAsked(args, parser))
        return 0;
    if (!parser.parse(args))
        return cli.fail(parser.errorText(), 2);
    return -1;
}

int parseReplayCommand(const Cli &cli, QCommandLineParser &parser, const QStringList &args, const QString &description,
                       const QList<QCommandLineOption> &required, const QList<QCommandLineOption> &optional, int &threads)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addOptions(required + optional);
    parser.addOption({QStringLiteral("threads"), QStringLiteral("CPU threads (0: default)."), QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON.")});
    if (const int rc = parseArgs(cli, parser, args); rc >= 0)
        return rc;
    QStringList named; // "--spec SPEC", ...
    bool missing = false;
    for (const QCommandLineOption &o : required) {
        named << QStringLiteral("--%1 %2").arg(o.names().constFirst(), o.valueName());
        missing = missing || !parser.isSet(o.names().constFirst());
    }
    if (missing) {
        const QString last = named.takeLast();
        return cli.fail(QStringLiteral("%1 and %2 are required").arg(named.join(QStringLiteral(", ")), last), 2);
    }
    bool ok = true;
    threads = parser.value(QStringLiteral("threads")).toInt(&ok);
    if (!ok || threads < 0 || threads > 1024)
        return cli.fail(QStringLiteral("--threads needs an integer in 0..1024"), 2);
    return -1;
}

} // namespace idleforge::ctl
