// idleforgectl bench [--quick|--thorough] [--device ID] [--threads N] [--json] [--no-record]
// Runs the benchmark in a worker, prints it, and stores it in the ledger (with history) unless
// --no-record; the node then uses it at start-up while the re-run rule allows.
#include "Cli.h"
#include "Commands.h"
#include "WorkerJob.h"

#include "base/Clock.h"
#include "base/Paths.h"
#include "ledger/Ledger.h"
#include "node/BenchmarkRunner.h"
#include "node/HardwareProfile.h"
#include "node/StoredBenchmark.h"
#include "platform/Nvml.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace idleforge::ctl {

namespace {

void printText(const QJsonObject &result)
{
    QTextStream out(stdout);
    for (const auto &d : result.value(QStringLiteral("devices")).toArray())
        out << d[QStringLiteral("id")].toString() << ": " << d[QStringLiteral("name")].toString() << '\n';
    for (const auto &r : result.value(QStringLiteral("results")).toArray()) {
        const QJsonObject o = r.toObject();
        out << "  " << o[QStringLiteral("device")].toString().leftJustified(9) << ' '
            << o[QStringLiteral("kind")].toString().leftJustified(16) << ' '
            << QString::number(o[QStringLiteral("value")].toDouble(), 'f', 1).rightJustified(9) << ' '
            << o[QStringLiteral("unit")].toString();
        if (o[QStringLiteral("peak")].toDouble() > 0)
            out << QStringLiteral("  (%1% of peak %2)").arg(o[QStringLiteral("efficiency")].toDouble() * 100, 0, 'f', 0)
                                                   .arg(o[QStringLiteral("peak")].toDouble(), 0, 'f', 0);
        out << '\n';
    }
    out << "duration: " << QString::number(result.value(QStringLiteral("duration_s")).toDouble(), 'f', 1) << " s\n";
}

} // namespace

int runBench(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measure this machine's compute throughput."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("quick"), QStringLiteral("Quick tier (default, under 15 s).")});
    parser.addOption({QStringLiteral("thorough"), QStringLiteral("Thorough tier (under 60 s).")});
    parser.addOption({QStringLiteral("device"), QStringLiteral("Device id (cpu, cuda:0, vulkan:0, ...) or all."), QStringLiteral("ID"), QStringLiteral("all")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("CPU threads (default: physical cores)."), QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON on stdout.")});
    parser.addOption({QStringLiteral("no-record"), QStringLiteral("Do not store the result in the ledger.")});
    const Cli cli("bench");
    if (const int rc = parseArgs(cli, parser, args); rc >= 0)
        return rc;
    if (parser.isSet(QStringLiteral("quick")) && parser.isSet(QStringLiteral("thorough"))) {
        std::fprintf(stderr, "idleforgectl bench: --quick and --thorough exclude each other\n");
        return 2;
    }
    bool threadsOk = false;
    node::BenchmarkRunner::Options options;
    options.tier = parser.isSet(QStringLiteral("thorough")) ? QStringLiteral("thorough") : QStringLiteral("quick");
    options.device = parser.value(QStringLiteral("device"));
    options.threads = parser.value(QStringLiteral("threads")).toInt(&threadsOk);
    if (!threadsOk || options.threads < 0) {
        std::fprintf(stderr, "idleforgectl bench: --threads needs a number >= 0\n");
        return 2;
    }
    const bool json = parser.isSet(QStringLiteral("json"));

    node::BenchmarkRunner runner;
    QObject::connect(&runner, &node::BenchmarkRunner::progress, [](double fraction, const QString &message) {
        std::fprintf(stderr, "\r[%3d%%] %-60s", static_cast<int>(fraction * 100), qPrintable(message.left(60)));
        std::fflush(stderr);
    });
    const bool record = !parser.isSet(QStringLiteral("no-record"));
    QObject::connect(&runner, &node::BenchmarkRunner::finished, [&](QJsonObject result) {
        std::fprintf(stderr, "\n");
        const qint64 now = Clock::instance().msecsSinceEpoch();
        const platform::Nvml nvml;
        const node::HardwareProfile profile = node::HardwareProfile::fromWorker(result, nvml.snapshot());
        result.insert(QStringLiteral("devices"), profile.devices()); // with NVML facts where present
        result.insert(QStringLiteral("measured_at_ms"), static_cast<double>(now));
        if (record) {
            // The coordinator key only guards receipts, which this command never adds; the
            // benchmark rows need no key. (The node pins the real key when it has a network.)
            auto ledger = ledger::Ledger::open(paths::ledgerFile(), crypto::PublicKey{});
            auto stored = ledger ? (*ledger)->recordBenchmarks(node::benchmarkRecords(result, profile, now))
                                 : Result<void>(ledger.error());
            if (!stored)
                std::fprintf(stderr, "idleforgectl bench: not stored in the ledger: %s\n", qPrintable(stored.error().message));
        }
        json ? printJson(result) : printText(result);
    });
    return runWorkerJob(runner, cli, true, [&] { runner.start(options); });
}

} // namespace idleforge::ctl
