#include "LowPriority.h"

#include <QString>

#include <cerrno>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace idleforge::worker {

namespace {
// linux/ioprio.h is not in every libc's headers: the stable ABI values.
constexpr int kIoprioWhoProcess = 1;
constexpr int kIoprioClassIdle = 3;
constexpr int kIoprioClassShift = 13;
} // namespace

QJsonObject Priority::toJson() const
{
    return {{QStringLiteral("cpu"), schedIdle ? QStringLiteral("idle") : QStringLiteral("nice %1").arg(nice)},
            {QStringLiteral("nice"), nice},
            {QStringLiteral("io"), ioIdle ? QStringLiteral("idle") : QStringLiteral("default")}};
}

Priority lowerOwnPriority()
{
    Priority p;
    // nice 19 first: it also weighs the process down where SCHED_IDLE is refused (some
    // container runtimes), and a SCHED_IDLE task keeps it for its I/O-less accounting.
    errno = 0;
    ::setpriority(PRIO_PROCESS, 0, 19);
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, 0);
    p.nice = errno == 0 ? nice : 0;
    sched_param param{};
    param.sched_priority = 0;
    p.schedIdle = ::sched_setscheduler(0, SCHED_IDLE, &param) == 0;
    p.ioIdle = ::syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, kIoprioClassIdle << kIoprioClassShift) == 0;
    return p;
}

} // namespace idleforge::worker
