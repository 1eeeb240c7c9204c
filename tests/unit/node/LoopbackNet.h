#pragma once
// Shared fixture of the tests that run real providers against an in-process devnet on loopback
// (TestProviderNode, TestHistoryRecorder, TestDashboard): the devnet's quick test timings, and a
// provider's options pointed at it with its own jobs and store folders and the real worker.
#include "devnet/DevnetApp.h"
#include "node/ProviderOptions.h"

#include <QDir>

namespace idleforge::nodetest {

// Port 0 (any free one), data under `dataDir`, a 1 s heartbeat and quick retries and sweeps.
inline devnet::DevnetConfig loopbackConfig(const QString &dataDir)
{
    devnet::DevnetConfig config;
    config.port = 0;
    config.dataDir = dataDir;
    config.coordinator.heartbeatMs = 1000;
    config.coordinator.noTaskRetryMs = 200;
    config.sweepMs = 200;
    return config;
}

// `o` pointed at `net`: named `name`, its jobs (unless `o` has some) and store under root/name,
// the worker IDLEFORGE_WORKER names (unless `o` names one), one thread, a 100 ms back-off.
inline node::ProviderOptions loopbackProvider(devnet::DevnetApp &net, const QDir &root, const QString &name,
                                              node::ProviderOptions o = {})
{
    o.url = net.url();
    o.coordinatorKey = net.key().publicKey();
    if (o.jobsDir.isEmpty())
        o.jobsDir = root.filePath(name + QStringLiteral("/jobs"));
    o.storeDir = root.filePath(name + QStringLiteral("/store"));
    if (o.workerProgram.isEmpty())
        o.workerProgram = qEnvironmentVariable("IDLEFORGE_WORKER");
    o.threads = 1;
    o.minBackoffMs = 100;
    o.name = name;
    return o;
}

} // namespace idleforge::nodetest
