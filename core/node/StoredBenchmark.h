#pragma once
// Benchmark results in the ledger, and the re-run rule the node applies at start-up:
//
//   A stored benchmark is used instead of measuring again when, for EVERY device the machine
//   has now, the ledger's newest rows of that device were measured
//     - less than 30 days ago (by the injected Clock),
//     - on the same hardware fingerprint, and
//     - with the same driver string (libtorch and NVIDIA driver versions).
//   Otherwise the node benchmarks again (and the new rows become the newest).
//
// A run is stored as one row per figure; each row's raw_json is the figure as the worker
// reported it plus the run's "tier", so the result can be rebuilt exactly.
#include "base/Clock.h"
#include "ledger/Records.h"
#include "node/HardwareProfile.h"

#include <QJsonObject>
#include <QList>

namespace idleforge::node {

inline constexpr qint64 kBenchmarkMaxAgeMs = 30LL * 24 * 60 * 60 * 1000;

// The ledger rows of one worker "bench" result measured at `measuredAtMs`.
QList<ledger::BenchmarkRecord> benchmarkRecords(const QJsonObject &bench, const HardwareProfile &profile,
                                                qint64 measuredAtMs);

// The device id the ledger keys a device by: "cpu", or "cuda:0:GPU-<uuid>" when the GPU has a
// UUID, so history follows the card even when CUDA renumbers devices.
QString ledgerDeviceId(const QJsonObject &device);

struct StoredBenchmarkDecision {
    bool reuse = false;
    QString reason;    // why not (or what is reused), for the log
    QJsonObject bench; // when reuse: {"devices", "results", "tier", "measured_at_ms", "from_ledger": true, "duration_s": 0}
};

StoredBenchmarkDecision decideStoredBenchmark(const QList<ledger::BenchmarkRecord> &latest,
                                              const HardwareProfile &current, const Clock &clock);

} // namespace idleforge::node
