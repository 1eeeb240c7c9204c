// idleforgectl task new|validate|run|trace|state: training tasks from the command line.
// Training and step replay run in idleforge-worker (this binary never loads libtorch); `state`
// only reads the run's newest checkpoint.
#include "Cli.h"
#include "base/BuildFeatures.h"
#include "Commands.h"

#include "base/CommandLine.h"
#include "base/Paths.h"
#include "compute/graph/Checkpoint.h"
#include "crypto/Merkle.h"
#include "node/ProviderOptions.h"
#include "node/WorkerSupervisor.h"
#include "task/DatasetStore.h"
#include "task/Templates.h"
#include "task/WorkerJob.h"
#include "verify/AuditPolicy.h"
#include "verify/FaultOption.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <functional>

namespace idleforge::ctl {

namespace {

const Cli cli("task");

// Parses args; returns -1 to go on, else the exit code (help printed or usage error).
int parse(QCommandLineParser &parser, const QStringList &args, const QString &description, int positional)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    if (const int rc = parseArgs(cli, parser, args); rc >= 0)
        return rc;
    if (parser.positionalArguments().size() != positional)
        return cli.fail(QStringLiteral("expected %1 argument(s); see --help").arg(positional), 2);
    return -1;
}

// A spec allows this many steps at most: the one range (task::ValidationLimits).
constexpr qint64 kMaxSteps = task::ValidationLimits{}.maxSteps;

// Integer option with bounds; false (and a message) when not a number in range.
bool intOption(const QCommandLineParser &p, const char *name, qint64 min, qint64 max, auto &out)
{
    const QString key = QString::fromLatin1(name);
    if (!p.isSet(key))
        return true;
    bool ok = false;
    const qint64 v = p.value(key).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        cli.fail(QStringLiteral("--%1 needs an integer in %2..%3").arg(key).arg(min).arg(max));
        return false;
    }
    out = static_cast<std::remove_reference_t<decltype(out)>>(v);
    return true;
}

// `task new` without --checkpoint-every: k from the trade-off between checkpoint writes and audit
// serving (core/verify/README.md, "Choosing k"), sized for a new host (P = 99 %, f = 10 %).
void chooseCheckpointInterval(task::TemplateOptions &o)
{
    auto json = task::makeTemplateSpec(o);
    auto spec = json ? task::parseTaskSpec(*json) : Result<task::TaskSpec>(json.error());
    if (spec) // an invalid spec keeps the default; the caller reports what is wrong
        o.checkpointEvery = verify::suggestedCheckpointEvery(o.steps, verify::ReputationPolicy{}.newHostSamples(),
                                                             spec->cost.stateBytes, verify::kCheckpointDiskBudgetBytes);
}

int runNew(const QStringList &args)
{
    QCommandLineParser p;
    // name, help, value name (a table: the option list reads as one)
    static const char *const kOptions[][3] = {
        {"layers", "Transformer blocks (gpt) or hidden layers (mlp).", "N"},
        {"d-model", "Embedding width.", "N"},
        {"heads", "Attention heads (gpt).", "N"},
        {"hidden", "Hidden width (mlp; default 4 * d-model).", "N"},
        {"context", "Tokens per sequence.", "N"},
        {"steps", "Training steps.", "N"},
        {"batch", "Sequences per step.", "N"},
        {"seed", "Seed of initialisation and batch sampling.", "N"},
        {"checkpoint-every", "Checkpoint interval k in steps (default: the audit cost's optimum for a new host, "
                             "sqrt(2 N / 44), raised so the checkpoints fit 256 MiB).", "N"},
        {"lr", "Learning rate.", "X"},
        {"weight-decay", "AdamW weight decay.", "X"},
        {"optimizer", "adamw or sgd.", "NAME"},
        {"backend", "repro (default) or fast.", "NAME"},
        {"data", "Train on this file (copied into the content-addressed store).", "FILE"},
        {"synthetic-size", "Bytes of synthetic text when no --data is given.", "N"},
        {"output", "Write the spec here instead of stdout.", "FILE"},
    };
    p.addOption({QStringLiteral("template"), QStringLiteral("gpt or mlp."), QStringLiteral("NAME"), QStringLiteral("gpt")});
    for (const auto &o : kOptions)
        p.addOption({QString::fromUtf8(o[0]), QString::fromUtf8(o[1]), QString::fromUtf8(o[2])});
    if (int rc = parse(p, args, QStringLiteral("Print a task spec made from a template."), 0); rc >= 0)
        return rc;
    task::TemplateOptions o;
    o.templateName = p.value(QStringLiteral("template"));
    if (o.templateName == QLatin1String("mlp")) {
        o.layers = 1;
        o.dModel = 64;
        o.hidden = 256;
        o.context = 32;
    }
    if (!intOption(p, "layers", 0, 64, o.layers) || !intOption(p, "d-model", 1, 8192, o.dModel) || !intOption(p, "heads", 1, 1024, o.heads)
        || !intOption(p, "hidden", 1, 65536, o.hidden) || !intOption(p, "context", 1, 65536, o.context)
        || !intOption(p, "steps", 1, kMaxSteps, o.steps) || !intOption(p, "batch", 1, 65536, o.batch)
        || !intOption(p, "seed", 0, qint64(1) << 53, o.seed) || !intOption(p, "checkpoint-every", 0, kMaxSteps, o.checkpointEvery)
        || !intOption(p, "synthetic-size", 2, qint64(64) << 20, o.data.size))
        return 2;
    for (const auto &[name, target] : {std::pair{"lr", &o.lr}, std::pair{"weight-decay", &o.weightDecay}}) {
        if (!p.isSet(QString::fromLatin1(name)))
            continue;
        bool ok = false;
        *target = p.value(QString::fromLatin1(name)).toDouble(&ok);
        if (!ok)
            return cli.fail(QStringLiteral("--%1 needs a number").arg(QString::fromLatin1(name)), 2);
    }
    if (p.isSet(QStringLiteral("optimizer")))
        o.optimizer = p.value(QStringLiteral("optimizer"));
    if (p.isSet(QStringLiteral("backend")))
        o.backend = p.value(QStringLiteral("backend"));
    if (p.isSet(QStringLiteral("data"))) {
        task::DatasetStore store;
        auto entry = store.putFile(p.value(QStringLiteral("data")));
        if (!entry)
            return cli.fail(entry.error().message);
        o.data = {task::DatasetRef::Kind::Bytes, entry->hash, entry->size};
        std::fprintf(stderr, "stored %s as %s (%lld bytes)\n", qPrintable(p.value(QStringLiteral("data"))),
                     qPrintable(task::hashHex(entry->hash)), static_cast<long long>(entry->size));
    }
    if (!p.isSet(QStringLiteral("checkpoint-every")))
        chooseCheckpointInterval(o);
    auto spec = task::makeTemplateSpec(o);
    if (!spec)
        return cli.fail(spec.error().message, 2);
    const QStringList issues = task::validateTaskSpec(spec.value());
    if (!issues.isEmpty())
        return cli.fail(QStringLiteral("the template options give an invalid spec:\n") + issues.join(QLatin1Char('\n')), 2);
    if (p.isSet(QStringLiteral("output"))) {
        QFile f(p.value(QStringLiteral("output")));
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(spec.value()).toJson()) < 0)
            return cli.fail(QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString()));
        return 0;
    }
    printJson(spec.value());
    return 0;
}

int runValidate(const QStringList &args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the verdict as JSON.")});
    if (int rc = parse(p, args, QStringLiteral("Validate a task spec: schema, graph, budgets and dataset."), 1); rc >= 0)
        return rc;
    auto spec = task::loadTaskSpec(p.positionalArguments().at(0));
    QStringList issues;
    if (!spec) {
        issues = spec.error().message.split(QLatin1Char('\n'));
    } else if (auto data = task::DatasetStore().resolve(spec->data); !data) {
        issues << QStringLiteral("data.hash: ") + data.error().message;
    }
    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject out{{QStringLiteral("valid"), issues.isEmpty()}, {QStringLiteral("errors"), QJsonArray::fromStringList(issues)}};
        if (issues.isEmpty()) {
            out.insert(QStringLiteral("task_id"), task::hashHex(spec->taskId));
            out.insert(QStringLiteral("cost"), spec->cost.toJson());
        }
        printJson(out);
    } else if (issues.isEmpty()) {
        std::printf("valid: %s, task %s, %.3g FLOP per step, %lld parameters, about %.1f MiB per step\n", qPrintable(spec->name),
                    qPrintable(task::hashHex(spec->taskId)), spec->cost.flopsPerStep, static_cast<long long>(spec->cost.paramCount),
                    double(spec->cost.peakBytes) / double(1 << 20));
    } else {
        for (const auto &issue : issues)
            std::fprintf(stderr, "%s\n", qPrintable(issue));
    }
    return issues.isEmpty() ? 0 : 1;
}

// Runs one job in a fresh worker, progress on stderr; the result JSON (or nothing) in `result`.
int runInWorker(const QString &job, const QJsonObject &params, QJsonObject &result)
{
    int exitCode = 1;
    node::WorkerSupervisor worker;
    worker.setProgram(paths::workerProgram());
    worker.setStopDeadlineMs(30'000); // a cancelled training writes its checkpoint first
    QObject::connect(&worker, &node::WorkerSupervisor::progress, [](const QString &, double fraction, const QString &message) {
        std::fprintf(stderr, "[%3d%%] %s\n", int(fraction * 100), qPrintable(message));
    });
    QObject::connect(&worker, &node::WorkerSupervisor::resultReady, [&](const QString &, const QJsonObject &r) {
        result = r;
        exitCode = 0;
        worker.stop();
    });
    QObject::connect(&worker, &node::WorkerSupervisor::failed, [&](const QString &, const QString &code, const QString &message) {
        cli.fail(message + QStringLiteral(" (") + code + QLatin1Char(')'));
        exitCode = 1;
        worker.stop();
    });
    QObject::connect(&worker, &node::WorkerSupervisor::finished, QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
    worker.start();
    worker.submit(job, params);
    QCoreApplication::exec();
    return exitCode;
}

// Shared by run and trace: SPEC, --workdir, --backend, --threads, --device.
struct RunArgs {
    QJsonObject spec;
    task::TrainJobParams params;
};

std::optional<RunArgs> runArgs(const QCommandLineParser &p, int &rc)
{
    rc = 2;
    const QString workdir = p.value(QStringLiteral("workdir"));
    if (workdir.isEmpty()) {
        cli.fail(QStringLiteral("--workdir DIR is required"), 2);
        return std::nullopt;
    }
    auto spec = task::loadTaskSpec(p.positionalArguments().at(0));
    if (!spec) {
        rc = 1;
        cli.fail(spec.error().message);
        return std::nullopt;
    }
    int threads = 0;
    if (!intOption(p, "threads", 0, 1024, threads))
        return std::nullopt;
    task::TrainJobParams params;
    params.spec = spec->json;
    params.workdir = QFileInfo(workdir).absoluteFilePath();
    params.threads = threads;
    params.storeDir = paths::storeDir();
    params.backend = p.value(QStringLiteral("backend"));
    params.device = p.value(QStringLiteral("device"));
    return RunArgs{spec->json, params};
}

// --step T, required; returns -1 to go on, else the exit code after one message.
int stepOption(const QCommandLineParser &p, qint64 &step)
{
    if (!p.isSet(QStringLiteral("step")))
        return cli.fail(QStringLiteral("--step T is required"), 2);
    return intOption(p, "step", 0, kMaxSteps, step) ? -1 : 2;
}

void addRunOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("workdir"), QStringLiteral("Job folder (checkpoints; re-running resumes)."), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("backend"), QStringLiteral("repro or fast (default: the spec's)."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("threads"), QStringLiteral("CPU threads (0: default)."), QStringLiteral("N"), QStringLiteral("0")});
    p.addOption({QStringLiteral("device"), QStringLiteral("cpu (default) or vulkan:N: the repro GEMMs on that GPU, the same bits."), QStringLiteral("ID")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON (the default output).")});
}

// Runs one job in a worker and prints its result: the exit code.
int printWorkerResult(const QString &job, const QJsonObject &params)
{
    QJsonObject result;
    const int rc = runInWorker(job, params, result);
    if (rc == 0)
        printJson(result);
    return rc;
}

// trace and state: SPEC, the run options and --step T.
struct StepRun {
    RunArgs run;
    qint64 step = -1;
    QString backend; // --backend, empty when not given
};

// Parses trace's or state's arguments and runs `then` on them: the exit code (2 after a usage
// error, 0 after help).
int withStepCommand(const QStringList &args, const QString &stepHelp, const QString &description,
                    const std::function<int(StepRun &)> &then)
{
    QCommandLineParser p;
    addRunOptions(p);
    p.addOption({QStringLiteral("step"), stepHelp, QStringLiteral("T")});
    if (const int rc = parse(p, args, description, 1); rc >= 0)
        return rc;
    int rc = 2;
    auto run = runArgs(p, rc);
    if (!run)
        return rc;
    StepRun s{*run, -1, p.value(QStringLiteral("backend"))};
    if (const int bad = stepOption(p, s.step); bad >= 0)
        return bad;
    return then(s);
}

// --extra-checkpoints DIR [--extra-every K]: the run keeps extra checkpoints in DIR between the
// task's own (graph::RunOptions), as the node does in memory; K by default as the node picks it
// for its default 3 GiB (verify::extraCheckpointEvery). Returns -1 to go on, else the exit code.
int extraCheckpointOptions(const QCommandLineParser &p, const task::TaskSpec &spec, task::TrainJobParams &params)
{
    if (!p.isSet(QStringLiteral("extra-checkpoints")))
        return p.isSet(QStringLiteral("extra-every")) ? cli.fail(QStringLiteral("--extra-every needs --extra-checkpoints DIR"), 2) : -1;
    qint64 every = verify::extraCheckpointEvery(spec.graph.config.steps, spec.graph.config.checkpointEvery,
                                                verify::ReputationPolicy{}.newHostSamples(), spec.cost.stateBytes,
                                                node::ProviderOptions{}.ramCheckpointBytes);
    if (p.isSet(QStringLiteral("extra-every")) && !intOption(p, "extra-every", 1, kMaxSteps, every))
        return 2;
    if (every <= 0 || every >= spec.graph.config.checkpointEvery)
        return cli.fail(p.isSet(QStringLiteral("extra-every"))
                            ? QStringLiteral("--extra-every %1 is no denser than the task's own checkpoints, every %2 steps")
                                  .arg(every).arg(spec.graph.config.checkpointEvery)
                            : QStringLiteral("no extra checkpoints: the task's own come every %1 steps, and none denser would pay "
                                             "(--extra-every K sets them)").arg(spec.graph.config.checkpointEvery), 2);
    params.extraCheckpointDir = QFileInfo(p.value(QStringLiteral("extra-checkpoints"))).absoluteFilePath();
    if (!QDir().mkpath(params.extraCheckpointDir)) // the worker makes one level only (a node's memory folder that went stays gone)
        return cli.fail(QStringLiteral("cannot create %1").arg(params.extraCheckpointDir));
    params.extraCheckpointEvery = every;
    return -1;
}

int runRun(const QStringList &args)
{
    QCommandLineParser p;
    addRunOptions(p);
    p.addOption({QStringLiteral("extra-checkpoints"),
                 QStringLiteral("Also keep checkpoints between the task's own in DIR (a tmpfs folder below /dev/shm: the worker's sandbox "
                                "allows it); `audit --extra-checkpoints DIR` serves from them. They never enter the commitment."),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("extra-every"), QStringLiteral("Their interval in steps (default: what 3 GiB hold for an audit of 44 samples)."),
                 QStringLiteral("K")});
#ifdef IDLEFORGE_FAULT_INJECTION
    p.addOption({QStringLiteral("inject-fault"), QStringLiteral("Test builds: cheat on purpose (bitflip:step=T,node=I | fabricate:from=T1,to=T2 | wrong-batch:step=T | skip-update:step=T)."), QStringLiteral("FAULT")});
#endif
    if (int rc = parse(p, args, QStringLiteral("Train a task in a job folder and print its commitment."), 1); rc >= 0)
        return rc;
    int rc = 2;
    auto run = runArgs(p, rc);
    if (!run)
        return rc;
    if (auto spec = task::parseTaskSpec(run->spec); !spec)
        return cli.fail(spec.error().message);
    else if (const int bad = extraCheckpointOptions(p, *spec, run->params); bad >= 0)
        return bad;
#ifdef IDLEFORGE_FAULT_INJECTION
    if (p.isSet(QStringLiteral("inject-fault"))) {
        auto fault = verify::parseFaultOption(p.value(QStringLiteral("inject-fault")));
        if (!fault)
            return cli.fail(fault.error().message, 2);
        run->params.fault = *fault;
        if (auto rec = verify::writeFaultRecord(run->params.workdir, *fault); !rec)
            return cli.fail(rec.error().message);
    }
#endif
    return printWorkerResult(QStringLiteral("train"), run->params.toJson());
}

int runTrace(const QStringList &args)
{
    return withStepCommand(args, QStringLiteral("The step T to replay (s_T -> s_T+1)."),
                           QStringLiteral("Replay one step with tracing: per-node output hashes and the trace root."), [](StepRun &s) {
                               s.run.params.step = s.step;
                               return printWorkerResult(QStringLiteral("replay-step"), s.run.params.toJson());
                           });
}

// state: h_T and its proof from the newest checkpoint.
int printState(const StepRun &s)
{
    const qint64 step = s.step;
    auto spec = task::parseTaskSpec(s.run.spec);
    const QString backend = s.backend.isEmpty() ? spec->backend : s.backend;
    const std::string dir = QFile::encodeName(task::checkpointDirOf(s.run.params.workdir, backend)).toStdString();
    const auto ckpt = graph::latestCheckpoint(dir, spec->taskId);
    if (!ckpt)
        return cli.fail(QStringLiteral("no checkpoint of this task in %1; run it first").arg(QString::fromStdString(dir)));
    if (step > ckpt->state.step)
        return cli.fail(QStringLiteral("the run has committed states up to step %1 only").arg(ckpt->state.step));
    const auto proof = crypto::merkleProof(ckpt->hashes, std::uint64_t(step));
    QJsonArray siblings;
    for (const auto &sibling : proof.siblings)
        siblings.append(task::hashHex(sibling));
    printJson({{QStringLiteral("step"), double(step)},
               {QStringLiteral("state_hash"), task::hashHex(ckpt->hashes[size_t(step)])},
               {QStringLiteral("commitment"), task::hashHex(crypto::merkleRoot(ckpt->hashes))},
               {QStringLiteral("complete"), ckpt->state.step == spec->graph.config.steps},
               {QStringLiteral("proof"), QJsonObject{{QStringLiteral("index"), double(proof.index)},
                                                     {QStringLiteral("count"), double(proof.count)},
                                                     {QStringLiteral("siblings"), siblings}}}});
    return 0;
}

int runState(const QStringList &args)
{
    return withStepCommand(args, QStringLiteral("The state s_T whose hash to open."),
                           QStringLiteral("Print h_T and its Merkle proof against the run commitment."), printState);
}

} // namespace

int runTask(const QStringList &args)
{
    static const std::map<QString, int (*)(const QStringList &)> subs{
        {QStringLiteral("new"), runNew},     {QStringLiteral("validate"), runValidate}, {QStringLiteral("run"), runRun},
        {QStringLiteral("trace"), runTrace}, {QStringLiteral("state"), runState},
    };
    const QString sub = args.value(1);
    const auto it = subs.find(sub);
    if (it == subs.end()) {
        const bool help = sub == QLatin1String("help") || cli::helpRequested(args);
        std::fputs("usage: idleforgectl task new|validate|run|trace|state ... (--help on each)\n", help ? stdout : stderr);
        return help ? 0 : 2;
    }
    QStringList rest = args.mid(1);
    rest[0] = QStringLiteral("idleforgectl task ") + sub;
    return it->second(rest);
}

} // namespace idleforge::ctl
