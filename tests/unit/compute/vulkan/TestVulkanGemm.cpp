// The repro GEMM shader against the CPU's definition (repro::gemmReference: one fma chain per
// output in k order), bit for bit, on every Vulkan device that meets the contract and in every
// fma mode it can run (native where fma() is fused, the binary64 emulation where it has fp64).
// Shapes straddle the 16 x 16 tiles and the 16-deep k stages; inputs include subnormals, signed
// zeros, cancellations and every transpose and init mode.
#include "ReproTestUtil.h"

#include "compute/repro/Gemm.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanGemm.h"
#include "compute/vulkan/VulkanProbe.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::compute::vulkan;

namespace {

struct Problem {
    std::size_t m, n, k;
    repro::Trans ta, tb;
    repro::Init init;
    std::size_t pad = 0; // extra elements per row (ld > width)
};

// Inputs with the awkward values a GEMM must carry exactly.
std::vector<float> operand(std::size_t n, std::uint32_t tag, bool awkward)
{
    std::vector<float> v = repro::test::randomVector(n, tag, -2.0f, 2.0f);
    if (awkward)
        for (std::size_t i = 0; i < n; i += 7) {
            switch ((i / 7) % 5) {
            case 0: v[i] = std::ldexp(v[i], -130); break; // subnormal
            case 1: v[i] = -0.0f; break;
            case 2: v[i] = 0.0f; break;
            case 3: v[i] = std::ldexp(v[i], 60); break;   // a large term that later ones cancel against
            default: v[i] = -v[i]; break;
            }
        }
    return v;
}

} // namespace

class TestVulkanGemm : public QObject {
    Q_OBJECT
    struct Device {
        std::unique_ptr<Context> context;
        std::vector<std::unique_ptr<Gemm>> kernels; // one per fma mode it runs
        std::vector<std::string> modes;
    };
    std::vector<Device> m_devices;

    void check(const Problem &p, bool awkward, std::uint32_t tag)
    {
        const std::size_t aRows = p.ta == repro::Trans::No ? p.m : p.k, aCols = p.ta == repro::Trans::No ? p.k : p.m;
        const std::size_t bRows = p.tb == repro::Trans::No ? p.k : p.n, bCols = p.tb == repro::Trans::No ? p.n : p.k;
        const std::size_t lda = aCols + p.pad, ldb = bCols + p.pad, ldc = p.n + p.pad;
        const std::vector<float> a = operand(aRows * lda, tag, awkward), b = operand(bRows * ldb, tag + 1, awkward);
        const std::vector<float> bias = operand(p.n, tag + 2, awkward), c0 = operand(p.m * ldc, tag + 3, awkward);
        repro::GemmArgs args;
        args.m = p.m;
        args.n = p.n;
        args.k = p.k;
        args.a = a.data();
        args.lda = lda;
        args.transA = p.ta;
        args.b = b.data();
        args.ldb = ldb;
        args.transB = p.tb;
        args.ldc = ldc;
        args.init = p.init;
        args.bias = bias.data();
        std::vector<float> want = c0;
        args.c = want.data();
        repro::gemmReference(args);
        for (Device &d : m_devices)
            for (std::size_t i = 0; i < d.kernels.size(); ++i) {
                std::vector<float> got = c0;
                args.c = got.data();
                std::string error;
                QVERIFY2(d.kernels[i]->run(args, &error), error.c_str());
                // Not QVERIFY2: Qt 6.4 builds its message even when it passes, and this one reads
                // got[at] (UBSan in the sanitizer tree: got[-1] on every passing shape).
                const long long at = repro::test::firstDifference(got, want);
                if (at >= 0)
                    QFAIL(qPrintable(QStringLiteral("%1 (%2): %3x%4x%5 differs at %6: %7 vs %8")
                                                .arg(QString::fromStdString(d.context->facts().name), QString::fromStdString(d.modes[i]))
                                                .arg(p.m).arg(p.n).arg(p.k).arg(at)
                                                .arg(double(got[std::size_t(at)]), 0, 'g', 9).arg(double(want[std::size_t(at)]), 0, 'g', 9)));
            }
    }

private Q_SLOTS:
    void initTestCase()
    {
        std::string error;
        const std::vector<DeviceFacts> devices = listDevices(&error);
        QVERIFY2(!devices.empty(), ("no Vulkan device (install mesa-vulkan-drivers): " + error).c_str());
        for (const DeviceFacts &f : devices) {
            Device d;
            d.context = Context::open(f.index, &error);
            QVERIFY2(d.context, error.c_str());
            ProbeResult probe;
            QVERIFY2(runProbe(*d.context, probe, &error), error.c_str());
            // Every mode this device can run exactly: the probe's choice, and the emulation too
            // where fma() is fused and fp64 is there (both must give the CPU's bits).
            std::vector<std::string> modes;
            if (probe.fmaMode != "none")
                modes.push_back(probe.fmaMode);
            if (probe.fmaMode == "native" && probe.fma64Exact)
                modes.push_back("fma64");
            for (const std::string &mode : modes) {
                auto kernel = Gemm::create(*d.context, mode, &error);
                QVERIFY2(kernel, error.c_str());
                d.kernels.push_back(std::move(kernel));
                d.modes.push_back(mode);
            }
            qInfo("vulkan:%d %s: %zu fma mode(s)", f.index, f.name.c_str(), d.modes.size());
            if (!d.kernels.empty())
                m_devices.push_back(std::move(d));
        }
        QVERIFY2(!m_devices.empty(), "no Vulkan device meets the repro contract");
    }

    void matchesReferenceBitwise_data()
    {
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("k");
        QTest::addColumn<bool>("awkward");
        for (auto [m, n, k] : {std::tuple{1, 1, 1}, {1, 1, 0}, {3, 5, 7}, {16, 16, 16}, {17, 15, 33}, {31, 47, 100}, {64, 48, 129},
                               {5, 200, 3}, {100, 1, 64}})
            for (bool awkward : {false, true})
                QTest::addRow("%dx%dx%d%s", m, n, k, awkward ? " awkward" : "") << m << n << k << awkward;
    }
    void matchesReferenceBitwise()
    {
        QFETCH(int, m);
        QFETCH(int, n);
        QFETCH(int, k);
        QFETCH(bool, awkward);
        std::uint32_t tag = 100;
        for (repro::Trans ta : {repro::Trans::No, repro::Trans::Yes})
            for (repro::Trans tb : {repro::Trans::No, repro::Trans::Yes})
                for (repro::Init init : {repro::Init::Zero, repro::Init::Bias, repro::Init::Accumulate}) {
                    check({std::size_t(m), std::size_t(n), std::size_t(k), ta, tb, init, std::size_t(m % 3)}, awkward, tag += 10);
                    if (QTest::currentTestFailed())
                        return;
                }
    }

    // The transformer's shapes (a 128-wide linear over a 64 x 8 batch, attention heads).
    void modelShapesMatchReference()
    {
        check({512, 384, 128, repro::Trans::No, repro::Trans::Yes, repro::Init::Bias}, false, 7000);
        check({128, 128, 512, repro::Trans::Yes, repro::Trans::No, repro::Init::Accumulate}, true, 7100);
        check({64, 64, 32, repro::Trans::No, repro::Trans::Yes, repro::Init::Zero}, true, 7200);
    }

    // The test can fail: on a device whose fma() rounds the product (lavapipe), the plain
    // fma() kernel gives other bits than the CPU for the same inputs.
    void anUnfusedFmaKernelIsCaught()
    {
        for (Device &d : m_devices) {
            std::string error;
            ProbeResult probe;
            QVERIFY2(runProbe(*d.context, probe, &error), error.c_str());
            if (probe.fmaFused)
                continue;
            auto native = Gemm::create(*d.context, "native", &error);
            QVERIFY2(native, error.c_str());
            const std::size_t n = 48;
            const std::vector<float> a = operand(n * n, 8000, false), b = operand(n * n, 8001, false);
            std::vector<float> want(n * n), got(n * n);
            repro::GemmArgs args;
            args.m = args.n = args.k = n;
            args.a = a.data();
            args.lda = n;
            args.b = b.data();
            args.ldb = n;
            args.ldc = n;
            args.c = want.data();
            repro::gemmReference(args);
            args.c = got.data();
            QVERIFY2(native->run(args, &error), error.c_str());
            QVERIFY2(repro::test::firstDifference(got, want) >= 0, "an unfused fma chain gave the fused chain's bits");
        }
    }

    // The chain is the order: a GEMM that summed k in another order, or rounded the product,
    // would differ somewhere on these inputs (so the equality above means something).
    void aWrongOrderWouldBeSeen()
    {
        const std::size_t k = 257;
        const std::vector<float> a = operand(k, 9000, true), b = operand(k, 9001, true);
        float chain = 0.0f, reversed = 0.0f, unfused = 0.0f;
        for (std::size_t i = 0; i < k; ++i) {
            chain = std::fma(a[i], b[i], chain);
            reversed = std::fma(a[k - 1 - i], b[k - 1 - i], reversed);
            const volatile float product = a[i] * b[i];
            unfused = unfused + product;
        }
        QVERIFY(repro::math::bits(chain) != repro::math::bits(reversed) || repro::math::bits(chain) != repro::math::bits(unfused));
    }
};

QTEST_GUILESS_MAIN(TestVulkanGemm)
#include "TestVulkanGemm.moc"
