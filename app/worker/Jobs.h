#pragma once
#include "Job.h"

#include <map>

namespace idleforge::worker {

// Every job type the worker runs, by name. One line per job in Jobs.cpp.
const std::map<QString, JobFunction> &jobTable();

Result<QJsonObject> runBenchJob(const QJsonObject &params, JobContext &ctx);
Result<QJsonObject> runDevicesJob(const QJsonObject &params, JobContext &ctx);
Result<QJsonObject> runTrainJob(const QJsonObject &params, JobContext &ctx);
Result<QJsonObject> runReplayStepJob(const QJsonObject &params, JobContext &ctx);

} // namespace idleforge::worker
