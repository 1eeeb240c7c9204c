#include "task/WorkerJob.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonValue>
#include <QRegularExpression>

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace idleforge::task {

namespace {
namespace key {
constexpr auto spec = "spec", workdir = "workdir", sandboxRoot = "sandbox_root", storeDir = "store_dir", backend = "backend", threads = "threads", device = "device",
               limits = "limits", maxMemory = "max_memory_bytes", maxFlops = "max_flops_per_step", fault = "fault",
               step = "step", extraDir = "extra_checkpoint_dir", extraEvery = "extra_checkpoint_every";
}
constexpr int kMaxThreads = 1024;
constexpr double kMaxFlopsPerStep = 1e18;

Error badParam(const QString &message) { return makeError("train.bad_param", message); }

// An integer-valued JSON number in [lo, hi], or an error naming `name`.
Result<qint64> integerIn(const QJsonValue &v, const QString &name, qint64 lo, qint64 hi)
{
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d) || d < double(lo) || d > double(hi))
        return badParam(QStringLiteral("%1 must be an integer in %2..%3").arg(name).arg(lo).arg(hi));
    return qint64(d);
}

Result<QString> optionalString(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return QString();
    if (!v.isString())
        return badParam(QStringLiteral("\"%1\" must be a string").arg(QLatin1String(name)));
    return v.toString();
}

Result<JobLimits> limitsFromJson(const QJsonValue &v)
{
    if (!v.isObject())
        return badParam(QStringLiteral("\"limits\" must be an object"));
    const QJsonObject l = v.toObject();
    JobLimits out;
    const qint64 machine = physicalMemoryBytes();
    auto memory = integerIn(l.value(QLatin1String(key::maxMemory)), QStringLiteral("limits.max_memory_bytes"),
                            kMinJobMemoryBytes, std::max(machine, kMinJobMemoryBytes));
    if (!memory)
        return memory.error();
    out.maxMemoryBytes = *memory;
    if (const QJsonValue f = l.value(QLatin1String(key::maxFlops)); !f.isUndefined()) {
        const double d = f.toDouble(std::nan(""));
        if (!f.isDouble() || !std::isfinite(d) || d <= 0 || d > kMaxFlopsPerStep)
            return badParam(QStringLiteral("limits.max_flops_per_step must be a number in (0, 1e18]"));
        out.maxFlopsPerStep = d;
    }
    return out;
}

// "extra_checkpoint_dir" (an absolute path) and "extra_checkpoint_every" (steps), both or neither.
Result<void> extrasFromJson(const QJsonObject &params, TrainJobParams &p)
{
    auto dir = optionalString(params, key::extraDir);
    if (!dir)
        return dir.error();
    const QJsonValue every = params.value(QLatin1String(key::extraEvery));
    if (dir->isEmpty() != every.isUndefined())
        return badParam(QStringLiteral("\"extra_checkpoint_dir\" and \"extra_checkpoint_every\" come together"));
    if (dir->isEmpty())
        return {};
    if (!QDir::isAbsolutePath(*dir))
        return badParam(QStringLiteral("\"extra_checkpoint_dir\" must be an absolute path"));
    auto k = integerIn(every, QStringLiteral("extra_checkpoint_every"), 1, ValidationLimits{}.maxSteps);
    if (!k)
        return k.error();
    p.extraCheckpointDir = QDir::cleanPath(*dir);
    p.extraCheckpointEvery = *k;
    return {};
}
} // namespace

qint64 physicalMemoryBytes()
{
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? qint64(pages) * qint64(pageSize) : ValidationLimits{}.maxMemoryBytes;
}

bool liesBelow(const QString &path, const QString &root)
{
    const QString p = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    const QString r = QDir::cleanPath(QFileInfo(root).absoluteFilePath());
    return p == r || p.startsWith(r + QLatin1Char('/'));
}

bool isDeviceId(const QString &id)
{
    static const QRegularExpression kDevice(QStringLiteral("^(cpu|vulkan:(0|[1-9][0-9]{0,2}))$"));
    return kDevice.match(id).hasMatch();
}

QJsonObject TrainJobParams::toJson() const
{
    QJsonObject o{{QLatin1String(key::spec), spec}, {QLatin1String(key::workdir), workdir}, {QLatin1String(key::threads), threads}};
    if (!storeDir.isEmpty())
        o.insert(QLatin1String(key::storeDir), storeDir);
    if (!sandboxRoot.isEmpty())
        o.insert(QLatin1String(key::sandboxRoot), sandboxRoot);
    if (!backend.isEmpty())
        o.insert(QLatin1String(key::backend), backend);
    if (!device.isEmpty())
        o.insert(QLatin1String(key::device), device);
    if (limits) {
        QJsonObject l{{QLatin1String(key::maxMemory), double(limits->maxMemoryBytes)}};
        if (limits->maxFlopsPerStep > 0)
            l.insert(QLatin1String(key::maxFlops), limits->maxFlopsPerStep);
        o.insert(QLatin1String(key::limits), l);
    }
    if (!fault.isEmpty())
        o.insert(QLatin1String(key::fault), fault);
    if (step)
        o.insert(QLatin1String(key::step), double(*step));
    if (!extraCheckpointDir.isEmpty()) {
        o.insert(QLatin1String(key::extraDir), extraCheckpointDir);
        o.insert(QLatin1String(key::extraEvery), double(extraCheckpointEvery));
    }
    return o;
}

Result<TrainJobParams> TrainJobParams::fromJson(const QJsonObject &params)
{
    TrainJobParams p;
    if (!params.value(QLatin1String(key::spec)).isObject())
        return badParam(QStringLiteral("\"spec\" (the task spec) must be an object"));
    p.spec = params.value(QLatin1String(key::spec)).toObject();
    auto workdir = optionalString(params, key::workdir);
    if (!workdir)
        return workdir.error();
    if (workdir->isEmpty())
        return badParam(QStringLiteral("\"workdir\" (the job folder) is required"));
    p.workdir = *workdir;
    auto store = optionalString(params, key::storeDir);
    auto backend = optionalString(params, key::backend);
    auto root = optionalString(params, key::sandboxRoot);
    if (!store || !backend || !root)
        return !store ? store.error() : !backend ? backend.error() : root.error();
    p.storeDir = *store;
    p.sandboxRoot = *root;
    if (!p.sandboxRoot.isEmpty() && !liesBelow(p.workdir, p.sandboxRoot))
        return badParam(QStringLiteral("\"workdir\" must lie below \"sandbox_root\""));
    p.backend = *backend;
    auto device = optionalString(params, key::device);
    if (!device)
        return device.error();
    if (!device->isEmpty() && !isDeviceId(*device))
        return badParam(QStringLiteral("\"device\" must be \"cpu\" or \"vulkan:N\", not \"%1\"").arg(device->left(40)));
    if (device->startsWith(QLatin1String("vulkan:")) && p.backend == QLatin1String("fast"))
        return badParam(QStringLiteral("a Vulkan device runs the repro backend only"));
    p.device = *device;
    if (const QJsonValue t = params.value(QLatin1String(key::threads)); !t.isUndefined()) {
        auto threads = integerIn(t, QStringLiteral("threads"), 0, kMaxThreads);
        if (!threads)
            return threads.error();
        p.threads = int(*threads);
    }
    if (const QJsonValue l = params.value(QLatin1String(key::limits)); !l.isUndefined()) {
        auto limits = limitsFromJson(l);
        if (!limits)
            return limits.error();
        p.limits = *limits;
    }
    if (const QJsonValue f = params.value(QLatin1String(key::fault)); !f.isUndefined()) {
        if (!f.isObject())
            return badParam(QStringLiteral("\"fault\" must be an object"));
        p.fault = f.toObject();
    }
    if (const QJsonValue s = params.value(QLatin1String(key::step)); !s.isUndefined()) {
        auto step = integerIn(s, QStringLiteral("step"), 0, ValidationLimits{}.maxSteps);
        if (!step)
            return step.error();
        p.step = *step;
    }
    if (auto extras = extrasFromJson(params, p); !extras)
        return extras.error();
    return p;
}

ValidationLimits TrainJobParams::validationLimits() const
{
    ValidationLimits v;
    v.maxMemoryBytes = std::min(v.maxMemoryBytes, physicalMemoryBytes());
    if (limits) {
        v.maxMemoryBytes = limits->maxMemoryBytes;
        if (limits->maxFlopsPerStep > 0)
            v.maxFlopsPerStep = limits->maxFlopsPerStep;
    }
    return v;
}

QString specFileOf(const QString &workdir) { return QDir(workdir).filePath(QStringLiteral("spec.json")); }

QString checkpointDirOf(const QString &workdir, const QString &backend)
{
    return QDir(workdir).filePath(QStringLiteral("checkpoints-") + backend);
}

QString resultFileOf(const QString &workdir, const QString &backend)
{
    return QDir(workdir).filePath(QStringLiteral("result-") + backend + QStringLiteral(".json"));
}

} // namespace idleforge::task
