#pragma once
// The worker yields to everything the user runs (issue 14): CPU scheduling class SCHED_IDLE
// (runs only when a core has nothing else to do; nice 19 where SCHED_IDLE is refused) and the
// idle I/O class. Applied first thing in main(), before libtorch starts its threads, which
// inherit it. What was applied goes into the worker's hello line (WorkerMessages.h).
#include <QJsonObject>

namespace idleforge::worker {

struct Priority {
    bool schedIdle = false; // SCHED_IDLE took
    int nice = 0;           // the nice value afterwards
    bool ioIdle = false;    // IOPRIO_CLASS_IDLE took
    QJsonObject toJson() const;
};

Priority lowerOwnPriority();

} // namespace idleforge::worker
