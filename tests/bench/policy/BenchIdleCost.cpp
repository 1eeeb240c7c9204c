// What IdleForge costs while the policy holds it waiting (issue 14): `idleforge --minimized`
// (the GUI app with its tray, under tests/with-test-env.sh's Xvfb) with input every few seconds
// (xdotool), so it stays in waiting_for_idle, for a window of SECONDS after a warm-up. Two
// variants side by side: "app" (no network) and "devnet" (--devnet: the in-process coordinator
// and demo submitter too). For each: its CPU time (utime+stime of the process and its threads,
// /proc/PID/stat) over the window as a share of one core, and its resident memory (the max of
// VmRSS sampled every second, and VmHWM). Prints JSON.
//
//   tests/with-test-env.sh build/tests/bin/bench_policy_idle_cost [--seconds 300] [--warmup 30]
#include "IdleNodeUtil.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>
#include <memory>
#include <unistd.h>

using namespace idletest;

namespace {

// utime + stime in clock ticks, -1 if the process is gone.
qint64 cpuTicks(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = f.read(4096);
    const QList<QByteArray> rest = s.mid(s.lastIndexOf(')') + 2).split(' ');
    // After the comm: state(0) ppid(1) ... utime(11) stime(12).
    return rest.size() > 12 ? rest[11].toLongLong() + rest[12].toLongLong() : -1;
}

// A "VmRSS:" / "VmHWM:" line of /proc/PID/status in kB, -1 if absent.
qint64 statusKb(qint64 pid, const char *key)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qstrlen(key)).trimmed().split(' ').first().toLongLong();
    return -1;
}

struct Variant {
    QString name;
    QStringList args;
    std::unique_ptr<Node> node;
    qint64 ticks0 = 0;
    qint64 rssMaxKb = 0;
    QStringList states;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("The measured window (default 300)."), QStringLiteral("S"), QStringLiteral("300")});
    parser.addOption({QStringLiteral("warmup"), QStringLiteral("Seconds before it (default 30)."), QStringLiteral("S"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("input-every"), QStringLiteral("Seconds between inputs (default 3)."), QStringLiteral("S"), QStringLiteral("3")});
    parser.process(app);
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const int warmup = parser.value(QStringLiteral("warmup")).toInt();
    const int inputEvery = std::max(1, parser.value(QStringLiteral("input-every")).toInt());
    if (qEnvironmentVariableIsEmpty("DISPLAY") || seconds < 10) {
        std::fprintf(stderr, "bench_policy_idle_cost: run inside tests/with-test-env.sh; --seconds >= 10\n");
        return 2;
    }
    const QStringList common{QStringLiteral("--minimized"), QStringLiteral("--no-benchmark"), QStringLiteral("--threads"), QStringLiteral("1")};
    std::vector<Variant> variants;
    variants.push_back({QStringLiteral("app"), common, nullptr, 0, 0, {}});
    variants.push_back({QStringLiteral("devnet"), common + QStringList{QStringLiteral("--devnet"), QStringLiteral("--devnet-port"), QStringLiteral("0"),
                                                                      QStringLiteral("--no-auditor")}, nullptr, 0, 0, {}});
    // idle_minutes at its default (5): input every few seconds keeps it waiting all along.
    for (Variant &v : variants) {
        v.node = std::make_unique<Node>();
        if (!v.node->start(v.args, "mode=auto\nmax_other_cpu_pct=100\nnotifications=false\nautostart=false\n", /*display=*/true)) {
            std::fprintf(stderr, "bench_policy_idle_cost: idleforge (%s) did not start\n", qPrintable(v.name));
            return 1;
        }
    }
    const auto tick = [&](int s) {
        if (s % inputEvery == 0)
            (void)mouseMove();
        for (Variant &v : variants)
            v.rssMaxKb = std::max(v.rssMaxKb, statusKb(v.node->pid(), "VmRSS:"));
        QThread::sleep(1);
    };
    for (int s = 0; s < warmup; ++s)
        tick(s);
    for (Variant &v : variants) {
        v.ticks0 = cpuTicks(v.node->pid());
        v.rssMaxKb = 0;
    }
    QElapsedTimer window;
    window.start();
    for (int s = 0; s < seconds; ++s) {
        tick(s);
        if (s % 60 == 0)
            for (Variant &v : variants)
                v.states << stateOf(v.node->status());
    }
    const double elapsedS = double(window.elapsed()) / 1000.0;
    QJsonObject results;
    for (Variant &v : variants) {
        const qint64 ticks = cpuTicks(v.node->pid()) - v.ticks0;
        const double cpuS = double(ticks) / double(sysconf(_SC_CLK_TCK));
        results.insert(v.name, QJsonObject{{QStringLiteral("args"), v.args.join(QLatin1Char(' '))},
                                           {QStringLiteral("cpu_s"), cpuS},
                                           {QStringLiteral("cpu_pct_of_one_core"), 100.0 * cpuS / elapsedS},
                                           {QStringLiteral("rss_max_mb"), double(v.rssMaxKb) / 1024.0},
                                           {QStringLiteral("vm_hwm_mb"), double(statusKb(v.node->pid(), "VmHWM:")) / 1024.0},
                                           {QStringLiteral("workers_seen"), v.node->workers().size()},
                                           {QStringLiteral("states_each_minute"), QJsonArray::fromStringList(v.states)}});
        v.node->stop();
    }
    const QJsonObject out{{QStringLiteral("bench"), QStringLiteral("policy_idle_cost")},
                          {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                          {QStringLiteral("window_s"), elapsedS},
                          {QStringLiteral("warmup_s"), warmup},
                          {QStringLiteral("input_every_s"), inputEvery},
                          {QStringLiteral("goal"), QStringLiteral("< 1 % of one core, < 150 MB RSS")},
                          {QStringLiteral("variants"), results}};
    std::fprintf(stdout, "%s\n", QJsonDocument(out).toJson(QJsonDocument::Indented).constData());
    return 0;
}
