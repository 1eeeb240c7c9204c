// idleforgectl: the command line for wallet, benchmark, tasks, verification and devnet.
#include "crypto/SecureBuffer.h"
#include "Commands.h"
#include "base/BuildVersion.h"

#include "base/CommandLine.h"
#include "base/Log.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <functional>
#include <map>

namespace {

struct Subcommand {
    const char *summary;
    std::function<int(const QStringList &)> run;
};

const std::map<QString, Subcommand> &subcommands()
{
    using namespace idleforge::ctl;
    static const std::map<QString, Subcommand> table{
        {QStringLiteral("audit"), {"sampling audit of a run (idleforgectl audit --spec SPEC --workdir DIR --samples M --seed S --json)", runAudit}},
        {QStringLiteral("config"), {"settings: list, get KEY, set KEY VALUE, reset KEY (idleforgectl config help)", runConfig}},
        {QStringLiteral("bench"), {"measure this machine (idleforgectl bench [--quick|--thorough] --json)", runBench}},
        {QStringLiteral("devnet"), {"talk to a running idleforge-devnet: submit, status (idleforgectl devnet help)", runDevnet}},
        {QStringLiteral("devices"), {"list compute devices and their facts, no benchmark (idleforgectl devices --json)", runDevices}},
        {QStringLiteral("dispute"), {"pinpoint game between two runs (idleforgectl dispute --spec SPEC --workdir-a A --workdir-b B --json)", runDispute}},
        {QStringLiteral("pause"), {"pause the running node's work, for a while or until resumed (idleforgectl pause [--for 1h])", runPause}},
        {QStringLiteral("resume"), {"resume the running node's work after a pause", runResume}},
        {QStringLiteral("status"), {"ask the running node what it is doing (idleforgectl status [--data-dir DIR] [--json])", runStatus}},
        {QStringLiteral("task"), {"training tasks: new, validate, run, trace, state (idleforgectl task help)", runTask}},
        {QStringLiteral("wallet"), {"payout wallet and node identity (idleforgectl wallet help)", runWallet}},
    };
    return table;
}

int usage(FILE *to)
{
    QTextStream out(to);
    out << "usage: idleforgectl [--version] <command> [args]\n\ncommands:\n";
    for (const auto &[name, cmd] : subcommands())
        out << "  " << name.leftJustified(10) << ' ' << cmd.summary << '\n';
    return to == stdout ? 0 : 2;
}

} // namespace

int main(int argc, char **argv)
{
    idleforge::crypto::makeProcessUndumpable(); // it holds wallet and node keys
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("IdleForge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IDLEFORGE_VERSION));
    idleforge::installLogFormat();

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty())
        return usage(stderr);
    const QString first = args.first();
    // --version anywhere, on any command, only prints the version (core/base/CommandLine.h).
    if (first == QLatin1String("version") || idleforge::cli::versionRequested(args)) {
        std::printf("idleforgectl %s\n", IDLEFORGE_VERSION);
        return 0;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help"))
        return usage(stdout);
    const auto &table = subcommands();
    const auto it = table.find(first);
    if (it == table.end()) {
        if (idleforge::cli::helpRequested(args))
            return usage(stdout);
        std::fprintf(stderr, "idleforgectl: unknown command '%s'\n", qPrintable(first));
        return usage(stderr);
    }
    return it->second.run(args); // each handles --help first (Cli.h)
}
