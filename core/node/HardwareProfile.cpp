#include "node/HardwareProfile.h"

#include "protocol/CanonicalJson.h"

#include <QCryptographicHash>

#include <cmath>

namespace idleforge::node {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// The facts of one device that identify the hardware. Memory is rounded to whole GiB because
// the kernel's MemTotal moves by a few MiB between kernel versions.
QJsonObject identityOf(const QJsonObject &d)
{
    QJsonObject id;
    for (const char *key : {"id", "type", "name", "vendor", "arch", "cores", "threads", "family", "model_id", "features",
                            "compute_capability", "sm_count", "uuid", "memory_bus_bits",
                            "device_type", "vendor_id", "driver_info", "api_version"}) { // Vulkan: a new driver probes again
        const QString k = QString::fromLatin1(key);
        if (d.contains(k))
            id.insert(k, d.value(k));
    }
    id.insert(QStringLiteral("memory_gib"), std::llround(d.value(QStringLiteral("memory_bytes")).toDouble() / kGiB));
    return id;
}

} // namespace

HardwareProfile HardwareProfile::fromWorker(const QJsonObject &worker, const platform::NvmlSnapshot &nvml)
{
    HardwareProfile p;
    p.m_nvml = nvml;
    p.m_torchVersion = worker.value(QStringLiteral("torch_version")).toString();

    QJsonArray identity;
    for (const auto &v : worker.value(QStringLiteral("devices")).toArray()) {
        QJsonObject d = v.toObject();
        identity.append(identityOf(d));
        const QString uuid = d.value(QStringLiteral("uuid")).toString();
        if (d.value(QStringLiteral("type")).toString() == QLatin1String("cuda") && !uuid.isEmpty()) {
            for (const platform::NvmlGpu &g : nvml.gpus)
                if (g.uuid == uuid)
                    d.insert(QStringLiteral("nvml"), g.toJson());
        }
        p.m_devices.append(d);
    }

    QStringList driver;
    if (!p.m_torchVersion.isEmpty())
        driver << QStringLiteral("torch ") + p.m_torchVersion;
    if (nvml.available && !nvml.driverVersion.isEmpty())
        driver << QStringLiteral("nvidia ") + nvml.driverVersion;
    p.m_driver = driver.join(QStringLiteral("; "));

    // Canonical JSON refuses fractions; the identity facts are all integers and strings.
    const auto bytes = protocol::canonicalJson(QJsonValue(identity));
    p.m_fingerprint = bytes ? QString::fromLatin1(QCryptographicHash::hash(*bytes, QCryptographicHash::Sha256).toHex())
                            : QString();
    return p;
}

QJsonObject HardwareProfile::device(const QString &id) const
{
    for (const auto &v : m_devices)
        if (v.toObject().value(QStringLiteral("id")).toString() == id)
            return v.toObject();
    return {};
}

QJsonObject HardwareProfile::toJson() const
{
    return QJsonObject{{QStringLiteral("devices"), m_devices},
                       {QStringLiteral("driver"), m_driver},
                       {QStringLiteral("fingerprint"), m_fingerprint},
                       {QStringLiteral("torch_version"), m_torchVersion},
                       {QStringLiteral("nvml"), m_nvml.toJson()}};
}

} // namespace idleforge::node
