// Messages and bytes per task life on loopback, audits included: an in-process devnet (the
// coordinator, its WebSocket and blob servers) with a submitter of small gpt tasks on README.md,
// and two in-process providers (ProviderNode, each training in its own idleforge-worker process)
// that train the tasks and audit each other. Counted at the coordinator's servers: every
// control frame in and out (by type) and every blob byte up and down, divided by the tasks
// verified. Baseline, from the same run: what a verifier must receive at the least, the
// sampled states s_t (m of them, |s_t| each) plus the dataset once; the figure's "overhead" is
// everything moved over that. Prints JSON.
//
//   bench_task_life [tasks, default 6] [steps per task, default 40]
#include "base/Paths.h"
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
#include <memory>
#include <vector>

using namespace idleforge;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("idleforge.*.info=false"));
    const int tasks = argc > 1 ? std::max(1, std::atoi(argv[1])) : 6;
    const int steps = argc > 2 ? std::max(2, std::atoi(argv[2])) : 40;
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
        providers.push_back(std::make_unique<node::ProviderNode>(*identities.back(), o));
        if (auto r = providers.back()->start(); !r) {
            std::fprintf(stderr, "bench_task_life: %s\n", qPrintable(r.error().toString()));
            return 1;
        }
    }

    QElapsedTimer wall;
    wall.start();
    qint64 verified = 0, failed = 0;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
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
    qint64 stateBytes = 0, datasetBytes = 0, samples = 0, audits = 0;
    if (auto t = devnet.coordinator().store().task(1); t && *t) {
        if (auto spec = task::parseTaskSpec((*t)->spec)) {
            for (const auto &tensor : graph::initialState(spec->graph).tensors)
                stateBytes += qint64(tensor.data.size()) * 4;
            datasetBytes = spec->data.size;
        }
    }
    if (auto games = devnet.coordinator().store().games().gamesInState(QStringLiteral("passed")))
        for (const auto &g : *games) {
            ++audits;
            samples += g.samples;
        }
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
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    for (auto &p : providers)
        p->stop();
    return 0;
}
