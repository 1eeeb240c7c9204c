#pragma once
// Which device runs this node's repro tasks (issue 16): the CPU, or a Vulkan GPU that runs the
// repro GEMMs with the same bits. From the capability record (CapabilityRecord.h) and the
// `repro_device` setting.
#include <QJsonObject>
#include <QString>

namespace idleforge::node {

struct DeviceChoice {
    QString device = QStringLiteral("cpu"); // "cpu" or "vulkan:N"
    QString reason;                         // why, for the log
};

// `setting` "cpu" or "vulkan:N" is taken as given. "auto" (or empty): the Vulkan device with the
// highest "train_step_repro" figure when it beats the CPU's, meets the repro contract, and is a
// GPU (lavapipe, device type "cpu", runs on the same cores as the CPU path: it is never chosen by
// itself, only by name). No figures: the CPU.
DeviceChoice chooseReproDevice(const QJsonObject &capability, const QString &setting);

} // namespace idleforge::node
