#include "devnet/Pricing.h"

#include <algorithm>
#include <cmath>

namespace idleforge::devnet {

qint64 minimumReward(const task::TaskCost &cost)
{
    const double byCompute = std::ceil(std::max(0.0, cost.totalFlops) / 1e12 * double(kPricePerTeraflopMicro));
    // Specs are validated against a step budget, so this stays far below 2^53.
    return std::max(kPriceFloorMicro, qint64(std::min(byCompute, 9e15)));
}

} // namespace idleforge::devnet
