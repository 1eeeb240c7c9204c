// Where repro tasks train (node/DeviceChoice.h), from a capability record built the way the node
// builds it (HardwareProfile from the worker's "bench" result, then capabilityRecord): a GPU that
// meets the repro contract and beats the CPU's repro step is chosen; lavapipe (a Vulkan device
// of type "cpu"), a slower GPU or one that fails the probe is not; the setting overrides.
#include "HardwareFixtures.h"

#include "node/CapabilityRecord.h"
#include "node/DeviceChoice.h"
#include "node/HardwareProfile.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::node;

namespace {

QJsonObject vulkanDevice(int index, const QString &name, const QString &deviceType, bool meetsContract)
{
    return QJsonObject{{QStringLiteral("id"), QStringLiteral("vulkan:%1").arg(index)},
                       {QStringLiteral("type"), QStringLiteral("vulkan")},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("device_type"), deviceType},
                       {QStringLiteral("memory_bytes"), qint64(8) << 30},
                       {QStringLiteral("precisions"), QJsonArray{QStringLiteral("fp32")}},
                       {QStringLiteral("probe"), QJsonObject{{QStringLiteral("meets_contract"), meetsContract},
                                                             {QStringLiteral("fma_mode"), meetsContract ? QStringLiteral("native")
                                                                                                        : QStringLiteral("none")}}}};
}

struct Vk {
    QJsonObject device;
    double stepsPerSecond;
};

// The record of a CPU doing `cpuSteps` repro steps/s and the given Vulkan devices.
QJsonObject record(double cpuSteps, const QList<Vk> &gpus)
{
    QJsonObject bench = hwtest::benchResult(false);
    QJsonArray devices = bench.value(QStringLiteral("devices")).toArray();
    QJsonArray results = bench.value(QStringLiteral("results")).toArray();
    results.append(hwtest::figure(QStringLiteral("cpu"), QStringLiteral("train_step_repro"), cpuSteps, QStringLiteral("steps/s"), 0));
    for (const Vk &g : gpus) {
        devices.append(g.device);
        results.append(hwtest::figure(g.device.value(QStringLiteral("id")).toString(), QStringLiteral("train_step_repro"),
                                      g.stepsPerSecond, QStringLiteral("steps/s"), 0));
    }
    bench.insert(QStringLiteral("devices"), devices);
    bench.insert(QStringLiteral("results"), results);
    return capabilityRecord(HardwareProfile::fromWorker(bench), bench);
}

} // namespace

class TestDeviceChoice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordCarriesWhatTheChoiceNeeds()
    {
        const QJsonObject r = record(1.0, {{vulkanDevice(0, QStringLiteral("AMD Radeon RX 7900 XTX"), QStringLiteral("discrete"), true), 9.0}});
        const QJsonObject d = r.value(QStringLiteral("devices")).toArray().at(1).toObject();
        QCOMPARE(d.value(QStringLiteral("id")).toString(), QStringLiteral("vulkan:0"));
        QCOMPARE(d.value(QStringLiteral("device_type")).toString(), QStringLiteral("discrete"));
        QVERIFY(d.value(QStringLiteral("repro_contract")).toBool());
    }

    void choice_data()
    {
        QTest::addColumn<QJsonObject>("capability");
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("device");
        const QJsonObject fast = vulkanDevice(0, QStringLiteral("NVIDIA GeForce RTX 4070"), QStringLiteral("discrete"), true);
        const QJsonObject lavapipe = vulkanDevice(0, QStringLiteral("llvmpipe (LLVM 15.0.6, 256 bits)"), QStringLiteral("cpu"), true);
        const QJsonObject failing = vulkanDevice(1, QStringLiteral("Some GPU"), QStringLiteral("integrated"), false);
        const QJsonObject second = vulkanDevice(1, QStringLiteral("Intel Arc A770"), QStringLiteral("discrete"), true);
        QTest::newRow("faster GPU") << record(1.0, {{fast, 6.0}}) << QStringLiteral("auto") << QStringLiteral("vulkan:0");
        QTest::newRow("empty setting is auto") << record(1.0, {{fast, 6.0}}) << QString() << QStringLiteral("vulkan:0");
        QTest::newRow("slower GPU") << record(8.0, {{fast, 6.0}}) << QStringLiteral("auto") << QStringLiteral("cpu");
        QTest::newRow("lavapipe is never chosen") << record(0.1, {{lavapipe, 5.0}}) << QStringLiteral("auto") << QStringLiteral("cpu");
        QTest::newRow("probe failed") << record(1.0, {{failing, 50.0}}) << QStringLiteral("auto") << QStringLiteral("cpu");
        QTest::newRow("the fastest of two") << record(1.0, {{fast, 6.0}, {second, 7.0}}) << QStringLiteral("auto") << QStringLiteral("vulkan:1");
        QTest::newRow("setting cpu") << record(1.0, {{fast, 6.0}}) << QStringLiteral("cpu") << QStringLiteral("cpu");
        QTest::newRow("setting names lavapipe") << record(1.0, {{lavapipe, 0.2}}) << QStringLiteral("vulkan:0") << QStringLiteral("vulkan:0");
        QTest::newRow("no figures") << QJsonObject{} << QStringLiteral("auto") << QStringLiteral("cpu");
    }

    void choice()
    {
        QFETCH(QJsonObject, capability);
        QFETCH(QString, setting);
        QFETCH(QString, device);
        const DeviceChoice c = chooseReproDevice(capability, setting);
        QCOMPARE(c.device, device);
        QVERIFY(!c.reason.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDeviceChoice)
#include "TestDeviceChoice.moc"
