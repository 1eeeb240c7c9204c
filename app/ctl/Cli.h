#pragma once
// What every idleforgectl subcommand shares: its messages on stderr ("idleforgectl <name>:
// ..."), JSON on stdout, and the help rule of core/base/CommandLine.h (--help anywhere wins:
// the usage goes to stdout, exit 0, nothing runs).
#include "base/Error.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QCommandLineOption>
#include <QStringList>

class QCommandLineParser;

namespace idleforge::ctl {

class Cli {
public:
    explicit Cli(const char *name) : m_name(name) {}

    // "idleforgectl <name>: message"; returns `code`.
    int fail(const QString &message, int code = 1) const;
    // "idleforgectl <name>: message [code]"; returns `exitCode`.
    int fail(const Error &e, int exitCode = 1) const;
    // The message, then `usage`, on stderr; returns 2.
    int usageError(const QString &why, const char *usage) const;

private:
    const char *m_name;
};

// Indented (the default) or compact, always ending in a newline.
void printJson(const QJsonObject &o, QJsonDocument::JsonFormat format = QJsonDocument::Indented);
// A line on stdout.
void printLine(const QString &s);

// When `args` ask for help: prints `usage` (or the parser's help text) on stdout and returns
// true. Call it before parsing, so that help wins over bad options and nothing else runs.
bool printHelpIfAsked(const QStringList &args, const char *usage);
bool printHelpIfAsked(const QStringList &args, const QCommandLineParser &parser);

// The help rule, then parse(): -1 to go on, else the exit code (0 after help, 2 after a
// parse error, said on stderr).
int parseArgs(const Cli &cli, QCommandLineParser &parser, const QStringList &args);
// audit and dispute: `description`, `required` (each must be given), `optional`, then
// --threads N and --json; parsed with the help rule. -1 to go on with the thread count in
// `threads`, else the exit code after saying what is wrong.
int parseReplayCommand(const Cli &cli, QCommandLineParser &parser, const QStringList &args, const QString &description,
                       const QList<QCommandLineOption> &required, const QList<QCommandLineOption> &optional, int &threads);

} // namespace idleforge::ctl
