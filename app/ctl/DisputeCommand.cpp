// idleforgectl dispute: the pinpoint game between two job folders of the same task, run in this
// process (core/verify state machines; repro replays, no libtorch): the referee bisects to the
// first step and then the first node where the runs part, recomputes that one op and rules.
#include "Cli.h"
#include "Commands.h"
#include "Replay.h"

#include "task/TaskSpec.h"
#include "verify/GameDriver.h"
#include "verify/Pinpoint.h"

#include <QCommandLineParser>
#include <QJsonDocument>

#include <cstdio>

namespace idleforge::ctl {

int runDispute(const QStringList &args)
{
    const Cli cli("dispute");
    QCommandLineParser p;
    int threads = 0;
    if (const int rc = parseReplayCommand(
            cli, p, args,
            QStringLiteral("Settle a disagreement between two repro runs of one task with the pinpoint game: bisect over the steps, then over\n"
                           "the nodes of the disputed step; the referee recomputes one op. Exit 0 with a verdict or when the runs agree."),
            {{QStringLiteral("spec"), QStringLiteral("The task spec."), QStringLiteral("SPEC")},
             {QStringLiteral("workdir-a"), QStringLiteral("Job folder of party a."), QStringLiteral("A")},
             {QStringLiteral("workdir-b"), QStringLiteral("Job folder of party b."), QStringLiteral("B")}},
            {}, threads);
        rc >= 0)
        return rc;

    auto ctx = reproContext(p.value(QStringLiteral("spec")), QStringLiteral("the pinpoint game needs repro runs"));
    if (!ctx)
        return cli.fail(ctx.error().message);
    auto a = verify::GraphRun::open(*ctx, p.value(QStringLiteral("workdir-a")), threads);
    if (!a)
        return cli.fail(QStringLiteral("a: ") + a.error().message);
    auto b = verify::GraphRun::open(*ctx, p.value(QStringLiteral("workdir-b")), threads);
    if (!b)
        return cli.fail(QStringLiteral("b: ") + b.error().message);
    verify::PinpointParty pa(QStringLiteral("a"), **a, *ctx, QStringLiteral("dispute"));
    verify::PinpointParty pb(QStringLiteral("b"), **b, *ctx, QStringLiteral("dispute"));
    verify::PinpointReferee referee(*ctx, QStringLiteral("dispute"));
    const verify::Traffic traffic = verify::runPinpoint(referee, pa, pb);
    const verify::PinpointOutcome &o = referee.outcome();
    for (const auto &r : traffic.rejected)
        std::fprintf(stderr, "rejected: %s\n", qPrintable(r));
    if (!o.finished)
        return cli.fail(QStringLiteral("the game did not finish"));
    QJsonObject out;
    if (!o.dispute) {
        out = {{QStringLiteral("dispute"), false}, {QStringLiteral("message"), o.reason}};
    } else {
        out = {{QStringLiteral("step"), double(o.step)},
               {QStringLiteral("node"), QJsonObject{{QStringLiteral("index"), o.node}, {QStringLiteral("op"), o.op}, {QStringLiteral("name"), o.nodeName}}},
               {QStringLiteral("winner"), o.winner},
               {QStringLiteral("step_rounds"), o.stepRounds},
               {QStringLiteral("node_rounds"), o.nodeRounds},
               {QStringLiteral("bytes"), double(traffic.bytes)},
               {QStringLiteral("referee_ops"), o.refereeOps}};
        std::fprintf(stderr, "%s\n", qPrintable(o.reason));
    }
    if (p.isSet(QStringLiteral("json"))) {
        printJson(out);
    } else if (!o.dispute) {
        std::printf("no dispute: %s\n", qPrintable(o.reason));
    } else {
        std::printf("step %lld, node %d (%s %s): winner %s after %d + %d rounds, %lld bytes, %d referee op\n%s\n",
                    static_cast<long long>(o.step), o.node, qPrintable(o.op), qPrintable(o.nodeName), qPrintable(o.winner), o.stepRounds,
                    o.nodeRounds, static_cast<long long>(traffic.bytes), o.refereeOps, qPrintable(o.reason));
    }
    return 0;
}

} // namespace idleforge::ctl
