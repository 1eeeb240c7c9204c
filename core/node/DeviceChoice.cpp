#include "node/DeviceChoice.h"

#include <QJsonArray>

#include <algorithm>

namespace idleforge::node {

namespace {

// The device's train_step_repro figure in millisteps/s (the record's integer unit), 0 if none.
qint64 reproSteps(const QJsonObject &device)
{
    for (const QJsonValue &t : device.value(QLatin1String("throughput")).toArray())
        if (t.toObject().value(QLatin1String("kind")).toString() == QLatin1String("train_step_repro"))
            return t.toObject().value(QLatin1String("value")).toInteger();
    return 0;
}

} // namespace

DeviceChoice chooseReproDevice(const QJsonObject &capability, const QString &setting)
{
    if (!setting.isEmpty() && setting != QLatin1String("auto"))
        return {setting, QStringLiteral("the repro_device setting says %1").arg(setting)};
    qint64 cpu = 0;
    QJsonObject best;
    for (const QJsonValue &v : capability.value(QLatin1String("devices")).toArray()) {
        const QJsonObject d = v.toObject();
        const QString type = d.value(QLatin1String("type")).toString();
        if (type == QLatin1String("cpu"))
            cpu = std::max(cpu, reproSteps(d));
        else if (type == QLatin1String("vulkan") && d.value(QLatin1String("repro_contract")).toBool()
                 && d.value(QLatin1String("device_type")).toString() != QLatin1String("cpu") && reproSteps(d) > reproSteps(best))
            best = d;
    }
    const qint64 gpu = reproSteps(best);
    if (gpu <= 0)
        return {QStringLiteral("cpu"), QStringLiteral("no GPU with a repro training figure")};
    const QString name = best.value(QLatin1String("name")).toString();
    const QString id = best.value(QLatin1String("id")).toString();
    if (gpu <= cpu)
        return {QStringLiteral("cpu"), QStringLiteral("the CPU (%1 steps/s) is faster than %2 (%3 steps/s)")
                                           .arg(double(cpu) / 1000.0).arg(name).arg(double(gpu) / 1000.0)};
    return {id, QStringLiteral("%1 (%2 steps/s) is faster than the CPU (%3 steps/s)").arg(name).arg(double(gpu) / 1000.0).arg(double(cpu) / 1000.0)};
}

} // namespace idleforge::node
