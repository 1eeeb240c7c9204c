// Own math vs libm: error in ulps against the double-precision libm result rounded to float
// (a correctly rounded reference up to double rounding, far finer than the bounds here), over
// dense sweeps and special values. The measured maxima are printed.

#include "ReproTestUtil.h"

#include "compute/repro/FmaExact.h"

#include <QTest>

#include <limits>

using namespace idleforge::repro;
using namespace idleforge::repro::test;

namespace {

struct UlpStats {
    std::int64_t maxUlp = 0;
    float worstInput = 0.0f;
    std::size_t count = 0;
};

// Every k-th float bit pattern between lo and hi (same sign), plus random points.
template<typename Ours, typename Ref>
UlpStats sweep(float lo, float hi, std::size_t points, Ours ours, Ref ref)
{
    UlpStats st;
    auto check = [&](float x) {
        const float expected = float(ref(double(x)));
        const float got = ours(x);
        if (!std::isfinite(expected)) {
            if (math::bits(got) != math::bits(expected) && !(std::isnan(got) && std::isnan(expected)))
                st.maxUlp = std::max<std::int64_t>(st.maxUlp, 1 << 30), st.worstInput = x;
            return;
        }
        const std::int64_t d = ulpDistance(got, expected);
        if (d > st.maxUlp)
            st.maxUlp = d, st.worstInput = x;
        ++st.count;
    };
    const auto rnd = randomVector(points, std::uint32_t(points ^ math::bits(lo)), 0.0f, 1.0f);
    for (std::size_t i = 0; i < points; ++i) {
        const double t = double(i) / double(points - 1);
        check(float(double(lo) + (double(hi) - double(lo)) * t));
        check(lo + (hi - lo) * rnd[i]);
    }
    return st;
}

void report(const char *name, const char *range, const UlpStats &st)
{
    qInfo("%s on %s: max error %lld ulp at x = %.9g (%zu points)", name, range,
          static_cast<long long>(st.maxUlp), double(st.worstInput), st.count);
}

} // namespace

class TestReproMath : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void expAccuracy()
    {
        const auto ours = [](float x) { return math::exp(x); };
        const auto ref = [](double x) { return std::exp(x); };
        for (auto [lo, hi] : {std::pair{-87.0f, 88.7f}, std::pair{-1.0f, 1.0f},
                              std::pair{-103.9f, -87.0f}}) {
            const UlpStats st = sweep(lo, hi, 400000, ours, ref);
            report("exp", qPrintable(QStringLiteral("[%1, %2]").arg(lo).arg(hi)), st);
            QVERIFY(st.maxUlp <= 2);
        }
    }

    void expSpecialValues()
    {
        const float inf = std::numeric_limits<float>::infinity();
        QCOMPARE(math::exp(0.0f), 1.0f);
        QCOMPARE(math::exp(-0.0f), 1.0f);
        QCOMPARE(math::exp(89.0f), inf);
        QCOMPARE(math::exp(inf), inf);
        QCOMPARE(math::exp(-inf), 0.0f);
        QCOMPARE(math::exp(-200.0f), 0.0f);
        QVERIFY(std::isnan(math::exp(std::numeric_limits<float>::quiet_NaN())));
        QCOMPARE(math::exp(88.7f), float(std::exp(88.7)));
        QVERIFY(math::exp(-100.0f) > 0.0f); // subnormal result kept
    }

    void logAccuracy()
    {
        const auto ours = [](float x) { return math::log(x); };
        const auto ref = [](double x) { return std::log(x); };
        for (auto [lo, hi] : {std::pair{1e-30f, 1e30f}, std::pair{0.5f, 2.0f},
                              std::pair{1e-3f, 10.0f}, std::pair{1e-44f, 1e-38f}}) {
            const UlpStats st = sweep(lo, hi, 400000, ours, ref);
            report("log", qPrintable(QStringLiteral("[%1, %2]").arg(lo).arg(hi)), st);
            QVERIFY(st.maxUlp <= 2);
        }
        // Exactly at and around 1.
        QCOMPARE(math::log(1.0f), 0.0f);
        QCOMPARE(ulpDistance(math::log(std::nextafter(1.0f, 2.0f)),
                             float(std::log(double(std::nextafter(1.0f, 2.0f))))),
                 std::int64_t(0));
    }

    void logSpecialValues()
    {
        const float inf = std::numeric_limits<float>::infinity();
        QCOMPARE(math::log(0.0f), -inf);
        QCOMPARE(math::log(inf), inf);
        QVERIFY(std::isnan(math::log(-1.0f)));
        QVERIFY(std::isnan(math::log(std::numeric_limits<float>::quiet_NaN())));
        QCOMPARE(math::log(std::numeric_limits<float>::denorm_min()),
                 float(std::log(double(std::numeric_limits<float>::denorm_min()))));
    }

    void tanhAccuracy()
    {
        const auto ours = [](float x) { return math::tanh(x); };
        const auto ref = [](double x) { return std::tanh(x); };
        for (auto [lo, hi] : {std::pair{-10.0f, 10.0f}, std::pair{-0.6f, 0.6f},
                              std::pair{1e-6f, 0.01f}, std::pair{0.5f, 1.0f}}) {
            const UlpStats st = sweep(lo, hi, 400000, ours, ref);
            report("tanh", qPrintable(QStringLiteral("[%1, %2]").arg(lo).arg(hi)), st);
            QVERIFY(st.maxUlp <= 3);
        }
        QCOMPARE(math::tanh(20.0f), 1.0f);
        QCOMPARE(math::tanh(-20.0f), -1.0f);
        QCOMPARE(math::bits(math::tanh(-0.0f)), math::bits(-0.0f));
        QVERIFY(std::isnan(math::tanh(std::numeric_limits<float>::quiet_NaN())));
    }

    void sinCosTurnsAccuracy()
    {
        double maxAbs = 0.0;
        const std::size_t n = 200001;
        for (std::size_t i = 0; i < n; ++i) {
            const float u = float(double(i) / double(n - 1));
            float s, c;
            math::sinCosTurns(u, &s, &c);
            const double a = 2.0 * 3.14159265358979323846 * double(u);
            maxAbs = std::max({maxAbs, std::abs(double(s) - std::sin(a)),
                               std::abs(double(c) - std::cos(a))});
        }
        qInfo("sinCosTurns on [0, 1]: max absolute error %.3g", maxAbs);
        QVERIFY(maxAbs < 3e-7);
    }

    // The portable fma (binary64 round-to-odd where the target has no FMA instruction) against
    // libm's fmaf, which IEEE requires to be exactly rounded: bitwise, on random triples that
    // cancel, round at ties, overflow and go subnormal.
    void fmaExactMatchesLibm()
    {
        const std::size_t n = 1 << 20;
        std::vector<std::uint32_t> w(3 * n);
        for (std::size_t i = 0; i < w.size(); ++i)
            w[i] = RandomStream{.seed = 11, .purpose = RandomPurpose::Test, .step = 5}.word(i);
        auto randomFloat = [](std::uint32_t bitsIn, int expLo, int expHi) {
            const int span = expHi - expLo + 1;
            const int e = expLo + int((bitsIn >> 23) % std::uint32_t(span));
            return math::fromBits((bitsIn & 0x807fffffu) | (std::uint32_t(e + 127) << 23));
        };
        std::size_t checked = 0;
        auto check = [&](float a, float b, float c) {
            const float want = std::fma(a, b, c);
            const float got = detail::fmaExact(a, b, c);
            if (std::isnan(want))
                QVERIFY(std::isnan(got));
            else
                QCOMPARE(math::bits(got), math::bits(want));
            ++checked;
        };
        for (std::size_t i = 0; i < n; ++i) {
            const float a = randomFloat(w[3 * i], -20, 20), b = randomFloat(w[3 * i + 1], -20, 20);
            const float c = randomFloat(w[3 * i + 2], -45, 45);
            check(a, b, c);
            check(a, b, -(a * b));                               // cancellation to the rounding error
            check(a, b, -(a * b) * (1.0f + 5.9604645e-08f));     // near-cancellation
            check(randomFloat(w[3 * i], -75, -60), randomFloat(w[3 * i + 1], -75, -60),
                  randomFloat(w[3 * i + 2], -149, -126));         // subnormal results
            check(randomFloat(w[3 * i], 60, 127), randomFloat(w[3 * i + 1], 60, 127), c); // overflow
        }
        const float inf = std::numeric_limits<float>::infinity();
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (float a : {0.0f, -0.0f, 1.0f, -1.0f, inf, -inf, nan, 1e-45f, 3e38f})
            for (float b : {0.0f, -0.0f, 1.0f, -1.0f, inf, -inf, nan, 1e-45f, 3e38f})
                for (float c : {0.0f, -0.0f, 1.0f, -1.0f, inf, -inf, nan, 1e-45f, -3e38f})
                    check(a, b, c);
        // Ties: 1 + 2^-24 is halfway between 1 and its successor (even: 1), and 1 + 3 * 2^-24
        // halfway between two floats (even: up).
        check(1.0f, 5.9604645e-08f, 1.0f);
        check(3.0f, 5.9604645e-08f, 1.0f);
        // Double rounding trap: a * b + 1 = 1 + 3 * 2^-24 - 3 * 2^-68 rounds to the float
        // midpoint 1 + 3 * 2^-24 in binary64, and a second rounding to nearest-even would go up;
        // the exact value is below the midpoint, so the right answer is 1 + 2^-23.
        const float trapA = std::ldexp(1.5f + std::ldexp(1.5f, -22), -23);
        const float trapB = 1.0f - std::ldexp(1.0f, -22);
        QCOMPARE(detail::fmaExact(trapA, trapB, 1.0f), 1.0f + std::ldexp(1.0f, -23));
        check(trapA, trapB, 1.0f);
        check(-trapA, trapB, -1.0f);
        check(trapA, -trapB, std::ldexp(1.0f, 40)); // a plain case at another scale
        qInfo("fmaExact: %zu triples, all bitwise equal to libm fmaf", checked);
    }

    void exp2iIsExact()
    {
        for (int n = -149; n <= 127; ++n)
            QCOMPARE(double(math::exp2i(n)), std::ldexp(1.0, n));
    }
};

QTEST_GUILESS_MAIN(TestReproMath)
#include "TestReproMath.moc"
