// idleforgectl audit: a sampling audit of a finished repro run in a job folder. The solver (the
// folder's run) and the verifier are the core/verify state machines, driven in this process:
// both replay steps on the torch-free repro executor, so this binary still never loads libtorch.
#include "Cli.h"
#include "Commands.h"
#include "Replay.h"

#include "task/TaskSpec.h"
#include "task/WorkerJob.h"
#include "verify/Audit.h"
#include "verify/AuditPolicy.h"
#include "verify/GameDriver.h"
#include "verify/SampleSelection.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <cstdio>
#include <optional>

namespace idleforge::ctl {

namespace {
// --mode: auto (replay where it costs less than sampling), sample or replay.
std::optional<verify::AuditMode> modeOf(const QString &m)
{
    if (m == QLatin1String("auto"))
        return verify::AuditMode::Auto;
    if (m == QLatin1String("sample"))
        return verify::AuditMode::Sample;
    if (m == QLatin1String("replay"))
        return verify::AuditMode::Replay;
    return std::nullopt;
}

// The run in --workdir, and its extra checkpoints where --extra-checkpoints DIR names them.
Result<std::unique_ptr<verify::GraphRun>> openRun(const verify::TaskContext &ctx, const QCommandLineParser &p, int threads)
{
    const QString given = p.value(QStringLiteral("extra-checkpoints"));
    const QString extras = given.isEmpty() ? QString() : task::checkpointDirOf(QFileInfo(given).absoluteFilePath(), QStringLiteral("repro"));
    if (!extras.isEmpty() && !QFileInfo(extras).isDir()) // a mistyped folder would only make the audit dearer, silently
        return makeError("ctl.usage", QStringLiteral("--extra-checkpoints %1: no extra checkpoints there (%2 is no folder)").arg(given, extras));
    return verify::GraphRun::open(ctx, p.value(QStringLiteral("workdir")), threads, extras);
}
} // namespace

int runAudit(const QStringList &args)
{
    const Cli cli("audit");
    QCommandLineParser p;
    int threads = 0;
    const int rc = parseReplayCommand(
        cli, p, args,
        QStringLiteral("Audit a finished repro run: draw sample steps from a seed revealed after the run commitment, open h_t and h_t+1\n"
                       "against it, serve s_t, recompute each sampled step and compare. Exit 0: every sample passed; 1: the audit failed."),
        {{QStringLiteral("spec"), QStringLiteral("The task spec."), QStringLiteral("SPEC")},
         {QStringLiteral("workdir"), QStringLiteral("The job folder of the run."), QStringLiteral("DIR")}},
        {{QStringLiteral("samples"), QStringLiteral("Steps to sample (default: enough to catch 10% faked steps with 99%)."), QStringLiteral("M")},
         {QStringLiteral("seed"), QStringLiteral("Seed of the sample draw (default: random)."), QStringLiteral("S")},
         {QStringLiteral("mode"),
          QStringLiteral("auto (default: replay the whole run where that costs less than sampling), sample or replay."),
          QStringLiteral("MODE")},
         {QStringLiteral("extra-checkpoints"), QStringLiteral("Where `task run --extra-checkpoints DIR` kept the run's extra checkpoints: "
                                                              "states are replayed from the nearest of either folder."),
          QStringLiteral("DIR")}},
        threads);
    if (rc >= 0)
        return rc;
    int samples = verify::ReputationPolicy{}.newHostSamples();
    if (p.isSet(QStringLiteral("samples"))) {
        bool ok = true;
        samples = p.value(QStringLiteral("samples")).toInt(&ok);
        if (!ok || samples < 1)
            return cli.fail(QStringLiteral("--samples needs a positive integer"), 2);
    }
    const std::optional<verify::AuditMode> mode = modeOf(p.isSet(QStringLiteral("mode")) ? p.value(QStringLiteral("mode")) : QStringLiteral("auto"));
    if (!mode)
        return cli.fail(QStringLiteral("--mode is auto, sample or replay"), 2);
    const QString seedText = p.isSet(QStringLiteral("seed")) ? p.value(QStringLiteral("seed"))
                                                              : QString::number(QRandomGenerator::system()->generate64());

    auto ctx = reproContext(p.value(QStringLiteral("spec")), QStringLiteral("only repro runs can be audited by recomputation"));
    if (!ctx)
        return cli.fail(ctx.error().message);
    auto run = openRun(*ctx, p, threads);
    if (!run)
        return cli.fail(run.error().message);
    verify::ReproStepRecomputer recomputer(*ctx, threads);
    verify::AuditVerifier verifier(*ctx, recomputer, verify::seedFromText(seedText.toStdString()), samples, QStringLiteral("audit"));
    verifier.setMode(*mode);
    verify::AuditSolver solver(**run, ctx->taskId, QStringLiteral("audit"));
    const verify::Traffic traffic = verify::runAudit(verifier, solver);
    const verify::AuditReport &report = verifier.report();
    for (const auto &r : traffic.rejected)
        std::fprintf(stderr, "rejected: %s\n", qPrintable(r));
    if (!report.failure.isEmpty())
        std::fprintf(stderr, "audit failed: %s\n", qPrintable(report.failure));

    QJsonArray list;
    for (const auto &s : report.samples) {
        list.append(QJsonObject{{QStringLiteral("step"), double(s.step)}, {QStringLiteral("ok"), s.ok}});
        if (!s.ok)
            std::fprintf(stderr, "step %lld failed: %s\n", static_cast<long long>(s.step), qPrintable(s.reason));
    }
    if (p.isSet(QStringLiteral("json"))) {
        const QJsonObject out{{QStringLiteral("samples"), list},
                              {QStringLiteral("ok"), report.ok},
                              {QStringLiteral("mode"), report.replayed ? QStringLiteral("replay") : QStringLiteral("sample")},
                              {QStringLiteral("served_steps"), double(report.servingSteps)},
                              {QStringLiteral("solver_replayed_steps"), double((*run)->stepsReplayed())},
                              {QStringLiteral("recomputed_steps"), report.recomputed},
                              {QStringLiteral("total_steps"), double(report.totalSteps)}};
        printJson(out);
    } else {
        if (report.replayed)
            std::printf("%s: replayed %d of %lld steps against the committed hashes (%d messages, %lld bytes)\n",
                        report.ok ? "passed" : "FAILED", report.recomputed, static_cast<long long>(report.totalSteps), traffic.messages,
                        static_cast<long long>(traffic.bytes));
        else
            std::printf("%s: %zu samples of %lld steps, %d recomputed, %lld replayed to serve them (%d messages, %lld bytes)\n",
                        report.ok ? "passed" : "FAILED", report.samples.size(), static_cast<long long>(report.totalSteps),
                        report.recomputed, static_cast<long long>((*run)->stepsReplayed()), traffic.messages,
                        static_cast<long long>(traffic.bytes));
    }
    return report.ok ? 0 : 1;
}

} // namespace idleforge::ctl
