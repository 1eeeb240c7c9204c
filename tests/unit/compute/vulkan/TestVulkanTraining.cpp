// Training with the repro GEMMs and element-wise ops on a Vulkan device (compute/vulkan/VulkanRepro.h) gives the CPU's
// state bit for bit: every per-step state hash and the commitment equal those of every CPU path
// this machine has (generic, AVX2, AVX-512), for two model shapes and two thread counts; a run started on the
// CPU resumes on the device from the CPU's checkpoint (and back) with the same commitment. On
// lavapipe the device runs the binary64 fma emulation; the plain fma() kernel, which lavapipe
// does not fuse, gives another commitment: the comparison can fail.
#include "../graph/GraphTestUtil.h"

#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"
#include "compute/repro/Gemm.h"
#include "compute/repro/Runtime.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanGemm.h"
#include "compute/vulkan/VulkanRepro.h"
#include "crypto/Blake2b.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::graph;
namespace vk = idleforge::compute::vulkan;

namespace {

RunResult train(const task::TaskSpec &spec, const std::vector<std::uint8_t> &shard, const QString &dir, int threads,
                std::function<bool()> cancelled = {})
{
    ReproExecutor exec(spec.graph, threads);
    RunOptions o;
    o.checkpointDir = dir.toStdString();
    o.taskId = spec.taskId;
    o.shard = shard;
    o.cancelled = std::move(cancelled);
    return runTraining(spec.graph, exec, o);
}

task::TemplateOptions model(const QString &name, qint64 steps, qint64 checkpointEvery)
{
    task::TemplateOptions o = testutil::tinyGpt(steps, checkpointEvery);
    if (name == QLatin1String("mlp")) {
        o.templateName = QStringLiteral("mlp");
        o.layers = 2;
        o.dModel = 48;
        o.hidden = 96;
        o.optimizer = QStringLiteral("sgd");
    }
    return o;
}

std::unique_ptr<vk::ReproDevice> openDevice()
{
    std::string why;
    auto d = vk::ReproDevice::open("vulkan:0", &why);
    if (!d)
        qWarning("vulkan:0: %s", why.c_str());
    return d;
}

} // namespace

class TestVulkanTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        auto d = openDevice();
        QVERIFY2(d, "no Vulkan device meets the repro contract (install mesa-vulkan-drivers for lavapipe)");
        qInfo("vulkan:0 is %s (%s), fma mode %s", d->facts().name.c_str(), d->facts().driverName.c_str(), d->probe().fmaMode.c_str());
    }

    void cleanup()
    {
        repro::setGemmDevice(nullptr);
        repro::resetIsa();
        repro::setThreadCount(2);
    }

    void sameStateOnCpuAndVulkan_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("threads");
        for (const char *m : {"gpt", "mlp"})
            for (int threads : {1, 2})
                QTest::addRow("%s-%dthreads", m, threads) << QString::fromLatin1(m) << threads;
    }

    void sameStateOnCpuAndVulkan()
    {
        QFETCH(QString, model);
        QFETCH(int, threads);
        const auto spec = testutil::parse(::model(model, 4, 2));
        const auto shard = testutil::shardOf(spec);
        // Every CPU path this machine has (generic, AVX2, AVX-512), then the device.
        std::vector<RunResult> onCpu;
        for (const repro::Isa isa : {repro::Isa::Generic, repro::Isa::Avx2, repro::Isa::Avx512}) {
            if (!repro::forceIsa(isa))
                continue;
            QTemporaryDir d;
            onCpu.push_back(train(spec, shard, d.path(), threads));
            qInfo("cpu %s: commitment %s", repro::isaName(isa).data(), crypto::toHex(onCpu.back().commitment).substr(0, 16).c_str());
        }
        repro::resetIsa();
        QTemporaryDir gpu;
        auto device = openDevice();
        QVERIFY(device);
        const RunResult onGpu = train(spec, shard, gpu.path(), threads);
        QVERIFY2(device->gemmCalls() > 0, "the device ran no GEMM");
        QVERIFY2(device->elementCalls() > 0, "the device ran no element-wise op");
        qInfo("%s, %d threads: %llu GEMMs (%.3f GFLOP) on %s", qPrintable(model), threads,
              static_cast<unsigned long long>(device->gemmCalls()), device->gemmFlops() / 1e9, device->facts().name.c_str());
        QCOMPARE(onGpu.steps, 4);
        QVERIFY(onCpu.size() >= 1);
        for (const RunResult &cpu : onCpu) {
            QVERIFY(onGpu.hashes == cpu.hashes);
            QCOMPARE(onGpu.commitment, cpu.commitment);
            QVERIFY(onGpu.losses == cpu.losses);
        }
    }

    void runResumesAcrossDevices_data()
    {
        QTest::addColumn<bool>("startOnGpu");
        QTest::newRow("cpu-then-vulkan") << false;
        QTest::newRow("vulkan-then-cpu") << true;
    }

    void runResumesAcrossDevices()
    {
        QFETCH(bool, startOnGpu);
        const auto spec = testutil::parse(model(QStringLiteral("gpt"), 8, 3));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir whole, parts;
        const RunResult full = train(spec, shard, whole.path(), 2);
        std::unique_ptr<vk::ReproDevice> device = startOnGpu ? openDevice() : nullptr;
        int calls = 0;
        const RunResult first = train(spec, shard, parts.path(), 2, [&] { return ++calls > 5; });
        QVERIFY(first.cancelled);
        QCOMPARE(first.steps, 5);
        // Resume from the periodic checkpoint at 3, not the one written when it stopped.
        QVERIFY(QFile::remove(QString::fromStdString(checkpointPath(parts.path().toStdString(), 5))));
        if (startOnGpu)
            QVERIFY(device && device->gemmCalls() > 0);
        device = startOnGpu ? nullptr : openDevice();
        if (!startOnGpu)
            QVERIFY(device);
        const RunResult resumed = train(spec, shard, parts.path(), 2);
        QCOMPARE(resumed.resumedFrom, 3);
        QCOMPARE(resumed.steps, 8);
        QCOMPARE(resumed.commitment, full.commitment);
        QVERIFY(resumed.hashes == full.hashes);
        if (!startOnGpu)
            QVERIFY(device->gemmCalls() > 0);
    }

    // lavapipe's fma() is not fused: the kernel that trusts it gives other bits, so the equality
    // above is a real check. Skipped on a device that fuses (there the two kernels agree).
    void unfusedFmaKernelChangesTheCommitment()
    {
        std::string why;
        auto context = vk::Context::open(0, &why);
        QVERIFY2(context, why.c_str());
        auto probe = openDevice();
        QVERIFY(probe);
        if (probe->probe().fmaFused)
            QSKIP("this device's fma() is fused: the native kernel meets the contract");
        probe.reset();
        auto plain = vk::Gemm::create(*context, "native", &why);
        QVERIFY2(plain, why.c_str());
        const auto spec = testutil::parse(model(QStringLiteral("gpt"), 2, 2));
        const auto shard = testutil::shardOf(spec);
        QTemporaryDir cpu, gpu;
        const RunResult onCpu = train(spec, shard, cpu.path(), 2);
        repro::setGemmDevice(plain.get());
        const RunResult onPlain = train(spec, shard, gpu.path(), 2);
        repro::setGemmDevice(nullptr);
        QVERIFY(plain->calls() > 0);
        QVERIFY(onPlain.commitment != onCpu.commitment);
    }
};

QTEST_GUILESS_MAIN(TestVulkanTraining)
#include "TestVulkanTraining.moc"
