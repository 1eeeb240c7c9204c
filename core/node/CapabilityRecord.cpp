#include "node/CapabilityRecord.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace idleforge::node {

namespace {

qint64 integer(const QJsonValue &v) { return static_cast<qint64>(std::llround(v.toDouble())); }

// GFLOP/s -> MFLOP/s, GB/s -> MB/s, steps/s -> millisteps/s: integers with enough resolution
// for any real device.
QString integerUnit(const QString &unit)
{
    if (unit == QLatin1String("GFLOP/s")) return QStringLiteral("MFLOP/s");
    if (unit == QLatin1String("GB/s")) return QStringLiteral("MB/s");
    return QStringLiteral("milli") + unit;
}

QJsonObject throughputEntry(const QJsonObject &figure)
{
    const QString unit = figure.value(QStringLiteral("unit")).toString();
    const double value = figure.value(QStringLiteral("value")).toDouble();
    const double peak = figure.value(QStringLiteral("peak")).toDouble();
    return QJsonObject{{QStringLiteral("kind"), figure.value(QStringLiteral("kind")).toString()},
                       {QStringLiteral("value"), static_cast<qint64>(std::llround(value * 1000))},
                       {QStringLiteral("unit"), integerUnit(unit)},
                       {QStringLiteral("peak"), static_cast<qint64>(std::llround(peak * 1000))},
                       {QStringLiteral("efficiency_permille"),
                        peak > 0 ? static_cast<qint64>(std::llround(value / peak * 1000)) : qint64(0)}};
}

} // namespace

qint64 usableMemoryBytes(const QJsonObject &device)
{
    const qint64 total = integer(device.value(QStringLiteral("memory_bytes")));
    if (device.value(QStringLiteral("type")).toString() == QLatin1String("cpu")) {
        const qint64 available = integer(device.value(QStringLiteral("available_memory_bytes")));
        const qint64 half = total / 2;
        return available > 0 ? std::min(half, available) : half;
    }
    const qint64 reserve = std::max<qint64>(512LL * 1024 * 1024, total / 10);
    return std::max<qint64>(0, total - reserve);
}

QJsonObject capabilityRecord(const HardwareProfile &profile, const QJsonObject &bench)
{
    const QJsonArray results = bench.value(QStringLiteral("results")).toArray();
    QJsonArray devices;
    for (const auto &v : profile.devices()) {
        const QJsonObject d = v.toObject();
        const QString id = d.value(QStringLiteral("id")).toString();
        const bool cuda = d.value(QStringLiteral("type")).toString() == QLatin1String("cuda");
        QJsonArray throughput;
        for (const auto &r : results)
            if (r.toObject().value(QStringLiteral("device")).toString() == id)
                throughput.append(throughputEntry(r.toObject()));
        QJsonObject entry{
            {QStringLiteral("id"), id},
            {QStringLiteral("type"), d.value(QStringLiteral("type")).toString()},
            {QStringLiteral("name"), d.value(QStringLiteral("name")).toString()},
            {QStringLiteral("uuid"), d.value(QStringLiteral("uuid")).toString()},
            {QStringLiteral("memory_bytes"), integer(d.value(QStringLiteral("memory_bytes")))},
            {QStringLiteral("usable_memory_bytes"), usableMemoryBytes(d)},
            {QStringLiteral("precisions"), d.value(QStringLiteral("precisions")).toArray()},
            {QStringLiteral("compute_capability"), cuda ? d.value(QStringLiteral("compute_capability")).toString() : QString()},
            {QStringLiteral("cores"), cuda ? qint64(0) : integer(d.value(QStringLiteral("cores")))},
            {QStringLiteral("sm_count"), cuda ? integer(d.value(QStringLiteral("sm_count"))) : qint64(0)},
            {QStringLiteral("throughput"), throughput},
        };
        if (d.value(QStringLiteral("type")).toString() == QLatin1String("vulkan")) {
            // What the node needs to choose the device for repro tasks (node/DeviceChoice.h).
            entry.insert(QStringLiteral("device_type"), d.value(QStringLiteral("device_type")).toString());
            entry.insert(QStringLiteral("repro_contract"), d.value(QStringLiteral("probe")).toObject().value(QStringLiteral("meets_contract")).toBool());
        }
        devices.append(entry);
    }
    const qint64 measuredAt = integer(bench.value(QStringLiteral("measured_at_ms")));
    return QJsonObject{
        {QStringLiteral("schema"), QString::fromLatin1(kCapabilitySchema)},
        {QStringLiteral("fingerprint"), profile.fingerprint()},
        {QStringLiteral("driver"), profile.driver()},
        {QStringLiteral("benchmark"), QJsonObject{{QStringLiteral("tier"), bench.value(QStringLiteral("tier")).toString()},
                                                  {QStringLiteral("measured_at_ms"), measuredAt}}},
        {QStringLiteral("devices"), devices},
    };
}

} // namespace idleforge::node
