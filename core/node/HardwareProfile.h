#pragma once
// What this machine is: the worker's device list (its "devices" or "bench" result) joined with
// NVML's facts, plus the two keys that decide whether a stored benchmark still describes it:
//   fingerprint  a hash of the identity facts (device names, UUIDs, cores, ISA features,
//                compute capability, SM count, memory rounded to GiB); never clocks, free
//                memory, temperatures or anything else that moves between runs
//   driver       what the figures depend on besides the hardware: the libtorch version and
//                the NVIDIA driver version when NVML is present
#include "platform/Nvml.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace idleforge::node {

class HardwareProfile {
public:
    HardwareProfile() = default;
    // `worker` is the result of the worker's "devices" or "bench" job. CUDA devices get an
    // "nvml" object when NVML lists a GPU with the same UUID.
    static HardwareProfile fromWorker(const QJsonObject &worker, const platform::NvmlSnapshot &nvml = {});

    bool isEmpty() const { return m_devices.isEmpty(); }
    QJsonArray devices() const { return m_devices; }
    QJsonObject device(const QString &id) const;
    QString driver() const { return m_driver; }
    QString fingerprint() const { return m_fingerprint; }
    QString torchVersion() const { return m_torchVersion; }
    const platform::NvmlSnapshot &nvml() const { return m_nvml; }

    // {"devices":[...], "driver":..., "fingerprint":..., "torch_version":..., "nvml":{...}}
    QJsonObject toJson() const;

private:
    QJsonArray m_devices;
    QString m_driver;
    QString m_fingerprint;
    QString m_torchVersion;
    platform::NvmlSnapshot m_nvml;
};

} // namespace idleforge::node
