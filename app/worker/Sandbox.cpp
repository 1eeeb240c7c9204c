#include "Sandbox.h"

#include "task/WorkerJob.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <vector>

#ifdef __linux__
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

// Rights newer than Debian 12's kernel headers (Landlock ABI 3 and 5).
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif

namespace idleforge::worker {

namespace {

bool g_entered = false;
SandboxReport g_report;
QString g_writable; // absolute, cleaned

#ifdef __linux__

QString errnoText() { return QString::fromLocal8Bit(std::strerror(errno)); }

// The seccomp filter: socket() for the network families and io_uring_setup (which could issue
// socket operations around the filter) fail with EACCES; other architectures' calls (i386,
// x32) fail too, so a filter on x86-64 numbers cannot be stepped around.
bool denyNetwork(QStringList &problems)
{
#if defined(__x86_64__)
    constexpr std::uint32_t arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
    constexpr std::uint32_t arch = AUDIT_ARCH_AARCH64;
#else
    problems << QStringLiteral("seccomp: no filter for this architecture");
    return false;
#endif
    constexpr std::uint32_t deny = SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA);
    std::vector<sock_filter> f;
    std::vector<std::size_t> toDeny; // jumps to patch: their "true" branch goes to the deny return
    const auto stmt = [&](std::uint16_t code, std::uint32_t k) { f.push_back(BPF_STMT(code, k)); };
    const auto jumpToDenyIf = [&](std::uint32_t value) {
        toDeny.push_back(f.size());
        f.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, value, 0, 0));
    };
    stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch));
    f.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0));
    stmt(BPF_RET | BPF_K, deny); // a foreign architecture's call
    stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr));
#if defined(__x86_64__)
    toDeny.push_back(f.size());
    f.push_back(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 0)); // x32 calls
#endif
    jumpToDenyIf(__NR_io_uring_setup);
    // Not socket(): allowed. socket(): look at the family (the low word of argument 0).
    f.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 1, 0));
    const std::size_t allowJump = f.size();
    f.push_back(BPF_STMT(BPF_JMP | BPF_JA | BPF_K, 0)); // patched: to the allow return
    stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0]));
    for (std::uint32_t family : {AF_INET, AF_INET6, AF_PACKET})
        jumpToDenyIf(family);
    const std::size_t allowAt = f.size();
    stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    const std::size_t denyAt = f.size();
    stmt(BPF_RET | BPF_K, deny);
    f[allowJump].k = std::uint32_t(allowAt - allowJump - 1);
    for (std::size_t i : toDeny)
        f[i].jt = std::uint8_t(denyAt - i - 1);

    sock_fprog prog{std::uint16_t(f.size()), f.data()};
    // TSYNC: every thread of the process (libtorch's and OpenBLAS's pools, the stdin reader).
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0) {
        problems << QStringLiteral("seccomp: %1").arg(errnoText());
        return false;
    }
    return true;
}

int landlockAbi()
{
    const long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : int(abi);
}

bool restrictFiles(const SandboxPlan &plan, int abi, QStringList &problems)
{
    std::uint64_t all = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
                        LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                        LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                        LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                        LANDLOCK_ACCESS_FS_MAKE_SYM;
    if (abi >= 2)
        all |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        all |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5)
        all |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    landlock_ruleset_attr attr{};
    attr.handled_access_fs = all;
    const int ruleset = int(syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0));
    if (ruleset < 0) {
        problems << QStringLiteral("landlock: %1").arg(errnoText());
        return false;
    }
    const std::uint64_t read = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
    const std::uint64_t readExec = read | LANDLOCK_ACCESS_FS_EXECUTE;
    const std::uint64_t device = read | LANDLOCK_ACCESS_FS_WRITE_FILE | (abi >= 5 ? LANDLOCK_ACCESS_FS_IOCTL_DEV : 0);
    const auto allow = [&](const QString &path, std::uint64_t rights) {
        const int fd = ::open(QFile::encodeName(path).constData(), O_PATH | O_CLOEXEC);
        if (fd < 0)
            return; // not on this machine: nothing to allow
        landlock_path_beneath_attr rule{};
        rule.allowed_access = rights & all;
        rule.parent_fd = fd;
        if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0)
            problems << QStringLiteral("landlock rule for %1: %2").arg(path, errnoText());
        ::close(fd);
    };
    for (const char *dir : {"/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/opt", "/proc", "/sys"})
        allow(QString::fromLatin1(dir), readExec);
    allow(QStringLiteral("/dev"), device); // GPU device nodes, /dev/null, /dev/urandom
    allow(QStringLiteral("/dev/shm"), all & ~LANDLOCK_ACCESS_FS_EXECUTE); // thread pools' shared memory, extra checkpoints
    if (!plan.storeDir.isEmpty())
        allow(plan.storeDir, read);
    if (!plan.jobDir.isEmpty()) {
        QDir().mkpath(plan.jobDir); // it must exist to be allowed (the job creates it anyway)
        allow(plan.jobDir, all & ~LANDLOCK_ACCESS_FS_EXECUTE);
    }
    const bool ok = syscall(SYS_landlock_restrict_self, ruleset, 0) == 0;
    if (!ok)
        problems << QStringLiteral("landlock_restrict_self: %1").arg(errnoText());
    ::close(ruleset);
    return ok;
}

#endif // __linux__

} // namespace

QJsonObject SandboxReport::toJson() const
{
    return QJsonObject{{QStringLiteral("no_new_privs"), noNewPrivs},
                       {QStringLiteral("not_dumpable"), notDumpable},
                       {QStringLiteral("network_denied"), network},
                       {QStringLiteral("landlock_abi"), landlockAbi},
                       {QStringLiteral("files_restricted"), files},
                       {QStringLiteral("data_limit_bytes"), qint64(dataLimitBytes)},
                       {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}};
}

bool sandboxEntered() { return g_entered; }

QString sandboxWritableDir() { return g_writable; }

bool sandboxAllows(const QString &dir)
{
    return !g_writable.isEmpty() && task::liesBelow(dir, g_writable);
}

SandboxReport enterSandbox(const SandboxPlan &plan)
{
    if (g_entered)
        return g_report;
    g_entered = true;
    SandboxReport &r = g_report;
    if (!plan.jobDir.isEmpty())
        g_writable = QDir::cleanPath(QFileInfo(plan.jobDir).absoluteFilePath());
#ifdef __linux__
    // No core file and no ptrace/proc access by other processes of the user: a dump of this
    // process would hold the task's data, and nothing of the user's should be readable through it.
    const rlimit noCore{0, 0};
    if (setrlimit(RLIMIT_CORE, &noCore) != 0)
        r.problems << QStringLiteral("RLIMIT_CORE: %1").arg(errnoText());
    r.notDumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    if (plan.memoryBytes > 0) {
        // The budget covers the task's tensors; the runtime (libtorch, OpenBLAS buffers, thread
        // stacks, the job's JSON) gets 2 GiB on top.
        const std::int64_t limit = plan.memoryBytes + (std::int64_t(2) << 30);
        const rlimit data{rlim_t(limit), rlim_t(limit)};
        if (setrlimit(RLIMIT_DATA, &data) == 0)
            r.dataLimitBytes = limit;
        else
            r.problems << QStringLiteral("RLIMIT_DATA: %1").arg(errnoText());
    }
    r.noNewPrivs = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
    if (!r.noNewPrivs)
        r.problems << QStringLiteral("PR_SET_NO_NEW_PRIVS: %1").arg(errnoText());
    r.landlockAbi = landlockAbi();
    if (r.landlockAbi > 0 && r.noNewPrivs)
        r.files = restrictFiles(plan, r.landlockAbi, r.problems);
    else if (r.landlockAbi == 0)
        r.problems << QStringLiteral("landlock: not in this kernel; file access is not restricted");
    if (r.noNewPrivs)
        r.network = denyNetwork(r.problems);
#else
    r.problems << QStringLiteral("no sandbox on this platform");
#endif
    for (const QString &p : r.problems)
        std::fprintf(stderr, "idleforge-worker: sandbox: %s\n", qPrintable(p));
    return r;
}

} // namespace idleforge::worker
