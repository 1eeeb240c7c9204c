#pragma once
// The Vulkan part of the "devices" and "bench" jobs (issue 16): every `vulkan:N` device with its
// facts and its conformance probe, and the repro GEMM's speed on each device that meets the
// contract. Empty where the build has no Vulkan (IDLEFORGE_VULKAN=OFF) or the machine no driver.
#include "Job.h"

#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace idleforge::worker {

// {"id": "vulkan:0", "type": "vulkan", ...facts, "probe": {...}} per device; `error` says why
// there are none (no loader, no driver) and stays empty otherwise.
QJsonArray vulkanDevicesJson(QString *error);

struct BenchOptions {
    QString device;         // "all" or "vulkan:N"
    bool thorough = false;  // more trials, larger sizes
    bool trainStep = true;  // the "train_step_repro" figure too
    int threads = 0;        // CPU threads of the repro step's other ops
};

// Per Vulkan device `options.device` names: "mem_bandwidth" (GB/s, a copy between device-local
// buffers) and, where it meets the repro contract, "gemm_fp32" (the repro shader, GFLOP/s) and
// "train_step_repro" (the reference model's repro step with its GEMMs and element-wise ops on the
// device, steps/s; for a device of type "cpu", lavapipe, only when named),
// each against the device's peak (VulkanPeak.h; 0 where unknown); progress from `from` to `to`.
// `probed` (if given) gets each of those devices' "devices" entry, from the same probe, with
// its peaks.
QJsonArray vulkanBenchResults(const BenchOptions &options, JobContext &ctx, double from, double to, QJsonArray *probed = nullptr);

// A train or replay job's Vulkan device (issue 16): while the handle lives, that device runs the
// repro GEMMs (compute/vulkan/VulkanRepro.h). report(): the device's id, name, fma mode and what
// it ran, for the job's result.
class ReproDeviceHandle {
public:
    virtual ~ReproDeviceHandle() = default;
    virtual QJsonObject report() const = 0;
};

// Opens and probes `id` ("vulkan:N"); null with `error` set where this build has no Vulkan, the
// device does not exist or does not meet the repro contract.
std::unique_ptr<ReproDeviceHandle> openReproDevice(const QString &id, QString *error);

} // namespace idleforge::worker
