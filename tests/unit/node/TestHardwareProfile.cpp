// The hardware profile (NVML joined by UUID, driver string, fingerprint) and the capability
// record's stable, signable shape.
#include "HardwareFixtures.h"
#include "node/CapabilityRecord.h"
#include "node/HardwareProfile.h"
#include "protocol/CanonicalJson.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::hwtest;

class TestHardwareProfile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void joinsNvmlByUuid()
    {
        const auto p = node::HardwareProfile::fromWorker(devicesResult(), nvml());
        QCOMPARE(p.devices().size(), 2);
        QCOMPARE(p.device(QStringLiteral("cuda:0")).value(QStringLiteral("nvml")).toObject()
                     .value(QStringLiteral("temperature_c")).toInt(), 40);
        QVERIFY(!p.device(QStringLiteral("cpu")).contains(QStringLiteral("nvml")));
        QCOMPARE(p.driver(), QStringLiteral("torch 1.13.0; nvidia 550.54.15"));
        QCOMPARE(p.toJson().value(QStringLiteral("nvml")).toObject().value(QStringLiteral("available")).toBool(), true);
    }

    void withoutNvmlTheDriverIsTorchAlone()
    {
        const auto p = node::HardwareProfile::fromWorker(devicesResult(false));
        QCOMPARE(p.driver(), QStringLiteral("torch 1.13.0"));
        QCOMPARE(p.toJson().value(QStringLiteral("nvml")).toObject().value(QStringLiteral("available")).toBool(true), false);
    }

    void fingerprintFollowsIdentityNotMomentaryFacts()
    {
        const QString base = node::HardwareProfile::fromWorker(devicesResult()).fingerprint();
        QCOMPARE(base.size(), 64); // hex SHA-256
        // Clocks, free memory, NVML readings and the driver do not change the fingerprint.
        QJsonObject moved = devicesResult();
        QJsonArray devices = moved.value(QStringLiteral("devices")).toArray();
        QJsonObject cpu = devices.at(0).toObject();
        cpu.insert(QStringLiteral("base_mhz"), 2994.1);
        cpu.insert(QStringLiteral("available_memory_bytes"), 1000.0);
        cpu.insert(QStringLiteral("memory_bytes"), 25769803776.0 - 8 * 1024 * 1024); // kernel reserves 8 MiB more
        devices.replace(0, cpu);
        moved.insert(QStringLiteral("devices"), devices);
        QCOMPARE(node::HardwareProfile::fromWorker(moved, nvml(QStringLiteral("560.1"))).fingerprint(), base);
        // A different GPU (UUID), an added GPU, or other CPU features do.
        QJsonObject otherGpu = devicesResult();
        devices = otherGpu.value(QStringLiteral("devices")).toArray();
        QJsonObject gpu = devices.at(1).toObject();
        gpu.insert(QStringLiteral("uuid"), QStringLiteral("GPU-ffffffff-4455-6677-8899-aabbccddeeff"));
        devices.replace(1, gpu);
        otherGpu.insert(QStringLiteral("devices"), devices);
        QVERIFY(node::HardwareProfile::fromWorker(otherGpu).fingerprint() != base);
        QVERIFY(node::HardwareProfile::fromWorker(devicesResult(false)).fingerprint() != base);
    }

    void capabilityRecordShape()
    {
        const auto p = node::HardwareProfile::fromWorker(devicesResult(), nvml());
        QJsonObject bench = benchResult();
        bench.insert(QStringLiteral("measured_at_ms"), 1700000000000.0);
        const QJsonObject rec = node::capabilityRecord(p, bench);

        QCOMPARE(rec.value(QStringLiteral("schema")).toString(), QStringLiteral("idleforge.capability/1"));
        QCOMPARE(rec.keys(), (QStringList{QStringLiteral("benchmark"), QStringLiteral("devices"), QStringLiteral("driver"),
                                           QStringLiteral("fingerprint"), QStringLiteral("schema")}));
        QCOMPARE(rec.value(QStringLiteral("fingerprint")).toString(), p.fingerprint());
        QCOMPARE(rec[QStringLiteral("benchmark")][QStringLiteral("tier")].toString(), QStringLiteral("quick"));
        QCOMPARE(rec[QStringLiteral("benchmark")][QStringLiteral("measured_at_ms")].toDouble(), 1700000000000.0);

        const QJsonArray devices = rec.value(QStringLiteral("devices")).toArray();
        QCOMPARE(devices.size(), 2);
        const QStringList deviceKeys{QStringLiteral("compute_capability"), QStringLiteral("cores"), QStringLiteral("id"),
                                     QStringLiteral("memory_bytes"), QStringLiteral("name"), QStringLiteral("precisions"),
                                     QStringLiteral("sm_count"), QStringLiteral("throughput"), QStringLiteral("type"),
                                     QStringLiteral("usable_memory_bytes"), QStringLiteral("uuid")};
        for (const auto &d : devices)
            QCOMPARE(d.toObject().keys(), deviceKeys);

        const QJsonObject cpu = devices.at(0).toObject();
        // Half of 24 GiB; the 20 GB available at probe time is more than that.
        QCOMPARE(cpu.value(QStringLiteral("usable_memory_bytes")).toDouble(), 12884901888.0);
        QCOMPARE(cpu.value(QStringLiteral("cores")).toInt(), 2);
        const QJsonObject gemm = cpu.value(QStringLiteral("throughput")).toArray().at(0).toObject();
        QCOMPARE(gemm.value(QStringLiteral("kind")).toString(), QStringLiteral("gemm_fp32"));
        QCOMPARE(gemm.value(QStringLiteral("value")).toDouble(), 52500.0); // MFLOP/s
        QCOMPARE(gemm.value(QStringLiteral("unit")).toString(), QStringLiteral("MFLOP/s"));
        QCOMPARE(gemm.value(QStringLiteral("peak")).toDouble(), 63872.0);
        QCOMPARE(gemm.value(QStringLiteral("efficiency_permille")).toDouble(), 822.0);
        const QJsonObject bw = cpu.value(QStringLiteral("throughput")).toArray().at(1).toObject();
        QCOMPARE(bw.value(QStringLiteral("unit")).toString(), QStringLiteral("MB/s"));
        QCOMPARE(bw.value(QStringLiteral("value")).toDouble(), 9250.0);
        QCOMPARE(bw.value(QStringLiteral("efficiency_permille")).toDouble(), 0.0);

        const QJsonObject gpu = devices.at(1).toObject();
        QCOMPARE(gpu.value(QStringLiteral("compute_capability")).toString(), QStringLiteral("9.0"));
        QCOMPARE(gpu.value(QStringLiteral("sm_count")).toInt(), 132);
        QCOMPARE(gpu.value(QStringLiteral("uuid")).toString(), kGpuUuid);
        // 80 GiB minus 10% (more than 512 MiB).
        QCOMPARE(gpu.value(QStringLiteral("usable_memory_bytes")).toDouble(), 85899345920.0 - 8589934592.0);
        QCOMPARE(gpu.value(QStringLiteral("precisions")).toArray().size(), 4);

        // It travels signed: canonical JSON must accept it (integers only).
        const auto canonical = protocol::canonicalJson(rec);
        QVERIFY2(canonical.ok(), canonical.ok() ? "" : qPrintable(canonical.error().toString()));
    }

    void capabilityRecordBeforeAnyBenchmark()
    {
        const auto p = node::HardwareProfile::fromWorker(devicesResult(false));
        const QJsonObject rec = node::capabilityRecord(p, {});
        QCOMPARE(rec[QStringLiteral("benchmark")][QStringLiteral("tier")].toString(), QString());
        QVERIFY(rec.value(QStringLiteral("devices")).toArray().at(0).toObject().value(QStringLiteral("throughput")).toArray().isEmpty());
        QVERIFY(protocol::canonicalJson(rec).ok());
    }

    void smallGpuKeepsHalfAGibReserve()
    {
        QJsonObject d{{QStringLiteral("type"), QStringLiteral("cuda")}, {QStringLiteral("memory_bytes"), 2147483648.0}};
        QCOMPARE(node::usableMemoryBytes(d), 2147483648LL - 536870912LL);
    }
};

QTEST_GUILESS_MAIN(TestHardwareProfile)
#include "TestHardwareProfile.moc"
