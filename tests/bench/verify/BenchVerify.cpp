// Figures of issue 6, as JSON on stdout:
//  - detection rate vs m for f in {1%, 10%, 50%} (sample draws against a synthetic run of
//    10,000 steps, compared with 1-(1-f)^m and the exact without-replacement probability);
//  - verifier compute as a share of the solver's for P = 99%, f = 10% on a 1,000-step task (mlp
//    template), both measured here in the same process;
//  - pinpoint game rounds, bytes and referee time next to one full step (a small gpt).
// Usage: BenchVerify [--quick]
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"
#include "task/TaskSpec.h"
#include "task/Templates.h"
#include "verify/Audit.h"
#include "verify/AuditPolicy.h"
#include "verify/FaultOption.h"
#include "verify/GameDriver.h"
#include "verify/Pinpoint.h"
#include "verify/SampleSelection.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

using namespace idleforge;

namespace {

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

QJsonArray detectionFigure(int trials)
{
    const std::int64_t N = 10'000;
    QJsonArray out;
    for (double f : {0.01, 0.10, 0.50}) {
        const auto bad = std::int64_t(std::llround(f * double(N))); // steps 0..bad-1 are faked; position is irrelevant
        QJsonArray rows;
        for (int m : {1, 2, 5, 10, 20, 44, 100, 200, 459}) {
            int caught = 0;
            for (int s = 0; s < trials; ++s) {
                const auto samples = verify::drawSamples(verify::seedFromText(std::to_string(s)), crypto::Hash256{}, N, m);
                caught += samples.front() < bad ? 1 : 0; // ascending: any faked step sampled
            }
            rows.append(QJsonObject{{QStringLiteral("m"), m},
                                    {QStringLiteral("empirical"), double(caught) / trials},
                                    {QStringLiteral("one_minus_1_minus_f_pow_m"), 1 - std::pow(1 - f, m)},
                                    {QStringLiteral("exact"), verify::detectionProbability(N, bad, m)}});
        }
        out.append(QJsonObject{{QStringLiteral("f"), f}, {QStringLiteral("trials"), trials},
                               {QStringLiteral("m_for_P99"), verify::samplesFor(0.99, f)}, {QStringLiteral("rows"), rows}});
    }
    return out;
}

task::TaskSpec spec(const QString &tmpl, qint64 steps, qint64 every)
{
    task::TemplateOptions o;
    o.templateName = tmpl;
    if (tmpl == QLatin1String("mlp")) {
        o.layers = 1;
        o.dModel = 64;
        o.hidden = 256;
        o.context = 32;
        o.batch = 8;
    } else {
        o.layers = 2;
        o.dModel = 64;
        o.heads = 4;
        o.context = 32;
        o.batch = 4;
    }
    o.steps = steps;
    o.checkpointEvery = every;
    o.data.size = 1 << 16;
    return task::parseTaskSpec(task::makeTemplateSpec(o).value()).value();
}

graph::RunResult train(const verify::TaskContext &ctx, const QString &dir, const QString &fault = {})
{
    graph::ReproExecutor exec(ctx.graph);
    graph::RunOptions o;
    o.checkpointDir = QDir(dir).filePath(QStringLiteral("checkpoints-repro")).toStdString();
    o.taskId = ctx.taskId;
    o.shard = ctx.shard;
    if (!fault.isEmpty()) {
        const auto json = *verify::parseFaultOption(fault);
        o.fault = *verify::faultPlanFromJson(json);
        (void)verify::writeFaultRecord(dir, json);
    }
    return graph::runTraining(ctx.graph, exec, o);
}

QJsonObject auditShare(qint64 steps)
{
    const auto s = spec(QStringLiteral("mlp"), steps, 50);
    const auto ctx = *verify::loadTaskContext(s);
    QTemporaryDir tmp;
    const double t0 = now();
    const auto result = train(ctx, tmp.path());
    const double solverSeconds = now() - t0;
    const int m = verify::samplesFor(0.99, 0.10);
    auto run = std::move(verify::GraphRun::open(ctx, tmp.path()).value());
    verify::ReproStepRecomputer recomputer(ctx);
    verify::AuditVerifier verifier(ctx, recomputer, verify::seedFromText("bench"), m, QStringLiteral("bench"));
    verify::AuditSolver solver(*run, ctx.taskId, QStringLiteral("bench"));
    // Verifier time = its handle() calls (proof checks, H(s_t), recomputation); the solver's
    // serving (replays from checkpoints) is timed apart.
    double verifierSeconds = 0, serveSeconds = 0;
    int messages = 0;
    qint64 bytes = 0;
    std::vector<verify::Message> queue = verifier.start();
    while (!queue.empty()) {
        std::vector<verify::Message> next;
        for (const auto &msg : queue) {
            ++messages;
            bytes += msg.wireBytes();
            const double a = now();
            auto r = msg.to == QLatin1String("verifier") ? verifier.handle(msg) : solver.handle(msg);
            (msg.to == QLatin1String("verifier") ? verifierSeconds : serveSeconds) += now() - a;
            if (r)
                for (auto &x : *r)
                    next.push_back(std::move(x));
        }
        queue = std::move(next);
    }
    verify::Reputation rep;
    for (int i = 0; i < 40; ++i)
        rep.recordAudit(true);
    return {{QStringLiteral("task"), QStringLiteral("mlp d=64 hidden=256 ctx=32 batch=8")},
            {QStringLiteral("steps"), double(steps)},
            {QStringLiteral("P"), 0.99}, {QStringLiteral("f"), 0.10}, {QStringLiteral("m"), m},
            {QStringLiteral("audit_ok"), verifier.report().ok},
            {QStringLiteral("solver_train_s"), solverSeconds},
            {QStringLiteral("solver_compute_s"), result.computeSeconds},
            {QStringLiteral("verifier_s"), verifierSeconds},
            {QStringLiteral("verifier_recompute_s"), recomputer.seconds()},
            {QStringLiteral("verifier_share"), verifierSeconds / solverSeconds},
            {QStringLiteral("solver_serving_s"), serveSeconds},
            {QStringLiteral("messages"), messages}, {QStringLiteral("bytes"), double(bytes)},
            {QStringLiteral("m_after_40_clean_audits"), rep.samples(steps)},
            {QStringLiteral("share_after_40_clean_audits"), verifierSeconds / solverSeconds * rep.samples(steps) / m}};
}

QJsonObject pinpointCost(qint64 steps)
{
    const auto s = spec(QStringLiteral("gpt"), steps, 8);
    const auto ctx = *verify::loadTaskContext(s);
    QTemporaryDir tmp;
    const QString honest = QDir(tmp.path()).filePath(QStringLiteral("honest"));
    train(ctx, honest);
    // One full step, median of 5, as the yardstick.
    graph::ReproExecutor exec(ctx.graph);
    std::vector<double> stepTimes;
    graph::TrainState st = graph::initialState(ctx.graph);
    for (int i = 0; i < 5; ++i) {
        const double a = now();
        graph::replayStep(ctx.graph, exec, st, ctx.shard, nullptr);
        stepTimes.push_back(now() - a);
    }
    std::sort(stepTimes.begin(), stepTimes.end());
    const double stepSeconds = stepTimes[2];
    const int M = exec.nodeCount();
    QJsonArray games;
    for (int node : {0, M / 3, M / 2, M - 1}) {
        const qint64 step = steps / 2 + node % 7;
        const QString fault = QStringLiteral("bitflip:step=%1,node=%2").arg(step).arg(node);
        const QString dir = QDir(tmp.path()).filePath(fault);
        train(ctx, dir, fault);
        auto a = std::move(verify::GraphRun::open(ctx, honest).value());
        auto b = std::move(verify::GraphRun::open(ctx, dir).value());
        verify::PinpointParty pa(QStringLiteral("a"), *a, ctx, QStringLiteral("g"));
        verify::PinpointParty pb(QStringLiteral("b"), *b, ctx, QStringLiteral("g"));
        verify::PinpointReferee referee(ctx, QStringLiteral("g"));
        const double t0 = now();
        const auto traffic = verify::runPinpoint(referee, pa, pb);
        const double gameSeconds = now() - t0;
        const auto &o = referee.outcome();
        games.append(QJsonObject{{QStringLiteral("fault"), fault},
                                 {QStringLiteral("found_step"), double(o.step)}, {QStringLiteral("found_node"), o.node},
                                 {QStringLiteral("op"), o.op}, {QStringLiteral("winner"), o.winner},
                                 {QStringLiteral("step_rounds"), o.stepRounds}, {QStringLiteral("node_rounds"), o.nodeRounds},
                                 {QStringLiteral("messages"), traffic.messages}, {QStringLiteral("bytes"), double(traffic.bytes)},
                                 {QStringLiteral("referee_input_bytes"), double(o.refereeBytes)},
                                 {QStringLiteral("referee_ops"), o.refereeOps},
                                 {QStringLiteral("referee_op_s"), o.refereeSeconds},
                                 {QStringLiteral("referee_op_over_step"), o.refereeSeconds / stepSeconds},
                                 {QStringLiteral("game_wall_s_both_parties"), gameSeconds}});
    }
    return {{QStringLiteral("task"), QStringLiteral("gpt 2 layers d=64 ctx=32 batch=4")},
            {QStringLiteral("steps"), double(steps)}, {QStringLiteral("plan_nodes"), M},
            {QStringLiteral("full_step_s"), stepSeconds},
            {QStringLiteral("log2_steps_bound"), int(std::ceil(std::log2(double(steps + 1))))},
            {QStringLiteral("log2_nodes_bound"), int(std::ceil(std::log2(double(M + 1))))},
            {QStringLiteral("games"), games}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    QJsonObject out;
    out.insert(QStringLiteral("detection_rate_vs_m"), detectionFigure(quick ? 300 : 2000));
    out.insert(QStringLiteral("audit_compute_share"), auditShare(quick ? 200 : 1000));
    out.insert(QStringLiteral("pinpoint"), pinpointCost(quick ? 16 : 64));
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
