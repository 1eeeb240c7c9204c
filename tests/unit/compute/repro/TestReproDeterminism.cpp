// The repro promise itself: every op (forward and backward) gives the same bytes on every ISA
// path this CPU has and with 1, 2, 3 and 8 threads. Shapes are large enough that the work is
// really split over threads and GEMMs cross block boundaries.
//
// The digest of all outputs is also pinned to a constant: a machine with another ISA (AVX-512,
// ARM64) or another compiler must reproduce it, so this test is the cross-machine check too.
// Inputs come from Philox, so they are the same everywhere.

#include "ReproTestUtil.h"

#include "compute/repro/ElementKernels.h"

#include <limits>

#include <QTest>

using namespace idleforge::repro;
using namespace idleforge::repro::test;

namespace {

using Outputs = std::vector<std::pair<const char *, std::vector<float>>>;

// FNV-1a 64 over the output bytes (a fingerprint for this test, not a commitment).
std::uint64_t digest(const Outputs &outs)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const auto &[name, v] : outs) {
        const auto *p = reinterpret_cast<const unsigned char *>(v.data());
        for (std::size_t i = 0; i < v.size() * sizeof(float); ++i)
            h = (h ^ p[i]) * 0x100000001b3ULL;
    }
    return h;
}

Outputs runAllOps()
{
    Outputs outs;
    auto keep = [&](const char *name, std::vector<float> v) { outs.emplace_back(name, std::move(v)); };

    { // linear
        const std::size_t N = 300, K = 70, O = 130;
        const auto x = randomVector(N * K, 1), w = randomVector(O * K, 2), b = randomVector(O, 3);
        const auto g = randomVector(N * O, 4);
        std::vector<float> out(N * O), dx(N * K, 0.0f), dw(O * K, 0.0f), db(O, 0.0f);
        linearForward(out.data(), x.data(), w.data(), b.data(), N, K, O);
        linearBackward(dx.data(), dw.data(), db.data(), g.data(), x.data(), w.data(), N, K, O);
        keep("linear.out", out), keep("linear.dx", dx), keep("linear.dw", dw), keep("linear.db", db);
    }
    { // embedding
        const std::size_t N = 1000, V = 256, C = 64;
        std::vector<std::uint8_t> ids(N);
        for (std::size_t i = 0; i < N; ++i)
            ids[i] = std::uint8_t((i * 37 + i / 7) % V);
        const auto table = randomVector(V * C, 5), g = randomVector(N * C, 6);
        std::vector<float> out(N * C), d(V * C, 0.0f);
        embeddingForward(out.data(), ids.data(), table.data(), N, V, C);
        embeddingBackward(d.data(), ids.data(), g.data(), N, V, C);
        keep("embedding.out", out), keep("embedding.d", d);
    }
    { // element-wise
        const std::size_t n = 100000;
        const auto a = randomVector(n, 7, -4.0f, 4.0f), b = randomVector(n, 8), g = randomVector(n, 9);
        std::vector<float> add(n), mul(n), relu(n), gelu(n), da(n, 0.0f), db(n, 0.0f), dr(n, 0.0f),
            dg(n, 0.0f);
        addForward(add.data(), a.data(), b.data(), n);
        mulForward(mul.data(), a.data(), b.data(), n);
        reluForward(relu.data(), a.data(), n);
        geluForward(gelu.data(), a.data(), n);
        addBackward(da.data(), db.data(), g.data(), n);
        mulBackward(da.data(), db.data(), g.data(), a.data(), b.data(), n);
        reluBackward(dr.data(), g.data(), a.data(), n);
        geluBackward(dg.data(), g.data(), a.data(), n);
        keep("add", add), keep("mul", mul), keep("relu", relu), keep("gelu", gelu);
        keep("da", da), keep("db", db), keep("relu.d", dr), keep("gelu.d", dg);
    }
    { // layernorm + softmax
        const std::size_t N = 1000, C = 64;
        const auto x = randomVector(N * C, 10, -3.0f, 3.0f), w = randomVector(C, 11),
                   b = randomVector(C, 12), g = randomVector(N * C, 13);
        std::vector<float> out(N * C), mu(N), rstd(N), dx(N * C, 0.0f), dw(C, 0.0f), dbias(C, 0.0f);
        layerNormForward(out.data(), mu.data(), rstd.data(), x.data(), w.data(), b.data(), N, C);
        layerNormBackward(dx.data(), dw.data(), dbias.data(), g.data(), x.data(), w.data(),
                          mu.data(), rstd.data(), N, C);
        keep("ln.out", out), keep("ln.mean", mu), keep("ln.rstd", rstd);
        keep("ln.dx", dx), keep("ln.dw", dw), keep("ln.db", dbias);
        std::vector<float> sm(N * C), dsm(N * C, 0.0f);
        softmaxForward(sm.data(), x.data(), N, C);
        softmaxBackward(dsm.data(), g.data(), sm.data(), N, C);
        keep("softmax", sm), keep("softmax.d", dsm);
    }
    { // attention
        const std::size_t B = 3, T = 33, C = 48, NH = 3;
        const auto qkv = randomVector(B * T * 3 * C, 14), g = randomVector(B * T * C, 15);
        std::vector<float> out(B * T * C), att(B * NH * T * T), d(B * T * 3 * C, 0.0f);
        attentionForward(out.data(), att.data(), qkv.data(), B, T, C, NH);
        attentionBackward(d.data(), g.data(), qkv.data(), att.data(), B, T, C, NH);
        keep("attn.out", out), keep("attn.att", att), keep("attn.d", d);
    }
    { // cross-entropy
        const std::size_t N = 300, V = 256;
        const auto logits = randomVector(N * V, 16, -5.0f, 5.0f);
        std::vector<std::int32_t> t(N);
        for (std::size_t i = 0; i < N; ++i)
            t[i] = std::int32_t((i * 101) % V);
        std::vector<float> probs(N * V), losses(N), d(N * V, 0.0f);
        const float loss = crossEntropyForward(probs.data(), losses.data(), logits.data(), t.data(), N, V);
        crossEntropyBackward(d.data(), probs.data(), t.data(), N, V);
        keep("ce.loss", {loss}), keep("ce.losses", losses), keep("ce.d", d);
    }
    { // optimizers and initialisation
        const std::size_t n = 50000;
        std::vector<float> p(n), m(n, 0.0f), v(n, 0.0f), q(n), buf(n, 0.0f);
        fillNormal(p.data(), n, {.seed = 9, .purpose = RandomPurpose::ParamInit, .step = 1}, 0.0f, 0.02f);
        q = p;
        for (std::uint32_t step = 1; step <= 3; ++step) {
            const auto g = randomVector(n, 20 + step);
            adamWUpdate(p.data(), m.data(), v.data(), g.data(), n, step, {});
            sgdUpdate(q.data(), buf.data(), g.data(), n, {.lr = 0.1f, .momentum = 0.9f, .weightDecay = 1e-4f});
        }
        keep("adamw.p", p), keep("adamw.m", m), keep("adamw.v", v), keep("sgd.p", q);
        keep("sum", {sum(v.data(), n), mean(p.data(), n), sumProducts(p.data(), q.data(), n)});
    }
    return outs;
}

// Recorded on x86-64 (AVX2, GCC 12); every machine must produce it.
constexpr std::uint64_t kExpectedDigest = 0xc090bccb28495559ULL;

} // namespace

class TestReproDeterminism : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameBytesOnEveryPathAndThreadCount()
    {
        RuntimeGuard guard;
        QVERIFY(forceIsa(Isa::Generic));
        setThreadCount(1);
        const Outputs baseline = runAllOps();
        qInfo("digest of all op outputs: 0x%016llx",
              static_cast<unsigned long long>(digest(baseline)));
        for (Isa isa : supportedIsas()) {
            QVERIFY(forceIsa(isa));
            for (int threads : threadCounts()) {
                setThreadCount(threads);
                const Outputs got = runAllOps();
                QCOMPARE(got.size(), baseline.size());
                for (std::size_t i = 0; i < got.size(); ++i) {
                    const QByteArray where = QByteArray(got[i].first) + " isa " + isaName(isa).data() +
                                             " threads " + QByteArray::number(threads) +
                                             " first diff " +
                                             QByteArray::number(firstDifference(got[i].second, baseline[i].second));
                    QVERIFY2(sameBits(got[i].second, baseline[i].second), where.constData());
                }
            }
        }
    }

    // The element kernels are built once per ISA with different flags (vector lanes, inline
    // fma); on special values and a sweep over the whole float range they must match the
    // generic build bit for bit, and the generic build must match the public math functions.
    void elementKernelsAgreeOnEveryFloatClass()
    {
        std::vector<float> x;
        const float inf = std::numeric_limits<float>::infinity();
        for (float v : {0.0f, -0.0f, inf, -inf, std::numeric_limits<float>::quiet_NaN(),
                        std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::min(),
                        std::numeric_limits<float>::max(), 0.55f, std::nextafter(0.55f, 0.0f),
                        9.1f, std::nextafter(9.1f, 10.0f), 88.72283935546875f,
                        std::nextafter(88.72283935546875f, 89.0f), -103.97208404541015625f,
                        std::nextafter(-103.97208404541015625f, -104.0f), 1e-20f, -5.0f})
            x.push_back(v), x.push_back(-v);
        for (std::uint64_t u = 0; u < (1ULL << 32); u += 4099) // every float class and exponent
            x.push_back(math::fromBits(std::uint32_t(u)));
        const std::size_t n = x.size();
        const auto g = randomVector(n, 77);

        auto runAll = [&](const detail::ElementKernels &k) {
            std::vector<std::vector<float>> out(4, std::vector<float>(n));
            k.geluForward(out[0].data(), x.data(), n);
            out[1] = g;
            k.geluBackward(out[1].data(), g.data(), x.data(), n);
            k.expShifted(out[2].data(), x.data(), 0.0f, n);
            std::vector<float> p = x, m(n, 0.1f), v(n, 0.2f);
            for (float &pi : p)
                pi = std::isfinite(pi) ? pi : 1.0f;
            const detail::AdamWScalars s{1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f, 0.1f, 0.001f, 0.99999f};
            k.adamW(p.data(), m.data(), v.data(), x.data(), n, s);
            out[3] = p;
            return out;
        };
        const auto generic = runAll(detail::genericElementKernels());
        // NaN payloads are outside the contract (a compiler may fold x - 0 to x, which only
        // differs for signaling NaNs): any NaN stands for any NaN here.
        for (std::size_t i = 0; i < n; ++i) {
            const float expected = math::exp(x[i] - 0.0f);
            if (std::isnan(expected))
                QVERIFY(std::isnan(generic[2][i]));
            else
                QCOMPARE(math::bits(generic[2][i]), math::bits(expected));
        }
        RuntimeGuard guard;
        for (Isa isa : supportedIsas()) {
            QVERIFY(forceIsa(isa));
            const auto got = runAll(detail::elementKernels());
            const char *names[] = {"gelu", "gelu.d", "exp", "adamw"};
            for (std::size_t j = 0; j < got.size(); ++j) {
                const QByteArray where = QByteArray(names[j]) + " isa " + isaName(isa).data() +
                                         " first diff " + QByteArray::number(firstDifference(got[j], generic[j]));
                QVERIFY2(sameBits(got[j], generic[j]), where.constData());
            }
        }
    }

    void matchesDigestRecordedElsewhere()
    {
        RuntimeGuard guard;
        const Outputs outs = runAllOps();
        const std::uint64_t d = digest(outs);
        if (d != kExpectedDigest) {
            // Per-output digests, to diff against the same lines from a machine that passes.
            for (const auto &out : outs)
                qWarning("%-14s 0x%016llx", out.first,
                         static_cast<unsigned long long>(digest(Outputs{out})));
        }
        QCOMPARE(QByteArray::number(qulonglong(d), 16), QByteArray::number(qulonglong(kExpectedDigest), 16));
    }
};

QTEST_GUILESS_MAIN(TestReproDeterminism)
#include "TestReproDeterminism.moc"
