// The repro element-wise ops on a Vulkan device (VulkanElementwise.h: GELU forward and backward,
// AdamW, LayerNorm, causal attention, cross-entropy and the embeddings, forward and backward) against the CPU's
// repro kernels, bit for bit, through the op functions of Ops.h with
// the device installed (repro::setElementDevice) and without it, on every device and fma mode
// that meets the contract. Inputs: random values over the ops' working range and beyond, and
// the awkward ones (signed zeros, subnormals, large magnitudes where tanh saturates, inf, NaN),
// and AdamW at several steps (its bias corrections) with tiny and huge gradients.
#include "ReproTestUtil.h"

#include "compute/repro/ElementDevice.h"
#include "compute/repro/Ops.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanElementwise.h"
#include "compute/vulkan/VulkanGemm.h"
#include "compute/vulkan/VulkanProbe.h"
#include "compute/vulkan/VulkanSelfCheck.h"

#include <QElapsedTimer>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace idleforge;
using namespace idleforge::compute::vulkan;

namespace {

std::vector<float> inputs(std::size_t n, std::uint32_t tag, float scale)
{
    std::vector<float> v = repro::test::randomVector(n, tag, -scale, scale);
    const float awkward[] = {0.0f, -0.0f, 1e-40f, -1e-40f, std::numeric_limits<float>::denorm_min(), 1e-30f, 9.0f, -9.5f, 20.0f,
                             -40.0f, 1e20f, -3e38f, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                             std::numeric_limits<float>::quiet_NaN(), 0.5f, -1.0f, 3.0f};
    for (std::size_t i = 0; i < std::size(awkward) && i * 97 < n; ++i)
        v[i * 97] = awkward[i];
    return v;
}

// Index of the first element whose bits differ (both NaN count as equal), or -1.
long firstDifference(const std::vector<float> &a, const std::vector<float> &b)
{
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) && std::isnan(b[i]))
            continue;
        if (std::memcmp(&a[i], &b[i], 4) != 0)
            return long(i);
    }
    return -1;
}

} // namespace

class TestVulkanOps : public QObject {
    Q_OBJECT
    struct Device {
        std::unique_ptr<Context> context;
        std::unique_ptr<Elementwise> ops;
        std::string mode;
    };
    std::vector<Device> m_devices;

    // Runs `op` on the CPU and on every device; each output vector must match bit for bit.
    template <typename Op>
    void compare(const char *what, Op op)
    {
        const std::vector<std::vector<float>> cpu = op();
        for (Device &d : m_devices) {
            repro::setElementDevice(d.ops.get());
            const std::uint64_t before = d.ops->calls();
            const std::vector<std::vector<float>> gpu = op();
            repro::setElementDevice(nullptr);
            QVERIFY2(d.ops->calls() > before, "the device was not used");
            for (std::size_t o = 0; o < cpu.size(); ++o) {
                const long at = firstDifference(cpu[o], gpu[o]);
                QVERIFY2(at < 0, qPrintable(QStringLiteral("%1 (%2, output %3): element %4: cpu %5, device %6")
                                                .arg(QLatin1String(what), QString::fromStdString(d.mode)).arg(o).arg(at)
                                                .arg(at < 0 ? 0.0 : double(cpu[o][size_t(at)]), 0, 'g', 9)
                                                .arg(at < 0 ? 0.0 : double(gpu[o][size_t(at)]), 0, 'g', 9)));
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const DeviceFacts &f : listDevices()) {
            std::string why;
            Device d;
            d.context = Context::open(f.index, &why);
            ProbeResult probe;
            if (!d.context || !runProbe(*d.context, probe, &why) || !probe.meetsContract())
                continue;
            d.mode = f.name + " " + probe.fmaMode;
            d.ops = Elementwise::create(*d.context, probe.fmaMode, &why);
            QVERIFY2(d.ops, why.c_str());
            m_devices.push_back(std::move(d));
        }
        QVERIFY2(!m_devices.empty(), "no Vulkan device meets the repro contract (install mesa-vulkan-drivers for lavapipe)");
    }

    void cleanup() { repro::setElementDevice(nullptr); }

    void gelu_data()
    {
        QTest::addColumn<float>("scale");
        QTest::newRow("working range") << 4.0f;
        QTest::newRow("wide") << 60.0f;
    }

    void gelu()
    {
        QFETCH(float, scale);
        const std::size_t n = 100'003;
        const std::vector<float> x = inputs(n, 11, scale), dOut = inputs(n, 12, 2.0f), dx0 = inputs(n, 13, 1.0f);
        compare("gelu forward", [&] {
            std::vector<float> out(n);
            repro::geluForward(out.data(), x.data(), n);
            return std::vector<std::vector<float>>{out};
        });
        compare("gelu backward", [&] {
            std::vector<float> dx = dx0;
            repro::geluBackward(dx.data(), dOut.data(), x.data(), n);
            return std::vector<std::vector<float>>{dx};
        });
    }

    void layerNorm_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("C");
        QTest::newRow("gpt rows") << 130 << 128;
        QTest::newRow("a row tail of 5") << 33 << 13;
        QTest::newRow("one column") << 7 << 1;
    }

    void layerNorm()
    {
        QFETCH(int, rows);
        QFETCH(int, C);
        const std::size_t N = std::size_t(rows), c = std::size_t(C), NC = N * c;
        const std::vector<float> x = inputs(NC, 31, 3.0f), w = repro::test::randomVector(c, 32, 0.5f, 1.5f),
                                 b = repro::test::randomVector(c, 33, -0.2f, 0.2f), dOut = inputs(NC, 34, 1.0f);
        std::vector<float> finite = x; // the forward's statistics feed the backward: keep them finite
        for (float &v : finite)
            if (!std::isfinite(v) || std::fabs(v) > 1e6f)
                v = 0.25f;
        compare("layernorm forward", [&] {
            std::vector<float> out(NC), mean(N), rstd(N);
            repro::layerNormForward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), N, c, 1e-5f);
            return std::vector<std::vector<float>>{out, mean, rstd};
        });
        std::vector<float> scratch(NC), mean(N), rstd(N);
        repro::layerNormForward(scratch.data(), mean.data(), rstd.data(), finite.data(), w.data(), b.data(), N, c, 1e-5f);
        for (const int which : {7, 1, 6}) { // dx, dw and db; dx only; dw and db only
            compare("layernorm backward", [&] {
                std::vector<float> dx = repro::test::randomVector(NC, 35, -0.1f, 0.1f), dw = repro::test::randomVector(c, 36, -0.1f, 0.1f),
                                   db = repro::test::randomVector(c, 37, -0.1f, 0.1f);
                repro::layerNormBackward((which & 1) ? dx.data() : nullptr, (which & 2) ? dw.data() : nullptr,
                                         (which & 4) ? db.data() : nullptr, dOut.data(), finite.data(), w.data(), mean.data(),
                                         rstd.data(), N, c);
                return std::vector<std::vector<float>>{dx, dw, db};
            });
        }
    }

    void attention_data()
    {
        QTest::addColumn<int>("B");
        QTest::addColumn<int>("T");
        QTest::addColumn<int>("C");
        QTest::addColumn<int>("NH");
        QTest::newRow("gpt test shape") << 4 << 16 << 32 << 4;
        QTest::newRow("T not a multiple of 8") << 2 << 11 << 24 << 3;
        QTest::newRow("one head, T = 1") << 3 << 1 << 8 << 1;
    }

    void attention()
    {
        QFETCH(int, B);
        QFETCH(int, T);
        QFETCH(int, C);
        QFETCH(int, NH);
        const std::size_t b = std::size_t(B), t = std::size_t(T), c = std::size_t(C), nh = std::size_t(NH);
        const std::vector<float> qkv = inputs(b * t * 3 * c, 41, 2.0f), dOut = inputs(b * t * c, 42, 1.0f);
        std::vector<float> finite = qkv; // the backward's inputs come from a finite forward
        for (float &v : finite)
            if (!std::isfinite(v) || std::fabs(v) > 1e6f)
                v = -0.5f;
        compare("attention forward", [&] {
            std::vector<float> out(b * t * c), att(b * nh * t * t);
            repro::attentionForward(out.data(), att.data(), qkv.data(), b, t, c, nh);
            return std::vector<std::vector<float>>{out, att};
        });
        std::vector<float> out(b * t * c), att(b * nh * t * t);
        repro::attentionForward(out.data(), att.data(), finite.data(), b, t, c, nh);
        compare("attention backward", [&] {
            std::vector<float> dqkv = repro::test::randomVector(b * t * 3 * c, 43, -0.1f, 0.1f);
            repro::attentionBackward(dqkv.data(), dOut.data(), finite.data(), att.data(), b, t, c, nh);
            return std::vector<std::vector<float>>{dqkv};
        });
    }

    void crossEntropy_data()
    {
        QTest::addColumn<int>("N");
        QTest::addColumn<int>("V");
        QTest::newRow("byte vocabulary") << 96 << 256;
        QTest::newRow("V not a multiple of 8") << 17 << 13;
        QTest::newRow("V = 1") << 5 << 1;
    }

    void crossEntropy()
    {
        QFETCH(int, N);
        QFETCH(int, V);
        const std::size_t n = std::size_t(N), v = std::size_t(V);
        std::vector<float> logits = inputs(n * v, 51, 8.0f);
        for (float &x : logits) // a logit of inf or NaN makes a NaN row on both sides; keep most rows finite
            if (!std::isfinite(x))
                x = 30.0f;
        std::vector<std::uint8_t> targets(n);
        for (std::size_t i = 0; i < n; ++i)
            targets[i] = std::uint8_t((i * 37 + 5) % v);
        compare("cross-entropy forward", [&] {
            std::vector<float> probs(n * v), losses(n);
            const float loss = repro::crossEntropyForward(probs.data(), losses.data(), logits.data(), targets.data(), n, v);
            return std::vector<std::vector<float>>{probs, losses, {loss}};
        });
        std::vector<float> probs(n * v), losses(n);
        repro::crossEntropyForward(probs.data(), losses.data(), logits.data(), targets.data(), n, v);
        compare("cross-entropy backward", [&] {
            std::vector<float> d = repro::test::randomVector(n * v, 52, -0.01f, 0.01f);
            repro::crossEntropyBackward(d.data(), probs.data(), targets.data(), n, v, 1.0f);
            return std::vector<std::vector<float>>{d};
        });
    }

    // The memory-bound rest: add, accumulate, ReLU, SGD (with and without decay and momentum) and
    // the linear layer's bias gradient (a chain over the rows per column).
    void simpleOps()
    {
        const std::size_t n = 10'007;
        const std::vector<float> a = inputs(n, 61, 3.0f), b = inputs(n, 62, 3.0f), d0 = inputs(n, 63, 1.0f);
        compare("add", [&] {
            std::vector<float> out(n);
            repro::addForward(out.data(), a.data(), b.data(), n);
            return std::vector<std::vector<float>>{out};
        });
        compare("accumulate", [&] {
            std::vector<float> dst = d0;
            repro::accumulate(dst.data(), a.data(), n);
            return std::vector<std::vector<float>>{dst};
        });
        compare("relu", [&] {
            std::vector<float> out(n), dx = d0;
            repro::reluForward(out.data(), a.data(), n);
            repro::reluBackward(dx.data(), b.data(), a.data(), n);
            return std::vector<std::vector<float>>{out, dx};
        });
        for (const repro::SgdParams sp : {repro::SgdParams{}, repro::SgdParams{0.05f, 0.9f, 0.01f}}) {
            compare("sgd", [&] {
                std::vector<float> param = a, buf = repro::test::randomVector(n, 64, -0.1f, 0.1f);
                repro::sgdUpdate(param.data(), buf.data(), b.data(), n, sp);
                return std::vector<std::vector<float>>{param, buf};
            });
        }
        compare("bias gradient", [&] {
            const std::size_t N = 77, K = 5, O = 130;
            const std::vector<float> dOut = inputs(N * O, 65, 1.0f), x = repro::test::randomVector(N * K, 66), w = repro::test::randomVector(O * K, 67);
            std::vector<float> db = repro::test::randomVector(O, 68, -0.1f, 0.1f);
            repro::linearBackward(nullptr, nullptr, db.data(), dOut.data(), x.data(), w.data(), N, K, O);
            return std::vector<std::vector<float>>{db};
        });
    }

    // The embeddings: a gather, and a scatter-add whose repeated ids make its order matter.
    void embeddings_data()
    {
        QTest::addColumn<int>("N");
        QTest::addColumn<int>("V");
        QTest::addColumn<int>("C");
        QTest::newRow("200 ids of 50, C 32") << 200 << 50 << 32;
        QTest::newRow("17 ids of 3, C 13") << 17 << 3 << 13;
        QTest::newRow("1 id of 1, C 1") << 1 << 1 << 1;
    }

    void embeddings()
    {
        QFETCH(int, N);
        QFETCH(int, V);
        QFETCH(int, C);
        const std::size_t n = std::size_t(N), v = std::size_t(V), c = std::size_t(C);
        std::vector<std::int32_t> ids(n);
        std::vector<std::uint8_t> small(n);
        for (std::size_t i = 0; i < n; ++i)
            small[i] = std::uint8_t(ids[i] = std::int32_t((i * 7 + i / 3) % v));
        const std::vector<float> table = inputs(v * c, 71, 2.0f), dOut = inputs(n * c, 72, 1e3f), dTable0 = inputs(v * c, 73, 1.0f);
        compare("embedding", [&] {
            std::vector<float> out(n * c), out8(n * c), dTable = dTable0, dTable8 = dTable0;
            repro::embeddingForward(out.data(), ids.data(), table.data(), n, v, c);
            repro::embeddingForward(out8.data(), small.data(), table.data(), n, v, c);
            repro::embeddingBackward(dTable.data(), ids.data(), dOut.data(), n, v, c);
            repro::embeddingBackward(dTable8.data(), small.data(), dOut.data(), n, v, c);
            return std::vector<std::vector<float>>{out, out8, dTable, dTable8};
        });
        if (n < 100)
            return;
        // The data tells the order apart: the same sums taken backwards give other bits.
        std::vector<float> forward = dTable0, backward = dTable0;
        repro::embeddingBackward(forward.data(), ids.data(), dOut.data(), n, v, c);
        for (std::size_t t = n; t-- > 0;)
            for (std::size_t k = 0; k < c; ++k)
                backward[std::size_t(ids[t]) * c + k] = backward[std::size_t(ids[t]) * c + k] + dOut[t * c + k];
        QVERIFY(firstDifference(forward, backward) >= 0);
    }

    // The self-check a device passes before it trains (VulkanSelfCheck.h): it passes with the
    // probe's fma mode, and it refuses lavapipe's plain fma() kernels (not fused there), which the
    // probe alone would not have been asked about.
    void selfCheck()
    {
        for (Device &d : m_devices) {
            std::string why;
            ProbeResult probe;
            QVERIFY2(runProbe(*d.context, probe, &why), why.c_str());
            auto gemm = Gemm::create(*d.context, probe.fmaMode, &why);
            QVERIFY2(gemm, why.c_str());
            QElapsedTimer timer;
            timer.start();
            QVERIFY2(compute::vulkan::selfCheck(*gemm, *d.ops, &why), why.c_str());
            qInfo("%s: self-check passed in %lld ms", d.mode.c_str(), static_cast<long long>(timer.elapsed()));
            QVERIFY(repro::gemmDevice() == nullptr && repro::elementDevice() == nullptr); // restored
            if (probe.fmaFused)
                continue;
            auto plainGemm = Gemm::create(*d.context, "native", &why);
            auto plainOps = Elementwise::create(*d.context, "native", &why);
            QVERIFY2(plainGemm && plainOps, why.c_str());
            QVERIFY(!compute::vulkan::selfCheck(*plainGemm, *plainOps, &why));
            qInfo("%s with plain fma(): %s", d.mode.c_str(), why.c_str());
            QVERIFY2(why.find("differs from the CPU") != std::string::npos, why.c_str());
            QVERIFY(!compute::vulkan::selfCheck(*gemm, *plainOps, &why)); // the element-wise kernels alone
            QVERIFY2(why.find("linear layer") == std::string::npos, why.c_str());
        }
    }

    void adamW_data()
    {
        QTest::addColumn<int>("step");
        QTest::addColumn<float>("gradScale");
        QTest::newRow("step 1") << 1 << 1.0f;
        QTest::newRow("step 7, tiny gradients") << 7 << 1e-20f;
        QTest::newRow("step 1000, huge gradients") << 1000 << 1e18f;
    }

    void adamW()
    {
        QFETCH(int, step);
        QFETCH(float, gradScale);
        const std::size_t n = 65'537;
        const std::vector<float> p0 = inputs(n, 21, 1.0f), g = inputs(n, 22, gradScale);
        std::vector<float> m0 = repro::test::randomVector(n, 23, -0.1f, 0.1f), v0 = repro::test::randomVector(n, 24, 0.0f, 0.01f);
        compare("adamw", [&] {
            std::vector<float> p = p0, m = m0, v = v0;
            repro::adamWUpdate(p.data(), m.data(), v.data(), g.data(), n, std::uint32_t(step), repro::AdamWParams{});
            return std::vector<std::vector<float>>{p, m, v};
        });
    }
};

QTEST_GUILESS_MAIN(TestVulkanOps)
#include "TestVulkanOps.moc"
