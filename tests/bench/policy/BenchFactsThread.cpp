// What the facts collection costs as the app runs it (issue 14: "all of it together under 0.5 %
// of one core"): the real platform::FactsThread with the app's sources (the display of
// tests/with-test-env.sh, its private session bus with a fake MPRIS player and UPower on it, NVML
// where there is one, the real /proc and /sys), one snapshot a second, the 100 ms input check and
// the 250 ms game check, for SECONDS after a short warm-up. In the same run, first a baseline:
// this process with an idle event loop and no facts thread, for BASELINE seconds. Reports the
// process's CPU share (getrusage), the facts thread's own share, and each provider's share (its
// thread CPU time, FactsThread::costs()), all in percent of one core. JSON on stdout; no
// assertion on the figures (the goal is printed beside them).
//
//   tests/with-test-env.sh build/tests/bin/bench_policy_facts_thread [--seconds 60] [--baseline 20]
#include "platform/FactsCollector.h"
#include "platform/ProcFs.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTimer>

#include <cstdio>
#include <sys/resource.h>

using namespace idleforge;

namespace {

qint64 processCpuNs()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    const auto ns = [](const timeval &t) { return qint64(t.tv_sec) * 1'000'000'000 + qint64(t.tv_usec) * 1000; };
    return ns(u.ru_utime) + ns(u.ru_stime);
}

void runFor(int ms)
{
    QTimer::singleShot(ms, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
}

double pctOfCore(qint64 ns, int seconds)
{
    return 100.0 * double(ns) / (double(seconds) * 1e9);
}

double rounded(double v)
{
    return double(qRound64(v * 10000.0)) / 10000.0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("The measured window (default 60)."), QStringLiteral("S"), QStringLiteral("60")});
    parser.addOption({QStringLiteral("baseline"), QStringLiteral("The baseline window (default 20)."), QStringLiteral("S"), QStringLiteral("20")});
    parser.addOption({QStringLiteral("warmup"), QStringLiteral("Seconds before the window (default 3)."), QStringLiteral("S"), QStringLiteral("3")});
    parser.process(app);
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const int baseline = parser.value(QStringLiteral("baseline")).toInt();
    const int warmup = parser.value(QStringLiteral("warmup")).toInt();
    if (qEnvironmentVariableIsEmpty("DISPLAY") || seconds < 5 || baseline < 1) {
        std::fprintf(stderr, "bench_policy_facts_thread: run inside tests/with-test-env.sh; --seconds >= 5, --baseline >= 1\n");
        return 2;
    }
    // A media player and UPower on the bus, as a desktop has them: the D-Bus facts have something to ask.
    QProcess fake;
    fake.start(QStringLiteral(FAKE_DBUS_SERVICES), {});
    if (!fake.waitForStarted() || !fake.waitForReadyRead(10000) || !fake.readLine().startsWith("ready")) {
        std::fprintf(stderr, "bench_policy_facts_thread: the fake D-Bus services did not start\n");
        return 1;
    }

    const qint64 b0 = processCpuNs();
    runFor(baseline * 1000);
    const qint64 baselineNs = processCpuNs() - b0;

    platform::FactsSources sources; // as AppCore makes them: $DISPLAY, D-Bus, NVML, /proc, /sys
    platform::FactsThread facts(sources, 1000);
    facts.start();
    runFor(warmup * 1000 + 500);
    const platform::ProviderCosts c0 = facts.costs();
    const qint64 p0 = processCpuNs();
    runFor(seconds * 1000);
    const qint64 processNs = processCpuNs() - p0;
    const platform::ProviderCosts c1 = facts.costs();

    QJsonObject providers;
    for (auto it = c1.cbegin(); it != c1.cend(); ++it) {
        const platform::ProviderCost before = c0.value(it.key());
        const qint64 ns = it->cpuNs - before.cpuNs;
        const qint64 calls = it->calls - before.calls;
        QJsonObject p{{QStringLiteral("cpu_pct_of_core"), rounded(pctOfCore(ns, seconds))}};
        if (calls > 0) {
            p.insert(QStringLiteral("calls"), calls);
            p.insert(QStringLiteral("us_per_call"), rounded(double(ns) / double(calls) / 1000.0));
        }
        providers.insert(it.key(), p);
    }
    const double processPct = pctOfCore(processNs, seconds);
    const double baselinePct = pctOfCore(baselineNs, baseline);
    const QJsonObject out{
        {QStringLiteral("bench"), QStringLiteral("facts_thread")},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("processes_on_machine"), int(platform::listPids().size())},
        {QStringLiteral("baseline_process_cpu_pct_of_core"), rounded(baselinePct)},
        {QStringLiteral("process_cpu_pct_of_core"), rounded(processPct)},
        {QStringLiteral("facts_cpu_pct_of_core"), rounded(processPct - baselinePct)}, // the process less its idle baseline
        {QStringLiteral("facts_thread_cpu_pct_of_core"), providers.value(QStringLiteral("thread")).toObject().value(QStringLiteral("cpu_pct_of_core"))},
        {QStringLiteral("providers"), providers},
        {QStringLiteral("goal_pct_of_core"), 0.5},
    };
    std::printf("%s", QJsonDocument(out).toJson().constData());
    fake.write("quit\n");
    if (!fake.waitForFinished(3000))
        fake.kill();
    return 0;
}
