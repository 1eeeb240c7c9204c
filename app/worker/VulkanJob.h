#pragma once
// The Vulkan part of the "devices" and "bench" jobs (issue 16): every `vulkan:N` device with its
// facts and its conformance probe, and the repro GEMM's speed on each device that meets the
// contract. Empty where the build has no Vulkan (IDLEFORGE_VULKAN=OFF) or the machine no driver.
#include "Job.h"

#include <QJsonArray>

namespace idleforge::worker {

// {"id": "vulkan:0", "type": "vulkan", ...facts, "probe": {...}} per device; `error` says why
// there are none (no loader, no driver) and stays empty otherwise.
QJsonArray vulkanDevicesJson(QString *error);

// Per Vulkan device `device` names ("all" or "vulkan:N"): "mem_bandwidth" (GB/s, a copy between
// device-local buffers) and, where it meets the repro contract, "gemm_fp32" (the repro shader,
// GFLOP/s); progress from `from` to `to` of the job.
// `probed` (if given) gets each of those devices' "devices" entry, from the same probe.
QJsonArray vulkanBenchResults(const QString &device, bool thorough, JobContext &ctx, double from, double to, QJsonArray *probed = nullptr);

} // namespace idleforge::worker
