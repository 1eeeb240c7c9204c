#pragma once
// The worker's sandbox (Linux; issue 18). A worker runs tasks that strangers submit, next to the
// user's wallet, so before its first job it gives up what a job never needs:
//   - the network: seccomp refuses socket() for IPv4, IPv6, packet and netlink sockets and
//     io_uring (EACCES) on every thread (TSYNC); local AF_UNIX stays (GPU drivers use it);
//   - the user's files: Landlock (where the kernel has it) allows read-write only below the job
//     folder (or the node's folder of job folders, `sandbox_root`, for a worker that runs the
//     node's next task too), read-only below the dataset store, read/execute of the system folders (/usr, /lib,
//     /etc, /proc, /sys, /opt) and read-write of /dev (GPU device nodes; /dev/shm also holds the
//     node's extra checkpoints in memory, task/WorkerJob.h); everything else, the
//     home folder with its wallet files among it, is refused;
//   - privileges and dumps: PR_SET_NO_NEW_PRIVS, not dumpable, no core files;
//   - memory: with the job's memory budget, RLIMIT_DATA at the budget plus the runtime's own.
// Where the kernel lacks Landlock or seccomp, that part is reported as not applied and the job
// runs without it (the report goes to the node in the job's result, and to stderr).

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace idleforge::worker {

struct SandboxPlan {
    QString jobDir;    // read-write; empty for jobs without one (bench, devices)
    QString storeDir;  // read-only; empty: none
    std::int64_t memoryBytes = 0; // the job's budget; 0: no data limit
};

struct SandboxReport {
    bool noNewPrivs = false;
    bool notDumpable = false;
    bool network = false;   // seccomp filter in place
    int landlockAbi = 0;    // 0: the kernel has no Landlock, no file rules
    bool files = false;     // Landlock ruleset enforced
    std::int64_t dataLimitBytes = 0;
    QStringList problems;   // what could not be applied, and why
    QJsonObject toJson() const;
};

// Applies the plan to the whole process. Only the first call does anything (a sandbox is only
// ever tightened); later calls return the first report.
SandboxReport enterSandbox(const SandboxPlan &plan);
bool sandboxEntered();
// The read-write folder of the sandbox entered ("" when none), and whether `dir` lies below it.
QString sandboxWritableDir();
bool sandboxAllows(const QString &dir);

} // namespace idleforge::worker
