#pragma once
// The capability record: what this node tells the network it can do. It travels inside the
// signed "register" message, so it must survive canonical JSON: integers only (throughputs in
// MFLOP/s, MB/s and millisteps/s, efficiency in per mille), every key always present. Schema:
//
// {
//   "schema": "idleforge.capability/1",
//   "fingerprint": "<hex sha-256 of the hardware identity>", "driver": "torch 1.13.0; nvidia 550.54",
//   "benchmark": {"tier": "quick", "measured_at_ms": 1700000000000},     (tier "" / 0 when none)
//   "devices": [ {
//       "id": "cpu" | "cuda:0", "type": "cpu" | "cuda", "name": "...", "uuid": "" | "GPU-...",
//       "memory_bytes": 25769803776, "usable_memory_bytes": 12884901888,
//       "precisions": ["fp32", ...],
//       "compute_capability": "" | "9.0", "cores": 2, "sm_count": 0,
//       "throughput": [ {"kind": "gemm_fp32", "value": 52000, "unit": "MFLOP/s",
//                        "peak": 63872, "efficiency_permille": 814}, ... ]
//   } ]
// }
//
// Usable memory for tasks: CPU, half the RAM but no more than was available at probe time;
// CUDA, the VRAM minus a reserve of max(512 MiB, 10%) for the display and the driver.
#include "node/HardwareProfile.h"

#include <QJsonObject>

namespace idleforge::node {

inline constexpr const char *kCapabilitySchema = "idleforge.capability/1";

// `bench` is a worker "bench" result (or one rebuilt from the ledger); empty: no throughput yet.
QJsonObject capabilityRecord(const HardwareProfile &profile, const QJsonObject &bench);

qint64 usableMemoryBytes(const QJsonObject &device);

} // namespace idleforge::node
