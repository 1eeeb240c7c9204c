#include "Jobs.h"

namespace idleforge::worker {

const std::map<QString, JobFunction> &jobTable()
{
    static const std::map<QString, JobFunction> table{
        {QStringLiteral("bench"), &runBenchJob},
        {QStringLiteral("devices"), &runDevicesJob},
        {QStringLiteral("train"), &runTrainJob},
        {QStringLiteral("replay-step"), &runReplayStepJob},
    };
    return table;
}

} // namespace idleforge::worker
