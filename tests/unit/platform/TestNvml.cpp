// NVML through dlopen: absent (this CI machine has no NVIDIA driver), present (a fake library
// with the same C ABI), and present but failing to initialise.
#include "platform/Nvml.h"

#include <QJsonArray>
#include <QTest>

using namespace idleforge::platform;

class TestNvml : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void absentLibraryDegradesGracefully()
    {
        const Nvml nvml(QStringLiteral("libnvidia-ml-does-not-exist.so.1"));
        QVERIFY(!nvml.isAvailable());
        QVERIFY2(nvml.error().contains(QStringLiteral("not available")), qPrintable(nvml.error()));
        const NvmlSnapshot s = nvml.snapshot();
        QVERIFY(!s.available);
        QVERIFY(s.gpus.isEmpty());
        QVERIFY(s.driverVersion.isEmpty());
        const QJsonObject json = s.toJson();
        QCOMPARE(json.value(QStringLiteral("available")).toBool(true), false);
        QVERIFY(!json.value(QStringLiteral("error")).toString().isEmpty());
        QVERIFY(!json.contains(QStringLiteral("gpus")));
    }

    void defaultLibraryOnThisMachine()
    {
        // Whatever this machine has, construction and a snapshot must not fail or throw.
        const Nvml nvml;
        const NvmlSnapshot s = nvml.snapshot();
        QCOMPARE(s.available, nvml.isAvailable());
        if (!s.available)
            QVERIFY(!s.error.isEmpty());
    }

    void readsEveryFactFromAPresentLibrary()
    {
        qunsetenv("FAKE_NVML_INIT_ERROR");
        const Nvml nvml(QStringLiteral(FAKE_NVML));
        QVERIFY2(nvml.isAvailable(), qPrintable(nvml.error()));
        const NvmlSnapshot s = nvml.snapshot();
        QVERIFY(s.available);
        QCOMPARE(s.driverVersion, QStringLiteral("550.54.15"));
        QCOMPARE(s.gpus.size(), 2);

        const NvmlGpu &h100 = s.gpus.at(0);
        QCOMPARE(h100.name, QStringLiteral("NVIDIA H100 80GB HBM3"));
        QCOMPARE(h100.uuid, QStringLiteral("GPU-00112233-4455-6677-8899-aabbccddeeff"));
        QCOMPARE(h100.temperatureC.value_or(-1), 41);
        QCOMPARE(h100.powerLimitW.value_or(-1), 700.0);    // from milliwatts
        QCOMPARE(h100.powerUsageW.value_or(-1), 123.456);
        QCOMPARE(h100.utilizationGpuPercent.value_or(-1), 97);
        QCOMPARE(h100.utilizationMemoryPercent.value_or(-1), 55);
        QCOMPARE(h100.memoryTotalBytes.value_or(0), 85899345920ULL);
        QCOMPARE(h100.memoryUsedBytes.value_or(0), 1073741824ULL);
        // Three compute processes, read after NVML_ERROR_INSUFFICIENT_SIZE; the graphics list
        // was refused, so the list is marked incomplete.
        QCOMPARE(h100.processes.size(), 3);
        QCOMPARE(h100.processes.at(0).pid, 1000u);
        QCOMPARE(h100.processes.at(1).usedMemoryBytes.value_or(0), 2ULL * 1048576);
        QVERIFY(!h100.processes.at(2).usedMemoryBytes); // NVML_VALUE_NOT_AVAILABLE
        QCOMPARE(h100.processes.at(0).kind, QStringLiteral("compute"));
        QVERIFY(!h100.processesKnown);

        const NvmlGpu &rtx = s.gpus.at(1);
        QCOMPARE(rtx.temperatureC.value_or(-1), 67);
        QVERIFY(!rtx.powerLimitW); // NOT_SUPPORTED leaves the fact unset, the rest is read
        QVERIFY(!rtx.powerUsageW);
        QVERIFY(rtx.processes.isEmpty());

        const QJsonObject json = s.toJson();
        QCOMPARE(json.value(QStringLiteral("driver_version")).toString(), QStringLiteral("550.54.15"));
        const QJsonObject g0 = json.value(QStringLiteral("gpus")).toArray().at(0).toObject();
        QCOMPARE(g0.value(QStringLiteral("temperature_c")).toInt(), 41);
        QCOMPARE(g0.value(QStringLiteral("processes")).toArray().size(), 3);
        QCOMPARE(g0.value(QStringLiteral("processes_complete")).toBool(true), false);
        const QJsonObject g1 = json.value(QStringLiteral("gpus")).toArray().at(1).toObject();
        QVERIFY(!g1.contains(QStringLiteral("power_limit_w")));
    }

    void failedInitIsReported()
    {
        qputenv("FAKE_NVML_INIT_ERROR", "9"); // NVML_ERROR_DRIVER_NOT_LOADED
        const Nvml nvml(QStringLiteral(FAKE_NVML));
        qunsetenv("FAKE_NVML_INIT_ERROR");
        QVERIFY(!nvml.isAvailable());
        QVERIFY2(nvml.error().contains(QStringLiteral("Driver Not Loaded")), qPrintable(nvml.error()));
        QVERIFY(!nvml.snapshot().available);
    }
};

QTEST_GUILESS_MAIN(TestNvml)
#include "TestNvml.moc"
