// Messages and bytes per task life on loopback, audits included: an in-process devnet (the
// coordinator, its WebSocket and blob servers) with a submitter of small gpt tasks on README.md,
// and two in-process providers (ProviderNode, each training in its own idleforge-worker process)
// that train the tasks and audit each other. Counted at the coordinator's servers: every
// control frame in and out (by type) and every blob byte up and down, divided by the tasks
// verified. Baseline, from the same run: what a verifier must receive at the least, the
// sampled states s_t (m of them, |s_t| each) plus the dataset once; the figure's "overhead" is
// everything moved over that. Prints JSON.
// Compute (issue 19, the devnet's side of the audit-cost figure): the training is the CPU time of
// the worker processes (this process's children, from /proc: dataset, steps, hashing,
// checkpoints); everything else this process did (the coordinator, the submitter, both
// providers' protocol, blob hashing and uploads, and their verification threads: the solver's
// replays and the verifier's recomputation) is an upper bound on what the audits cost. Its share
// of the training is compared with the floor, the sampled steps over the steps trained; and the
// providers' verification threads alone ("pN-verify": serving replays, recomputing samples, the
// state hashes of both), by thread from /proc/self/task.
//
//   bench_task_life [tasks, default 6] [steps per task, default 40] [checkpoint every, default 0:
//                   the demo submitter's, verify::suggestedCheckpointEvery] [MB of memory for the
//                   providers' extra checkpoints, default 3072 as `idleforge --ram-checkpoints-mb`; 0: none]
#include "base/Paths.h"
#include "base/PrivateDir.h"
#include "compute/graph/State.h"
#include "devnet/BlobServer.h"
#include "devnet/DemoSubmitter.h"
#include "devnet/DevnetApp.h"
#include "devnet/DevnetServer.h"
#include "devnet/DevnetStore.h"
#include "node/ProviderNode.h"
#include "secrets/MemoryStore.h"
#include "task/TaskSpec.h"
#include "wallet/NodeIdentity.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <map>
#include <sys/resource.h>
#include <unistd.h>
#include <memory>
#include <vector>

using namespace idleforge;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("idleforge.*.info=false"));
    const int tasks = argc > 1 ? std::max(1, std::atoi(argv[1])) : 6;
    const int steps = argc > 2 ? std::max(2, std::atoi(argv[2])) : 40;
    const int checkpointEvery = argc > 3 ? std::max(0, std::atoi(argv[3])) : 0; // 0: the submitter's choice
    const qint64 ramMb = argc > 4 ? std::max(0, std::atoi(argv[4])) : 3072;
    const auto shm = paths::privateMemoryDir();
    if (ramMb > 0 && !shm)
        std::fprintf(stderr, "bench_task_life: no extra checkpoints: %s\n", qPrintable(shm.error().message));
    QTemporaryDir tmp;
    paths::setDataDir(tmp.filePath(QStringLiteral("data")));

    QFile readme(QStringLiteral(IDLEFORGE_SOURCE_DIR "/README.md"));
    if (!readme.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_task_life: cannot read README.md for the corpus\n");
        return 1;
    }
    const QByteArray corpus = readme.readAll();

    secrets::MemoryStore keyStore;
    devnet::DevnetApp devnet;
    devnet::DevnetConfig config;
    config.port = 0;
    config.blobPort = 0;
    config.dataDir = tmp.filePath(QStringLiteral("devnet"));
    config.coordinator.heartbeatMs = 2'000;
    config.coordinator.noTaskRetryMs = 200;
    if (auto r = devnet.start(config, keyStore); !r) {
        std::fprintf(stderr, "bench_task_life: %s\n", qPrintable(r.error().toString()));
        return 1;
    }
    devnet::DemoSubmitter::Options so;
    so.keepPooled = 2;
    so.maxTasks = tasks;
    so.steps = steps;
    so.checkpointEvery = checkpointEvery;
    so.intervalMs = 200;
    devnet::DemoSubmitter submitter(devnet.coordinator(), devnet.coordinator().store(), devnet.blobs(), corpus, so);
    if (auto r = submitter.start(); !r) {
        std::fprintf(stderr, "bench_task_life: %s\n", qPrintable(r.error().toString()));
        return 1;
    }

    std::vector<std::unique_ptr<wallet::NodeIdentity>> identities;
    std::vector<std::unique_ptr<node::ProviderNode>> providers;
    for (int i = 0; i < 2; ++i) {
        identities.push_back(std::make_unique<wallet::NodeIdentity>(wallet::NodeIdentity::generate()));
        node::ProviderNode::Options o;
        o.url = devnet.url();
        o.coordinatorKey = devnet.key().publicKey();
        o.jobsDir = tmp.filePath(QStringLiteral("p%1/jobs").arg(i));
        o.storeDir = tmp.filePath(QStringLiteral("p%1/store").arg(i));
        o.threads = 1;
        o.name = QStringLiteral("p%1").arg(i);
        if (ramMb > 0 && shm) { // as the app sets it (NetworkSession): one memory folder per provider
            o.ramCheckpointsDir = QDir(*shm).filePath(QStringLiteral("%1").arg(qint64(getpid()) * 16 + i, 16, 16, QLatin1Char('0')));
            o.ramCheckpointBytes = ramMb << 20;
        }
        providers.push_back(std::make_unique<node::ProviderNode>(*identities.back(), o));
        if (auto r = providers.back()->start(); !r) {
            std::fprintf(stderr, "bench_task_life: %s\n", qPrintable(r.error().toString()));
            return 1;
        }
    }

    // The workers' CPU: Qt reaps them (forkfd) without adding them to RUSAGE_CHILDREN, so their
    // /proc/PID/stat (utime + stime, ppid = us) is read at every poll; the last < 200 ms of a
    // worker may be missed, which only raises the audit share below (it stays an upper bound).
    std::map<qint64, double> workerCpu;
    const long ticks = sysconf(_SC_CLK_TCK);
    const auto sampleWorkers = [&] {
        for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
            if (!pid.front().isDigit() || !f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray stat = f.read(4096);
            const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 on
            if (fields.size() > 12 && fields[1].toLongLong() == qint64(getpid()))
                workerCpu[pid.toLongLong()] = double(fields[11].toLongLong() + fields[12].toLongLong()) / double(ticks);
        }
    };
    rusage startUsage{};
    getrusage(RUSAGE_SELF, &startUsage); // the devnet's and providers' start-up are not the audits'
    const double startCpu = double(startUsage.ru_utime.tv_sec + startUsage.ru_stime.tv_sec) +
                            double(startUsage.ru_utime.tv_usec + startUsage.ru_stime.tv_usec) * 1e-6;
    QElapsedTimer wall;
    wall.start();
    qint64 verified = 0, failed = 0;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        sampleWorkers();
        auto s = devnet.coordinator().store().summary();
        if (s) {
            verified = s->tasks[QStringLiteral("verified")];
            failed = s->tasks[QStringLiteral("failed")];
        }
        if (verified + failed >= tasks || wall.elapsed() > 600'000)
            app.quit();
    });
    poll.start(200);
    app.exec();
    const double seconds = double(wall.elapsed()) / 1000.0;
    if (verified == 0) {
        std::fprintf(stderr, "bench_task_life: no task was verified in %.0f s\n", seconds);
        return 1;
    }

    // The baseline: m sampled states of |s_t| bytes (f32 data; names and shapes are noise) per
    // audit, plus the dataset once.
    qint64 stateBytes = 0, datasetBytes = 0, samples = 0, audits = 0, usedK = 0;
    if (auto t = devnet.coordinator().store().task(1); t && *t) {
        if (auto spec = task::parseTaskSpec((*t)->spec)) {
            for (const auto &tensor : graph::initialState(spec->graph).tensors)
                stateBytes += qint64(tensor.data.size()) * 4;
            datasetBytes = spec->data.size;
            usedK = spec->graph.config.checkpointEvery;
        }
    }
    if (auto games = devnet.coordinator().store().games().gamesInState(QStringLiteral("passed")))
        for (const auto &g : *games) {
            ++audits;
            samples += g.samples;
        }
    // Where this process's CPU went, by thread name (the providers' verification threads are
    // "pN-verify"; threads a thread starts, such as the repro kernel pool's, inherit its name).
    QJsonObject threadsCpu;
    for (const QString &tid : QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(tid)), stat(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!comm.open(QIODevice::ReadOnly) || !stat.open(QIODevice::ReadOnly))
            continue;
        const QString name = QString::fromUtf8(comm.read(64).trimmed());
        const QByteArray line = stat.read(4096);
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12)
            threadsCpu[name] = threadsCpu[name].toDouble() + double(fields[11].toLongLong() + fields[12].toLongLong()) / double(ticks);
    }
    double verifyCpu = 0;
    for (auto it = threadsCpu.constBegin(); it != threadsCpu.constEnd(); ++it)
        if (it.key().endsWith(QLatin1String("-verify")))
            verifyCpu += it.value().toDouble();
    for (auto &p : providers)
        p->stop(); // no work after the count: the CPU figures below cover the tasks counted
    const auto cpuSeconds = [](int who) {
        rusage u{};
        getrusage(who, &u);
        return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
    };
    double trainingCpu = cpuSeconds(RUSAGE_CHILDREN); // 0 where Qt's reaping hides them
    for (const auto &[pid, cpu] : workerCpu)
        trainingCpu += cpu;
    const double otherCpu = cpuSeconds(RUSAGE_SELF) - startCpu;
    const double floor = audits ? double(samples) / double(audits) / double(steps) : 0.0;
    const auto &traffic = devnet.server().traffic();
    const qint64 blobUp = devnet.blobServer().bytesReceived();
    const qint64 blobDown = devnet.blobServer().bytesServed();
    const double perTask = double(verified);
    const double total = double(traffic.bytesIn + traffic.bytesOut + blobUp + blobDown);
    const double minimum = double(samples * stateBytes) + double(audits * datasetBytes);
    QJsonObject byType;
    for (auto it = traffic.byType.cbegin(); it != traffic.byType.cend(); ++it)
        byType.insert(it.key(), QJsonObject{{QStringLiteral("frames_per_task"), double(it.value().first) / perTask},
                                            {QStringLiteral("bytes_per_task"), double(it.value().second) / perTask}});
    const QJsonObject out{
        {QStringLiteral("bench"), QStringLiteral("task_life")},
        {QStringLiteral("tasks_verified"), verified},
        {QStringLiteral("tasks_failed"), failed},
        {QStringLiteral("steps_per_task"), steps},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("control_frames_per_task"), double(traffic.framesIn + traffic.framesOut) / perTask},
        {QStringLiteral("control_bytes_per_task"), double(traffic.bytesIn + traffic.bytesOut) / perTask},
        {QStringLiteral("blob_bytes_up_per_task"), double(blobUp) / perTask},
        {QStringLiteral("blob_bytes_down_per_task"), double(blobDown) / perTask},
        {QStringLiteral("audit_samples_per_task"), audits ? double(samples) / double(audits) : 0.0},
        {QStringLiteral("baseline"), QJsonObject{{QStringLiteral("state_bytes"), stateBytes},
                                                 {QStringLiteral("dataset_bytes"), datasetBytes},
                                                 {QStringLiteral("minimum_bytes_per_task"), minimum / perTask}}},
        {QStringLiteral("overhead_vs_baseline"), minimum > 0 ? total / minimum : 0.0},
        {QStringLiteral("by_type"), byType},
        {QStringLiteral("checkpoint_every"), usedK},
        {QStringLiteral("ram_checkpoints_mb"), double(ramMb > 0 && shm ? ramMb : 0)},
        {QStringLiteral("compute"),
         QJsonObject{{QStringLiteral("training_cpu_s"), trainingCpu},
                     {QStringLiteral("everything_else_cpu_s"), otherCpu},
                     {QStringLiteral("audit_share_upper_bound"), trainingCpu > 0 ? otherCpu / trainingCpu : 0.0},
                     {QStringLiteral("floor"), floor},
                     {QStringLiteral("threads_cpu_s"), threadsCpu},
                     {QStringLiteral("verify_threads_share"), trainingCpu > 0 ? verifyCpu / trainingCpu : 0.0},
                     {QStringLiteral("verify_threads_x_floor"), floor > 0 && trainingCpu > 0 ? verifyCpu / trainingCpu / floor : 0.0},
                     {QStringLiteral("x_floor_upper_bound"), floor > 0 && trainingCpu > 0 ? otherCpu / trainingCpu / floor : 0.0}}},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
