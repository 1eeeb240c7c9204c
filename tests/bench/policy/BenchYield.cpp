// How fast a training node yields the machine (issue 14): `idleforge --devnet --minimized` (the
// GUI app, run under tests/with-test-env.sh's Xvfb) trains; then, trial after trial,
//   input: one `xdotool mousemove`, and
//   game:  a copy of /bin/sleep named `dota2` (resources/games.txt) starts,
// (a task of 40,000 steps the bench submits to the embedded devnet: the demo tasks are too
// short to interrupt), and the bench times the event to the moment every idleforge-worker child's /proc entry is gone
// (its memory freed), counts the steps lost (the step the node had seen the worker reach, from
// its "pausing ... at step N" line, minus the newest checkpoint the worker resumes from), and
// times the resume: from the idle threshold (input + idle_minutes; game gone + the 10 s
// settle time) to a new worker process and to its first new step. Prints JSON.
//
//   tests/with-test-env.sh build/tests/bin/bench_policy_yield [--trials 30] [--kind input|game|both]
//       [--repro-device cpu|vulkan:N]   (vulkan:N: the worker trains with its GEMMs on that GPU)
#include "IdleNodeUtil.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <cstdio>

using namespace idletest;

namespace {

constexpr qint64 kSettleMs = 10'000; // PolicySettings' settleMs: a game gone this long before work resumes

QJsonObject spread(QList<double> v)
{
    if (v.isEmpty())
        return {{QStringLiteral("n"), 0}};
    std::sort(v.begin(), v.end());
    const auto rank = [&](double p) { return v[std::clamp<qsizetype>(qsizetype(std::ceil(p * double(v.size()))) - 1, 0, v.size() - 1)]; };
    double sum = 0;
    for (double x : v)
        sum += x;
    return {{QStringLiteral("n"), v.size()}, {QStringLiteral("p50"), rank(0.5)}, {QStringLiteral("p99"), rank(0.99)},
            {QStringLiteral("max"), v.last()}, {QStringLiteral("mean"), sum / double(v.size())}};
}

struct Trials {
    QList<double> stopMs, lost, resumeWorkerMs, resumeStepMs;
    int missed = 0; // the worker did not go within 20 s
};

QString g_task; // the long task the bench submitted

// Running, our task with a few steps left, and its worker.
bool training(Node &n, qint64 &step)
{
    return waitFor([&] {
        const QJsonObject s = n.status();
        const QJsonObject job = jobOf(s);
        step = job.value(QLatin1String("step")).toInteger();
        return stateOf(s) == QLatin1String("running") && job.value(QLatin1String("id")).toString() == g_task && step >= 1 &&
               job.value(QLatin1String("steps")).toInteger() - step >= 6 && !n.workers().isEmpty();
    }, 300000, 100);
}

// One trial: `event` at t0 (returns when the event was made), `end` after the worker went
// (returns the idle threshold in ms since epoch).
void trial(Node &node, Trials &out, const std::function<void()> &event, const std::function<qint64()> &end)
{
    qint64 before = 0;
    if (!training(node, before)) {
        std::fprintf(stderr, "no training to interrupt\n");
        ++out.missed;
        return;
    }
    const QString task = jobOf(node.status()).value(QLatin1String("id")).toString();
    const QList<qint64> workers = node.workers();
    const qsizetype logFrom = node.log().size();
    QElapsedTimer t;
    t.start();
    event();
    while (std::any_of(workers.begin(), workers.end(), processAlive) && t.elapsed() < 20000)
        QThread::usleep(500);
    const double stopMs = double(t.nsecsElapsed()) / 1e6;
    if (std::any_of(workers.begin(), workers.end(), processAlive)) {
        ++out.missed;
        end();
        return;
    }
    out.stopMs << stopMs;
    (void)waitFor([&] { return pausedAtStep(node.log(), task, logFrom) >= 0; }, 5000, 20);
    const qint64 reached = std::max(before, pausedAtStep(node.log(), task, logFrom));
    const qint64 resumeFrom = newestCheckpoint(workdirOf(node.log(), task));
    out.lost << double(std::max<qint64>(0, reached - resumeFrom));
    const qint64 threshold = end();
    if (!waitFor([&] { return !node.workers().isEmpty(); }, 120000, 5))
        return;
    out.resumeWorkerMs << double(QDateTime::currentMSecsSinceEpoch() - threshold);
    if (waitFor([&] {
            const QJsonObject job = jobOf(node.status());
            return job.value(QLatin1String("id")).toString() != task || job.value(QLatin1String("step")).toInteger() > resumeFrom;
        }, 120000, 50)) // each look is an idleforgectl process: not too often on a small machine
        out.resumeStepMs << double(QDateTime::currentMSecsSinceEpoch() - threshold);
    std::fprintf(stderr, "trial: stop %.1f ms, reached %lld, resumes from %lld\n", stopMs, qlonglong(reached), qlonglong(resumeFrom));
}

QJsonObject report(const Trials &t)
{
    return {{QStringLiteral("stop_ms"), spread(t.stopMs)}, {QStringLiteral("steps_lost"), spread(t.lost)},
            {QStringLiteral("resume_worker_started_ms"), spread(t.resumeWorkerMs)},
            {QStringLiteral("resume_first_step_ms"), spread(t.resumeStepMs)}, {QStringLiteral("missed"), t.missed}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("trials"), QStringLiteral("Trials per kind (default 30)."), QStringLiteral("N"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("kind"), QStringLiteral("input, game or both (default both)."), QStringLiteral("KIND"), QStringLiteral("both")});
    parser.addOption({QStringLiteral("idle-minutes"), QStringLiteral("idle_minutes (default 0.05)."), QStringLiteral("M"), QStringLiteral("0.05")});
    parser.addOption({QStringLiteral("repro-device"), QStringLiteral("Where the node trains: cpu (default) or vulkan:N (a GPU job)."),
                      QStringLiteral("DEVICE"), QStringLiteral("cpu")});
    parser.process(app);
    const int trials = parser.value(QStringLiteral("trials")).toInt();
    const QString kind = parser.value(QStringLiteral("kind"));
    const double idleMinutes = parser.value(QStringLiteral("idle-minutes")).toDouble();
    if (qEnvironmentVariableIsEmpty("DISPLAY") || trials < 1 || idleMinutes < 0.05) {
        std::fprintf(stderr, "bench_policy_yield: run inside tests/with-test-env.sh; --trials >= 1, --idle-minutes >= 0.05\n");
        return 2;
    }
    const qint64 idleMs = qint64(idleMinutes * 60'000);

    Node node;
    const QByteArray conf = "mode=auto\nidle_minutes=" + QByteArray::number(idleMinutes) +
                            "\nmax_other_cpu_pct=100\nmax_temp_c=110\nresume_temp_c=105\nrun_on_battery=true\nnotifications=false\nautostart=false\n";
    if (!node.start({QStringLiteral("--devnet"), QStringLiteral("--devnet-port"), QStringLiteral("0"), QStringLiteral("--minimized"),
                     QStringLiteral("--no-benchmark"), QStringLiteral("--no-auditor"), QStringLiteral("--threads"), QStringLiteral("1"),
                     QStringLiteral("--repro-device"), parser.value(QStringLiteral("repro-device"))},
                    conf, /*display=*/true)) {
        std::fprintf(stderr, "bench_policy_yield: idleforge did not start\n");
        return 1;
    }
    QString error;
    g_task = node.submitTask(40000, 1'000'000, 50, &error); // the submitter's devnet grant is 1,000,000
    if (g_task.isEmpty()) {
        std::fprintf(stderr, "bench_policy_yield: %s\n", qPrintable(error));
        return 1;
    }
    QTemporaryDir gameDir;
    const QString game = gameDir.filePath(QStringLiteral("dota2"));
    if (!QFile::copy(QStringLiteral("/bin/sleep"), game) || !QFile::setPermissions(game, QFile::ReadOwner | QFile::ExeOwner))
        return 1;

    QElapsedTimer wall;
    wall.start();
    Trials input, games;
    for (int i = 0; i < trials && kind != QLatin1String("game"); ++i) {
        qint64 inputAt = 0;
        trial(node, input, [&] { inputAt = QDateTime::currentMSecsSinceEpoch(); (void)mouseMove(); },
              [&] { return inputAt + idleMs; });
    }
    for (int i = 0; i < trials && kind != QLatin1String("input"); ++i) {
        QProcess playing;
        trial(node, games, [&] { playing.start(game, {QStringLiteral("600")}); playing.waitForStarted(10000); }, [&] {
            playing.kill();
            playing.waitForFinished(10000);
            return QDateTime::currentMSecsSinceEpoch() + kSettleMs;
        });
    }
    const QString log = node.log();
    node.stop();
    const QJsonObject out{{QStringLiteral("bench"), QStringLiteral("policy_yield")},
                          {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                          {QStringLiteral("cpus"), QThread::idealThreadCount()},
                          {QStringLiteral("idle_minutes"), idleMinutes},
                          {QStringLiteral("repro_device"), parser.value(QStringLiteral("repro-device"))},
                          {QStringLiteral("trained_on_device"), log.contains(QStringLiteral("repro tasks train on ") + parser.value(QStringLiteral("repro-device")))},
                          {QStringLiteral("trials_per_kind"), trials},
                          {QStringLiteral("wall_s"), double(wall.elapsed()) / 1000.0},
                          {QStringLiteral("workers_killed_at_deadline"), log.count(QStringLiteral("did not exit within"))},
                          {QStringLiteral("input"), report(input)},
                          {QStringLiteral("game"), report(games)},
                          {QStringLiteral("note"), QStringLiteral("stop_ms: from starting xdotool / the game process to every worker's /proc entry gone; "
                                                                  "steps_lost: the node's last seen step minus the newest checkpoint; resume: from the idle "
                                                                  "threshold (input + idle_minutes, game gone + 10 s settle) to a new worker / its first new step")}};
    std::fprintf(stdout, "%s\n", QJsonDocument(out).toJson(QJsonDocument::Indented).constData());
    return 0;
}
