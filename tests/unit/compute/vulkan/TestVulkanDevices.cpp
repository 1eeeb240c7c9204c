// Vulkan devices and the conformance probe on the machine's driver (lavapipe in CI): the facts
// the loader gives, `vulkan:N` ids, and the probe's known answers. On lavapipe (Mesa 22.3,
// LLVM 15) GLSL fma() is not fused, subnormals are kept and fp64 is there, so the probe must
// choose the binary64 emulation; on a GPU whose fma() is fused it must choose "native".
#include "compute/vulkan/VulkanBench.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanDevices.h"
#include "compute/vulkan/VulkanProbe.h"

#include <QTest>

using namespace idleforge::compute::vulkan;

class TestVulkanDevices : public QObject {
    Q_OBJECT
    std::vector<DeviceFacts> m_devices;

private Q_SLOTS:
    void initTestCase()
    {
        std::string error;
        m_devices = listDevices(&error);
        QVERIFY2(!m_devices.empty(), ("no Vulkan device (install mesa-vulkan-drivers): " + error).c_str());
    }

    void devicesHaveFacts()
    {
        for (const DeviceFacts &d : m_devices) {
            qInfo("vulkan:%d %s (%s, %s %s), %llu MiB, subgroup %u, fp16 %d, fp64 %d", d.index, d.name.c_str(), d.type.c_str(),
                  d.driverName.c_str(), d.driverInfo.c_str(), (unsigned long long)(d.vramBytes >> 20), d.subgroupSize, d.fp16, d.fp64);
            QVERIFY(!d.name.empty());
            QVERIFY(!d.vendor.empty());
            QVERIFY(d.vramBytes > 0);
            QVERIFY(d.maxAllocationBytes > 0);
            QVERIFY(d.subgroupSize >= 1);
            QVERIFY(d.maxSharedMemoryBytes >= 16384); // Vulkan's minimum
            QCOMPARE(indexOf("vulkan:" + std::to_string(d.index)), d.index);
        }
    }

    void idsParse()
    {
        QCOMPARE(indexOf("vulkan:0"), 0);
        QCOMPARE(indexOf("vulkan:12"), 12);
        QCOMPARE(indexOf("vulkan:"), -1);
        QCOMPARE(indexOf("vulkan:x"), -1);
        QCOMPARE(indexOf("vulkan:-1"), -1);
        QCOMPARE(indexOf("cuda:0"), -1);
        QCOMPARE(indexOf("vulkan:123456"), -1);
    }

    void openRefusesAMissingDevice()
    {
        std::string error;
        QVERIFY(!Context::open(int(m_devices.size()), &error));
        QVERIFY2(error.find("no Vulkan device") != std::string::npos, error.c_str());
        QVERIFY(!Context::open(-1, &error));
    }

    // The bandwidth benchmark runs and gives a figure (its value is the device's business).
    void copyBandwidthIsMeasured()
    {
        for (const DeviceFacts &d : m_devices) {
            std::string error;
            auto context = Context::open(d.index, &error);
            QVERIFY2(context, error.c_str());
            const double gbs = copyBandwidthGBs(*context, std::size_t(16) << 20, 3, &error);
            qInfo("vulkan:%d copy bandwidth %.1f GB/s", d.index, gbs);
            QVERIFY2(gbs > 0, error.c_str());
        }
    }

    // The fp16 GEMM benchmark checks its own result bit for bit (inputs whose sums are exact in
    // fp16); a device without shaderFloat16 is refused with the reason. On lavapipe it has fp16.
    void fp16GemmIsCheckedAndMeasured()
    {
        for (const DeviceFacts &d : m_devices) {
            std::string error;
            auto context = Context::open(d.index, &error);
            QVERIFY2(context, error.c_str());
            QCOMPARE(context->fp16(), d.fp16);
            const double gflops = gemmFp16Gflops(*context, 96, 1, &error);
            qInfo("vulkan:%d fp16 GEMM %.2f GFLOP/s %s", d.index, gflops, error.c_str());
            if (d.fp16)
                QVERIFY2(gflops > 0, error.c_str());
            else
                QVERIFY(gflops == 0 && error.find("shaderFloat16") != std::string::npos);
            if (d.driverName == "llvmpipe")
                QVERIFY(d.fp16);
        }
    }

    void probeGivesKnownAnswers()
    {
        for (const DeviceFacts &d : m_devices) {
            std::string error;
            auto context = Context::open(d.index, &error);
            QVERIFY2(context, error.c_str());
            ProbeResult probe;
            QVERIFY2(runProbe(*context, probe, &error), error.c_str());
            for (const ProbeCheck &c : probe.checks)
                qInfo("vulkan:%d %-26s %s (got %08x, IEEE %08x)", d.index, c.name.c_str(), c.pass ? "pass" : "FAIL", c.got, c.want);
            qInfo("vulkan:%d fma mode: %s", d.index, probe.fmaMode.c_str());
            // + - * are correctly rounded on every Vulkan device (the spec says so).
            QVERIFY(probe.roundsToNearestEven);
            QVERIFY(!probe.checks.empty());
            if (probe.fmaFused && probe.denormalsPreserved && probe.signedZeroAndSpecials)
                QCOMPARE(probe.fmaMode, std::string("native"));
            if (d.driverName == "llvmpipe") {
                // What was measured on lavapipe, pinned: a change in Mesa shows here.
                QVERIFY(!probe.fmaFused);
                QVERIFY(probe.denormalsPreserved);
                QVERIFY(probe.fma64Exact);
                QCOMPARE(probe.fmaMode, std::string("fma64"));
                QVERIFY(probe.meetsContract());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestVulkanDevices)
#include "TestVulkanDevices.moc"
