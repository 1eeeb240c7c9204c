#pragma once
// What a task must pay at least, from the spec's cost estimate (task::TaskCost). Integer
// micro-credits (1 credit = 1,000,000). The devnet's prices are a reference, not a market:
//
//   minimum = max(kFloor, ceil(totalFlops / 1e12 * kPerTeraflop))
//
// i.e. 1,000 micro-credits per TFLOP of training compute, and never less than 100, which
// covers the verification overhead of a tiny task. A submitter may pay more (faster leasing:
// the pool is served best reward first), never less.
#include "task/TaskSpec.h"

namespace idleforge::devnet {

inline constexpr qint64 kPriceFloorMicro = 100;
inline constexpr qint64 kPricePerTeraflopMicro = 1000;

qint64 minimumReward(const task::TaskCost &cost);

} // namespace idleforge::devnet
