#pragma once
// How a provider is configured (ProviderNode and its rooms read it; the app fills it).
#include "crypto/Ed25519.h"

#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <optional>

namespace idleforge::node {

struct ProviderOptions {
    QUrl url = QUrl(QStringLiteral("ws://127.0.0.1:7800"));
    std::optional<crypto::PublicKey> coordinatorKey; // pinned; receipts are checked against it
    QList<QSslCertificate> trustedCas; // wss:// and https://: trusted besides the system CAs
    QString payout;         // payout address; empty: the node id (devnet)
    QString jobsDir;        // job folders, outbox; required
    QString storeDir;       // datasets by hash (default: paths::storeDir())
    QString workerProgram;  // default: paths::workerProgram()
    int threads = 0;        // worker and verification threads (0: default)
    // Where repro tasks train: "auto" (node/DeviceChoice.h: a faster GPU from the capability
    // record), "cpu" or "vulkan:N". ProviderNode::start() resolves "auto" to one of the others.
    QString reproDevice = QStringLiteral("auto");
    bool trainTasks = true; // false: an auditor that only verifies (and re-runs for disputes)
    QJsonObject fault;      // test builds only: the worker's "fault" parameter for every run
    QString name = QStringLiteral("node"); // in log lines
    int minBackoffMs = 500;
    int replyTimeoutMs = 15'000; // CoordinatorClient::Options::replyTimeoutMs
    int blobStallMs = 60'000;    // a blob download that moves no byte this long fails (BlobFetcher)
    qint64 blobMinBytesPerSecond = 1024; // ... and one that brings less than this in such a window
    int checkpointUploadMs = 60'000; // least time between two checkpoint uploads (0: each one)
    // Disk: no new lease while the job folders use more than diskBudgetBytes (0: no budget) or
    // the disk has less than minFreeBytes free. Finished jobs are deleted once settled, and
    // folders untouched for staleJobMs (a game that never settled) at start and hourly.
    qint64 diskBudgetBytes = 0;
    qint64 minFreeBytes = qint64(512) << 20;
    qint64 staleJobMs = qint64(24) * 3600 * 1000;
    // Memory for extra checkpoints between a task's own every k (graph::RunOptions): a private
    // folder on tmpfs (paths::privateMemoryDir; empty: none) and at most ramCheckpointBytes of it
    // in all (the tasks not settled yet together), never more than its file system has free less
    // kRamReserveBytes (JobRunner). They
    // cut what serving an audit costs us (core/verify/README.md, "Extra checkpoints in memory")
    // and wear no disk; they go with the job folder when the task settles.
    QString ramCheckpointsDir;
    qint64 ramCheckpointBytes = qint64(3) << 30;
    // Below this much available memory the extras are given back (MemoryKeeper); 0: 1/16 of RAM,
    // at least 512 MiB.
    qint64 memoryLowWaterBytes = 0;
    // An audit's openings of our run made but not yet uploaded (GameRelay, OpeningWindow): the
    // solver waits above this. 64 MiB: about ten of the d128 state (5.6 MB), one of a larger one.
    qint64 openingWindowBytes = qint64(64) << 20;
    // A lease paused (setComputeAllowed(false)) this long goes back to the network with its
    // newest checkpoint uploaded, so another provider resumes it. 0: never.
    qint64 pausedLeaseGraceMs = qint64(10) * 60 * 1000;
};

} // namespace idleforge::node
