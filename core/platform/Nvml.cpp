#include "platform/Nvml.h"

#include "platform/Log.h"

#include <QJsonArray>

#include <dlfcn.h>

#include <vector>

namespace idleforge::platform {

namespace {

// The few NVML declarations we use, restated from nvml.h (a stable C ABI): nvmlReturn_t is a C
// enum (int), nvmlDevice_t an opaque pointer. Struct layouts as documented in the NVML API
// reference.
using nvmlReturn = int;
using nvmlDevice = void *;
constexpr nvmlReturn kSuccess = 0;
constexpr nvmlReturn kInsufficientSize = 7;
constexpr int kTemperatureGpu = 0;                          // NVML_TEMPERATURE_GPU
constexpr unsigned long long kValueNotAvailable = ~0ULL;    // NVML_VALUE_NOT_AVAILABLE
constexpr unsigned kTextBuffer = 96;                        // >= NVML_DEVICE_NAME_V2/UUID_V2 buffer sizes

struct nvmlUtilization { unsigned gpu; unsigned memory; };
struct nvmlMemory { unsigned long long total; unsigned long long free; unsigned long long used; };
struct nvmlProcessInfoV1 { unsigned pid; unsigned long long usedGpuMemory; };
// nvmlProcessInfo_v2_t, which the _v2 and _v3 process queries fill.
struct nvmlProcessInfoV2 { unsigned pid; unsigned long long usedGpuMemory; unsigned gpuInstanceId; unsigned computeInstanceId; };

using VoidFn = nvmlReturn (*)();
using ErrorStringFn = const char *(*)(nvmlReturn);
using TextFn = nvmlReturn (*)(char *, unsigned);
using CountFn = nvmlReturn (*)(unsigned *);
using HandleFn = nvmlReturn (*)(unsigned, nvmlDevice *);
using DeviceTextFn = nvmlReturn (*)(nvmlDevice, char *, unsigned);
using TemperatureFn = nvmlReturn (*)(nvmlDevice, int, unsigned *);
using DeviceUintFn = nvmlReturn (*)(nvmlDevice, unsigned *);
using UtilizationFn = nvmlReturn (*)(nvmlDevice, nvmlUtilization *);
using MemoryFn = nvmlReturn (*)(nvmlDevice, nvmlMemory *);
using ProcessesFn = nvmlReturn (*)(nvmlDevice, unsigned *, void *);

template <typename Fn>
Fn symbol(void *lib, std::initializer_list<const char *> names)
{
    for (const char *name : names)
        if (void *p = dlsym(lib, name))
            return reinterpret_cast<Fn>(p);
    return nullptr;
}

QString text(const char *buffer) { return QString::fromUtf8(buffer).trimmed(); }

} // namespace

struct Nvml::Api {
    void *lib = nullptr;
    bool initialised = false;
    VoidFn shutdown = nullptr;
    ErrorStringFn errorString = nullptr;
    TextFn driverVersion = nullptr, nvmlVersion = nullptr;
    CountFn count = nullptr;
    HandleFn handle = nullptr;
    DeviceTextFn name = nullptr, uuid = nullptr;
    TemperatureFn temperature = nullptr;
    DeviceUintFn powerLimit = nullptr, powerUsage = nullptr;
    UtilizationFn utilization = nullptr;
    MemoryFn memory = nullptr;
    ProcessesFn computeProcs = nullptr, graphicsProcs = nullptr;
    bool procsV2Layout = true; // false when only the v1 (pid, memory) queries exist

    QString describe(nvmlReturn r) const
    {
        const char *s = errorString ? errorString(r) : nullptr;
        return s ? QStringLiteral("%1 (NVML %2)").arg(QString::fromUtf8(s)).arg(r) : QStringLiteral("NVML error %1").arg(r);
    }

    void readProcesses(nvmlDevice dev, ProcessesFn fn, const QString &kind, NvmlGpu &gpu) const
    {
        if (!fn)
            return;
        const std::size_t stride = procsV2Layout ? sizeof(nvmlProcessInfoV2) : sizeof(nvmlProcessInfoV1);
        // Ask for the count first (infos may be null then); the list can grow between the two
        // calls, so retry a few times with headroom on NVML_ERROR_INSUFFICIENT_SIZE.
        unsigned n = 0;
        nvmlReturn r = fn(dev, &n, nullptr);
        if (r == kSuccess) { // none running
            gpu.processesKnown = true;
            return;
        }
        for (int attempt = 0; attempt < 4 && r == kInsufficientSize; ++attempt) {
            n += 8;
            std::vector<unsigned char> buffer(stride * n);
            unsigned got = n;
            r = fn(dev, &got, buffer.data());
            if (r == kSuccess) {
                for (unsigned i = 0; i < got && i < n; ++i) {
                    const unsigned char *p = buffer.data() + stride * i;
                    GpuProcess proc;
                    proc.kind = kind;
                    unsigned long long used = 0;
                    if (procsV2Layout) {
                        const auto *info = reinterpret_cast<const nvmlProcessInfoV2 *>(p);
                        proc.pid = info->pid;
                        used = info->usedGpuMemory;
                    } else {
                        const auto *info = reinterpret_cast<const nvmlProcessInfoV1 *>(p);
                        proc.pid = info->pid;
                        used = info->usedGpuMemory;
                    }
                    if (used != kValueNotAvailable)
                        proc.usedMemoryBytes = used;
                    gpu.processes.append(proc);
                }
                gpu.processesKnown = true;
                return;
            }
            n = got;
        }
        qCDebug(lcPlatform).noquote() << "NVML:" << kind << "processes of GPU" << gpu.index << "unknown:" << describe(r);
    }
};

Nvml::Nvml(const QString &library) : m_api(std::make_unique<Api>())
{
    Api &a = *m_api;
    a.lib = dlopen(library.toLocal8Bit().constData(), RTLD_NOW | RTLD_LOCAL);
    if (!a.lib) {
        m_error = QStringLiteral("NVML not available: %1").arg(QString::fromLocal8Bit(dlerror()));
        qCDebug(lcPlatform).noquote() << m_error;
        return;
    }
    const auto init = symbol<VoidFn>(a.lib, {"nvmlInit_v2", "nvmlInit"});
    a.shutdown = symbol<VoidFn>(a.lib, {"nvmlShutdown"});
    a.errorString = symbol<ErrorStringFn>(a.lib, {"nvmlErrorString"});
    a.driverVersion = symbol<TextFn>(a.lib, {"nvmlSystemGetDriverVersion"});
    a.nvmlVersion = symbol<TextFn>(a.lib, {"nvmlSystemGetNVMLVersion"});
    a.count = symbol<CountFn>(a.lib, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"});
    a.handle = symbol<HandleFn>(a.lib, {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
    a.name = symbol<DeviceTextFn>(a.lib, {"nvmlDeviceGetName"});
    a.uuid = symbol<DeviceTextFn>(a.lib, {"nvmlDeviceGetUUID"});
    a.temperature = symbol<TemperatureFn>(a.lib, {"nvmlDeviceGetTemperature"});
    a.powerLimit = symbol<DeviceUintFn>(a.lib, {"nvmlDeviceGetEnforcedPowerLimit", "nvmlDeviceGetPowerManagementLimit"});
    a.powerUsage = symbol<DeviceUintFn>(a.lib, {"nvmlDeviceGetPowerUsage"});
    a.utilization = symbol<UtilizationFn>(a.lib, {"nvmlDeviceGetUtilizationRates"});
    a.memory = symbol<MemoryFn>(a.lib, {"nvmlDeviceGetMemoryInfo"});
    a.computeProcs = symbol<ProcessesFn>(a.lib, {"nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2"});
    a.graphicsProcs = symbol<ProcessesFn>(a.lib, {"nvmlDeviceGetGraphicsRunningProcesses_v3", "nvmlDeviceGetGraphicsRunningProcesses_v2"});
    if (!a.computeProcs && !a.graphicsProcs) {
        a.procsV2Layout = false;
        a.computeProcs = symbol<ProcessesFn>(a.lib, {"nvmlDeviceGetComputeRunningProcesses"});
        a.graphicsProcs = symbol<ProcessesFn>(a.lib, {"nvmlDeviceGetGraphicsRunningProcesses"});
    }
    if (!init || !a.count || !a.handle) {
        m_error = QStringLiteral("NVML not available: %1 lacks nvmlInit/nvmlDeviceGetCount").arg(library);
        return;
    }
    if (const nvmlReturn r = init(); r != kSuccess) {
        // e.g. NVML_ERROR_DRIVER_NOT_LOADED (9) on a machine with the library but no driver
        m_error = QStringLiteral("NVML not available: nvmlInit failed: %1").arg(a.describe(r));
        qCInfo(lcPlatform).noquote() << m_error;
        return;
    }
    a.initialised = true;
}

Nvml::~Nvml()
{
    if (m_api->initialised && m_api->shutdown)
        m_api->shutdown();
    if (m_api->lib)
        dlclose(m_api->lib);
}

bool Nvml::isAvailable() const { return m_api->initialised; }

QString Nvml::error() const { return m_error; }

NvmlSnapshot Nvml::snapshot() const
{
    NvmlSnapshot s;
    const Api &a = *m_api;
    if (!a.initialised) {
        s.error = m_error;
        return s;
    }
    s.available = true;
    char buffer[kTextBuffer] = {};
    if (a.driverVersion && a.driverVersion(buffer, sizeof buffer) == kSuccess)
        s.driverVersion = text(buffer);
    if (a.nvmlVersion && a.nvmlVersion(buffer, sizeof buffer) == kSuccess)
        s.nvmlVersion = text(buffer);
    unsigned count = 0;
    if (const nvmlReturn r = a.count(&count); r != kSuccess) {
        s.error = QStringLiteral("nvmlDeviceGetCount failed: %1").arg(a.describe(r));
        return s;
    }
    for (unsigned i = 0; i < count; ++i) {
        nvmlDevice dev = nullptr;
        NvmlGpu gpu;
        gpu.index = static_cast<int>(i);
        if (const nvmlReturn r = a.handle(i, &dev); r != kSuccess) {
            // NVML_ERROR_NO_PERMISSION / GPU_IS_LOST for one GPU: list it with what we know.
            gpu.name = QStringLiteral("unreadable GPU: %1").arg(a.describe(r));
            s.gpus.append(gpu);
            continue;
        }
        if (a.name && a.name(dev, buffer, sizeof buffer) == kSuccess)
            gpu.name = text(buffer);
        if (a.uuid && a.uuid(dev, buffer, sizeof buffer) == kSuccess)
            gpu.uuid = text(buffer);
        unsigned value = 0;
        if (a.temperature && a.temperature(dev, kTemperatureGpu, &value) == kSuccess)
            gpu.temperatureC = static_cast<int>(value);
        if (a.powerLimit && a.powerLimit(dev, &value) == kSuccess)
            gpu.powerLimitW = value / 1000.0; // milliwatts
        if (a.powerUsage && a.powerUsage(dev, &value) == kSuccess)
            gpu.powerUsageW = value / 1000.0;
        nvmlUtilization util{};
        if (a.utilization && a.utilization(dev, &util) == kSuccess) {
            gpu.utilizationGpuPercent = static_cast<int>(util.gpu);
            gpu.utilizationMemoryPercent = static_cast<int>(util.memory);
        }
        nvmlMemory mem{};
        if (a.memory && a.memory(dev, &mem) == kSuccess) {
            gpu.memoryTotalBytes = mem.total;
            gpu.memoryUsedBytes = mem.used;
        }
        a.readProcesses(dev, a.computeProcs, QStringLiteral("compute"), gpu);
        const bool computeKnown = gpu.processesKnown;
        gpu.processesKnown = false;
        a.readProcesses(dev, a.graphicsProcs, QStringLiteral("graphics"), gpu);
        gpu.processesKnown = gpu.processesKnown && computeKnown;
        s.gpus.append(gpu);
    }
    return s;
}

namespace {
template <typename T>
void insertIf(QJsonObject &o, const QString &key, const std::optional<T> &v)
{
    if (v)
        o.insert(key, static_cast<double>(*v));
}
} // namespace

QJsonObject NvmlGpu::toJson() const
{
    QJsonObject o{{QStringLiteral("index"), index}, {QStringLiteral("name"), name}, {QStringLiteral("uuid"), uuid}};
    insertIf(o, QStringLiteral("temperature_c"), temperatureC);
    insertIf(o, QStringLiteral("power_limit_w"), powerLimitW);
    insertIf(o, QStringLiteral("power_usage_w"), powerUsageW);
    insertIf(o, QStringLiteral("utilization_gpu_percent"), utilizationGpuPercent);
    insertIf(o, QStringLiteral("utilization_memory_percent"), utilizationMemoryPercent);
    insertIf(o, QStringLiteral("memory_total_bytes"), memoryTotalBytes);
    insertIf(o, QStringLiteral("memory_used_bytes"), memoryUsedBytes);
    if (processesKnown || !processes.isEmpty()) {
        o.insert(QStringLiteral("processes_complete"), processesKnown);
        QJsonArray procs;
        for (const GpuProcess &p : processes) {
            QJsonObject po{{QStringLiteral("pid"), static_cast<qint64>(p.pid)}, {QStringLiteral("kind"), p.kind}};
            insertIf(po, QStringLiteral("used_memory_bytes"), p.usedMemoryBytes);
            procs.append(po);
        }
        o.insert(QStringLiteral("processes"), procs);
    }
    return o;
}

QJsonObject NvmlSnapshot::toJson() const
{
    QJsonObject o{{QStringLiteral("available"), available}};
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (!available)
        return o;
    o.insert(QStringLiteral("driver_version"), driverVersion);
    o.insert(QStringLiteral("nvml_version"), nvmlVersion);
    QJsonArray list;
    for (const NvmlGpu &g : gpus)
        list.append(g.toJson());
    o.insert(QStringLiteral("gpus"), list);
    return o;
}

} // namespace idleforge::platform
