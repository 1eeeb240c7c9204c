#include "AppOptions.h"
#include "base/BuildFeatures.h"

#include "base/Paths.h"
#include "task/WorkerJob.h"
#include "verify/FaultOption.h"

#include <QCommandLineParser>

#include <cstdio>
#include <cstdlib>

namespace idleforge::app {

namespace {
[[noreturn]] void usageError(const QString &message)
{
    std::fprintf(stderr, "idleforge: %s\n", qPrintable(message));
    std::exit(2);
}

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("IdleForge: earn with your idle GPU by training verifiable ML models."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("headless"), QStringLiteral("Run the node without any window (no display needed).")});
    parser.addOption({QStringLiteral("minimized"), QStringLiteral("Start in the tray without opening the dashboard.")});
    parser.addOption({QStringLiteral("data-dir"), QStringLiteral("Keep all data in DIR (default: ~/.local/share/IdleForge)."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("no-benchmark"), QStringLiteral("Do not measure the hardware at start-up.")});
    parser.addOption({QStringLiteral("thorough-benchmark"), QStringLiteral("Use the thorough benchmark tier at start-up.")});
    parser.addOption({QStringLiteral("devnet"), QStringLiteral("Run an in-process devnet coordinator on loopback (with a demo submitter "
                                                               "and an auditor node) and provide to it.")});
    parser.addOption({QStringLiteral("devnet-port"), QStringLiteral("Port of the --devnet coordinator (default 0: a free one)."), QStringLiteral("PORT"),
                      QStringLiteral("0")});
    parser.addOption({QStringLiteral("no-auditor"), QStringLiteral("With --devnet: no in-process auditor node.")});
    parser.addOption({QStringLiteral("coordinator"), QStringLiteral("Provide to the coordinator at URL (ws://host:port, or wss:// for TLS)."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("coordinator-ca"), QStringLiteral("Also trust the PEM CA certificate(s) in FILE for the coordinator's wss:// and https:// "
                                                                       "(e.g. a self-signed devnet certificate)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("coordinator-key"), QStringLiteral("The coordinator's public key (base58), pinned; receipts are checked against it."), QStringLiteral("KEY")});
    parser.addOption({QStringLiteral("identity-store"), QStringLiteral("Where the node identity key lives: keychain (default) or file:PATH."), QStringLiteral("STORE")});
    parser.addOption({QStringLiteral("password-env"), QStringLiteral("Password of a file: identity store, from this environment variable."), QStringLiteral("VAR")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("CPU threads for training and verification (0: all)."), QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("repro-device"), QStringLiteral("Where repro tasks train: auto (a GPU whose benchmark beats the CPU), cpu, "
                                                                     "or vulkan:N (the same bits on each)."),
                      QStringLiteral("DEVICE"), QStringLiteral("auto")});
    parser.addOption({QStringLiteral("checkpoint-upload-s"), QStringLiteral("Upload the newest checkpoint of a leased task at most every S seconds, "
                                                                            "so another provider can resume it (default 60; 0: every checkpoint)."),
                      QStringLiteral("S"), QStringLiteral("60")});
    parser.addOption({QStringLiteral("disk-budget-mb"), QStringLiteral("Take no new task while the job folders use more than MB megabytes "
                                                                       "(default 0: no budget; 512 MiB of free disk are always kept)."),
                      QStringLiteral("MB"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("ram-checkpoints-mb"), QStringLiteral("Memory (/dev/shm) the extra checkpoints of tasks not settled yet may take, which make "
                                                                           "audits of our runs cheaper to serve; never more than 1/8 of the machine's "
                                                                           "memory (default 3072; 0: none)."),
                      QStringLiteral("MB"), QStringLiteral("3072")});
#ifdef IDLEFORGE_FAULT_INJECTION
    parser.addOption({QStringLiteral("inject-fault"), QStringLiteral("Test builds only: every run of this node cheats (bitflip:step=T,node=I, ...)."), QStringLiteral("FAULT")});
#endif
}

qint64 integerOption(const QCommandLineParser &parser, const QString &name, qint64 lo, qint64 hi)
{
    bool ok = false;
    const qint64 v = parser.value(name).toLongLong(&ok);
    if (!ok || v < lo || v > hi)
        usageError(QStringLiteral("--%1 takes an integer in %2..%3").arg(name).arg(lo).arg(hi));
    return v;
}

void readNetworkOptions(const QCommandLineParser &parser, NetworkOptions &n)
{
    n.devnet = parser.isSet(QStringLiteral("devnet"));
    n.devnetPort = quint16(integerOption(parser, QStringLiteral("devnet-port"), 0, 65535));
    n.auditor = !parser.isSet(QStringLiteral("no-auditor"));
    if (parser.isSet(QStringLiteral("coordinator")))
        n.coordinator = QUrl(parser.value(QStringLiteral("coordinator")));
    n.coordinatorKey = parser.value(QStringLiteral("coordinator-key"));
    n.coordinatorCa = parser.value(QStringLiteral("coordinator-ca"));
    n.identityStore = parser.value(QStringLiteral("identity-store"));
    n.passwordEnv = parser.value(QStringLiteral("password-env"));
    n.threads = int(integerOption(parser, QStringLiteral("threads"), 0, 1024));
    n.reproDevice = parser.value(QStringLiteral("repro-device"));
    if (n.reproDevice != QLatin1String("auto") && !task::isDeviceId(n.reproDevice))
        usageError(QStringLiteral("--repro-device takes auto, cpu or vulkan:N"));
    n.checkpointUploadMs = int(integerOption(parser, QStringLiteral("checkpoint-upload-s"), 0, 86'400)) * 1000;
    n.diskBudgetBytes = integerOption(parser, QStringLiteral("disk-budget-mb"), 0, qint64(1) << 32) << 20;
    n.ramCheckpointBytes = integerOption(parser, QStringLiteral("ram-checkpoints-mb"), 0, qint64(1) << 32) << 20;
#ifdef IDLEFORGE_FAULT_INJECTION
    if (parser.isSet(QStringLiteral("inject-fault"))) {
        auto fault = verify::parseFaultOption(parser.value(QStringLiteral("inject-fault")));
        if (!fault)
            usageError(fault.error().message);
        n.fault = *fault;
    }
#endif
}
} // namespace

AppOptions parseAppOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);
    AppOptions o;
    readNetworkOptions(parser, o.network);
    o.headless = parser.isSet(QStringLiteral("headless"));
    o.minimized = parser.isSet(QStringLiteral("minimized"));
    if (parser.isSet(QStringLiteral("data-dir")))
        paths::setDataDir(parser.value(QStringLiteral("data-dir")));
    o.node.benchmarkOnStart = !parser.isSet(QStringLiteral("no-benchmark"));
    if (parser.isSet(QStringLiteral("thorough-benchmark")))
        o.node.benchmarkTier = QStringLiteral("thorough");
    const double scale = qEnvironmentVariable("IDLEFORGE_BENCH_TIME_SCALE").toDouble();
    if (scale > 0 && scale <= 1)
        o.node.benchmarkTimeScale = scale; // for tests and demos only
    return o;
}

bool runsWithoutDisplay(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char *flag : {"--headless", "--help", "-h", "--help-all", "-?", "--version", "-v"})
            if (qstrcmp(argv[i], flag) == 0)
                return true;
    return false;
}

} // namespace idleforge::app
