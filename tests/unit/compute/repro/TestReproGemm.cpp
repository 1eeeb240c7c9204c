// The repro GEMM against its specification, gemmReference (three loops with std::fma), BITWISE,
// for every ISA path this CPU has, thread counts 1/2/3/8, all transpose and init modes, edge
// shapes, strided operands and K larger than one k block.

#include "ReproTestUtil.h"

#include <QTest>

#include <limits>

using namespace idleforge::repro;
using namespace idleforge::repro::test;

namespace {

struct Shape {
    std::size_t m, n, k;
};

struct Problem {
    GemmArgs args;
    std::vector<float> a, b, c0, bias;
};

// Operands with leading dimensions wider than the matrix (pad 3) to exercise strides.
Problem makeProblem(Shape s, Trans ta, Trans tb, Init init, std::uint32_t tag)
{
    Problem p;
    const std::size_t aRows = ta == Trans::No ? s.m : s.k, aCols = ta == Trans::No ? s.k : s.m;
    const std::size_t bRows = tb == Trans::No ? s.k : s.n, bCols = tb == Trans::No ? s.n : s.k;
    const std::size_t lda = aCols + 3, ldb = bCols + 3, ldc = s.n + 3;
    p.a = randomVector(std::max<std::size_t>(aRows * lda, 1), tag * 4 + 0);
    p.b = randomVector(std::max<std::size_t>(bRows * ldb, 1), tag * 4 + 1);
    p.c0 = randomVector(std::max<std::size_t>(s.m * ldc, 1), tag * 4 + 2);
    p.bias = randomVector(std::max<std::size_t>(s.n, 1), tag * 4 + 3);
    p.args = {.m = s.m, .n = s.n, .k = s.k,
              .a = p.a.data(), .lda = lda, .transA = ta,
              .b = p.b.data(), .ldb = ldb, .transB = tb,
              .c = nullptr, .ldc = ldc, .init = init, .bias = p.bias.data()};
    return p;
}

std::vector<float> run(const Problem &p, void (*fn)(const GemmArgs &))
{
    std::vector<float> c = p.c0;
    GemmArgs args = p.args;
    args.c = c.data();
    fn(args);
    return c;
}

} // namespace

class TestReproGemm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(isaSupported(Isa::Generic));
        QString isas;
        for (Isa isa : supportedIsas())
            isas += QString::fromLatin1(isaName(isa).data()) + QLatin1Char(' ');
        qInfo().noquote() << "ISA paths on this CPU:" << isas;
    }

    void matchesReferenceBitwise_data()
    {
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("k");
        const int shapes[][3] = {{1, 1, 1},   {7, 5, 3},    {6, 16, 256}, {13, 33, 257},
                                 {64, 64, 32}, {37, 100, 600}, {5, 129, 1}, {150, 40, 0}};
        for (const auto &s : shapes)
            QTest::addRow("%dx%dx%d", s[0], s[1], s[2]) << s[0] << s[1] << s[2];
    }

    void matchesReferenceBitwise()
    {
        QFETCH(int, m);
        QFETCH(int, n);
        QFETCH(int, k);
        RuntimeGuard guard;
        std::uint32_t tag = 1;
        for (Trans ta : {Trans::No, Trans::Yes})
            for (Trans tb : {Trans::No, Trans::Yes})
                for (Init init : {Init::Zero, Init::Bias, Init::Accumulate}) {
                    const Problem p = makeProblem({std::size_t(m), std::size_t(n), std::size_t(k)},
                                                  ta, tb, init, tag++);
                    const std::vector<float> expected = run(p, &gemmReference);
                    for (Isa isa : supportedIsas()) {
                        QVERIFY(forceIsa(isa));
                        for (int threads : threadCounts()) {
                            setThreadCount(threads);
                            const auto got = run(p, &gemm);
                            const auto serial = run(p, &gemmSerial);
                            const QByteArray where = QByteArray("isa ") + isaName(isa).data() +
                                                     " threads " + QByteArray::number(threads) +
                                                     " transA " + QByteArray::number(int(ta)) +
                                                     " transB " + QByteArray::number(int(tb)) +
                                                     " init " + QByteArray::number(int(init)) +
                                                     " first diff " +
                                                     QByteArray::number(firstDifference(got, expected));
                            QVERIFY2(sameBits(got, expected), where.constData());
                            QVERIFY2(sameBits(serial, expected), where.constData());
                        }
                    }
                }
    }

    // Large enough for several k blocks, row blocks and (with n > 2048) two column blocks.
    void largeProblemsMatchReference()
    {
        RuntimeGuard guard;
        const Shape shapes[] = {{130, 2100, 40}, {200, 96, 700}};
        std::uint32_t tag = 100;
        for (Shape s : shapes) {
            const Problem p = makeProblem(s, Trans::No, Trans::Yes, Init::Bias, tag++);
            const auto expected = run(p, &gemmReference);
            for (Isa isa : supportedIsas()) {
                QVERIFY(forceIsa(isa));
                for (int threads : {1, 3}) {
                    setThreadCount(threads);
                    QVERIFY2(sameBits(run(p, &gemm), expected), isaName(isa).data());
                }
            }
        }
    }

    // Infinities, NaNs, signed zeros and subnormals take the same path as the reference
    // (zero-padded edge lanes never leak into kept outputs). Any NaN equals any NaN: payloads
    // are outside the contract.
    void specialValuesFollowReference()
    {
        RuntimeGuard guard;
        Problem p = makeProblem({13, 21, 37}, Trans::No, Trans::No, Init::Bias, 300);
        const float specials[] = {std::numeric_limits<float>::infinity(),
                                  -std::numeric_limits<float>::infinity(),
                                  std::numeric_limits<float>::quiet_NaN(), -0.0f, 0.0f,
                                  std::numeric_limits<float>::denorm_min(), 1e-39f, -3e38f};
        for (std::size_t i = 0; i < p.a.size(); i += 7)
            p.a[i] = specials[(i / 7) % 8];
        for (std::size_t i = 3; i < p.b.size(); i += 11)
            p.b[i] = specials[(i / 11) % 8];
        p.bias[2] = -0.0f;
        p.args.a = p.a.data();
        p.args.b = p.b.data();
        p.args.bias = p.bias.data();
        const auto expected = run(p, &gemmReference);
        int nans = 0;
        for (Isa isa : supportedIsas()) {
            QVERIFY(forceIsa(isa));
            for (int threads : {1, 3}) {
                setThreadCount(threads);
                const auto got = run(p, &gemm);
                for (std::size_t i = 0; i < got.size(); ++i) {
                    if (std::isnan(expected[i])) {
                        QVERIFY(std::isnan(got[i]));
                        ++nans;
                    } else {
                        QCOMPARE(math::bits(got[i]), math::bits(expected[i]));
                    }
                }
            }
        }
        QVERIFY(nans > 0);
    }

    // The bitwise checks above can fail: the data is sensitive to fusing and to order.
    void referenceIsSensitiveToOrderAndFusion()
    {
        const Problem p = makeProblem({16, 16, 512}, Trans::No, Trans::No, Init::Zero, 7);
        const auto fused = run(p, &gemmReference);
        std::vector<float> unfused(fused.size()), reversed(fused.size());
        const GemmArgs &g = p.args;
        int differUnfused = 0, differReversed = 0;
        for (std::size_t i = 0; i < g.m; ++i)
            for (std::size_t j = 0; j < g.n; ++j) {
                float c1 = 0.0f, c2 = 0.0f;
                for (std::size_t k = 0; k < g.k; ++k) {
                    const float prod = g.a[i * g.lda + k] * g.b[k * g.ldb + j];
                    c1 = c1 + prod;
                    const std::size_t r = g.k - 1 - k;
                    c2 = std::fma(g.a[i * g.lda + r], g.b[r * g.ldb + j], c2);
                }
                differUnfused += math::bits(c1) != math::bits(fused[i * g.ldc + j]);
                differReversed += math::bits(c2) != math::bits(fused[i * g.ldc + j]);
            }
        QVERIFY(differUnfused > 0);
        QVERIFY(differReversed > 0);
    }

    // Called from inside pool tasks (as attention does), gemm runs serially and still matches.
    void nestedCallsMatchReference()
    {
        RuntimeGuard guard;
        setThreadCount(3);
        std::vector<Problem> problems;
        for (std::uint32_t t = 0; t < 6; ++t)
            problems.push_back(makeProblem({20, 24, 50}, Trans::No, Trans::No, Init::Zero, 200 + t));
        std::vector<std::vector<float>> got(problems.size());
        parallelForForTest(problems, got);
        for (std::size_t i = 0; i < problems.size(); ++i)
            QVERIFY(sameBits(got[i], run(problems[i], &gemmReference)));
    }

    void isaNamesRoundTrip()
    {
        for (Isa isa : {Isa::Generic, Isa::Avx2, Isa::Avx512})
            QCOMPARE(parseIsa(isaName(isa)), std::optional<Isa>(isa));
        QVERIFY(!parseIsa("sse9").has_value());
        RuntimeGuard guard;
        QVERIFY(forceIsa(Isa::Generic));
        QCOMPARE(activeIsa(), Isa::Generic);
        if (!isaSupported(Isa::Avx512)) {
            QVERIFY(!forceIsa(Isa::Avx512));
            QCOMPARE(activeIsa(), Isa::Generic);
        }
    }

    // IDLEFORGE_REPRO_ISA picks the path; an unknown or unsupported name falls back to the best.
    void environmentVariableForcesPath()
    {
        RuntimeGuard guard;
        const Isa best = supportedIsas().back();
        qputenv("IDLEFORGE_REPRO_ISA", "generic");
        resetIsa();
        QCOMPARE(activeIsa(), Isa::Generic);
        qputenv("IDLEFORGE_REPRO_ISA", "no-such-isa");
        resetIsa();
        QCOMPARE(activeIsa(), best);
        qunsetenv("IDLEFORGE_REPRO_ISA");
        resetIsa();
        QCOMPARE(activeIsa(), best);
    }

private:
    static void parallelForForTest(const std::vector<Problem> &problems,
                                   std::vector<std::vector<float>> &got);
};

#include "compute/repro/ThreadPool.h"

void TestReproGemm::parallelForForTest(const std::vector<Problem> &problems,
                                       std::vector<std::vector<float>> &got)
{
    parallelFor(problems.size(), [&](std::size_t i) { got[i] = run(problems[i], &gemm); });
}

QTEST_GUILESS_MAIN(TestReproGemm)
#include "TestReproGemm.moc"
