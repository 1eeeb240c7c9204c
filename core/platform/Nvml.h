#pragma once
// NVIDIA Management Library, loaded with dlopen when present (never a build dependency): driver
// version and, per GPU, temperature, power, utilization, memory and the processes using it.
// The policy reads it to see whether the GPU is hot or busy; `idleforgectl devices` prints it.
//
// Degrades gracefully: without libnvidia-ml.so.1 (no NVIDIA driver), or when nvmlInit fails,
// isAvailable() is false and error() says why; a fact one GPU does not support (a laptop part
// without power readings, no permission to list processes) stays unset while the rest is read.
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace idleforge::platform {

struct GpuProcess {
    quint32 pid = 0;
    std::optional<quint64> usedMemoryBytes; // unset when NVML cannot tell (e.g. WDDM)
    QString kind;                           // "compute" | "graphics"
};

struct NvmlGpu {
    int index = 0;                          // NVML's index (PCI order), not CUDA's
    QString name;
    QString uuid;                           // "GPU-..."; matches the worker's CUDA uuid
    std::optional<int> temperatureC;
    std::optional<double> powerLimitW;      // enforced limit
    std::optional<double> powerUsageW;
    std::optional<int> utilizationGpuPercent;
    std::optional<int> utilizationMemoryPercent;
    std::optional<quint64> memoryTotalBytes;
    std::optional<quint64> memoryUsedBytes;
    QList<GpuProcess> processes;            // compute and graphics processes
    bool processesKnown = false;            // false when NVML refused to list them

    QJsonObject toJson() const;
};

struct NvmlSnapshot {
    bool available = false;
    QString error;                          // why not available (empty when available)
    QString driverVersion;
    QString nvmlVersion;
    QList<NvmlGpu> gpus;

    QJsonObject toJson() const;
};

class Nvml {
public:
    static constexpr const char *kDefaultLibrary = "libnvidia-ml.so.1";

    // Loads and initialises the library; never fails hard. `library` is a dlopen name or path.
    explicit Nvml(const QString &library = QString::fromLatin1(kDefaultLibrary));
    ~Nvml(); // nvmlShutdown and dlclose
    Nvml(const Nvml &) = delete;
    Nvml &operator=(const Nvml &) = delete;

    bool isAvailable() const;
    QString error() const;

    // Reads every fact now (tens of ms on a real driver). Safe to call repeatedly.
    NvmlSnapshot snapshot() const;

private:
    struct Api;
    std::unique_ptr<Api> m_api;
    QString m_error;
};

} // namespace idleforge::platform
