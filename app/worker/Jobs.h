#pragma once
#include "Job.h"

#include <functional>
#include <map>

namespace idleforge::worker {

// Every job type the worker runs, by name. One line per job in Jobs.cpp.
const std::map<QString, JobFunction> &jobTable();

Result<QJsonObject> runBenchJob(const QJsonObject &params, JobContext &ctx);
Result<QJsonObject> runDevicesJob(const QJsonObject &params, JobContext &ctx);
Result<QJsonObject> runTrainJob(const QJsonObject &params, JobContext &ctx);
Result<QJsonObject> runReplayStepJob(const QJsonObject &params, JobContext &ctx);

// One training step of the reference devnet model (the default "gpt" template) on the repro
// backend, wherever repro::gemm() runs at the time (the CPU, or a Vulkan device): the trial of
// the "train_step_repro" figures. Empty when the model cannot be built.
std::function<void()> reproTrainStepTrial(int threads);

} // namespace idleforge::worker
