// Philox4x32-10 against the Random123 known-answer vectors (kat_vectors, "philox4x32 10"
// lines), plus the stream layout and the uniform/normal helpers built on it.

#include "ReproTestUtil.h"

#include <QTest>

using namespace idleforge::repro;
using namespace idleforge::repro::test;

class TestPhilox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownAnswers_data()
    {
        QTest::addColumn<PhiloxCounter>("counter");
        QTest::addColumn<PhiloxKey>("key");
        QTest::addColumn<PhiloxCounter>("expected");
        QTest::newRow("zeros") << PhiloxCounter{0, 0, 0, 0} << PhiloxKey{0, 0}
                               << PhiloxCounter{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
        QTest::newRow("ones") << PhiloxCounter{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}
                              << PhiloxKey{0xffffffff, 0xffffffff}
                              << PhiloxCounter{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};
        QTest::newRow("pi") << PhiloxCounter{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}
                            << PhiloxKey{0xa4093822, 0x299f31d0}
                            << PhiloxCounter{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
    }

    void knownAnswers()
    {
        QFETCH(PhiloxCounter, counter);
        QFETCH(PhiloxKey, key);
        QFETCH(PhiloxCounter, expected);
        QCOMPARE(philox4x32_10(counter, key), expected);
    }

    void streamLayout()
    {
        const RandomStream s{.seed = 0x0123456789abcdefULL, .purpose = RandomPurpose::DataSampling,
                             .step = 42};
        const PhiloxCounter direct = philox4x32_10({7, 0, 42, 2}, {0x89abcdef, 0x01234567});
        QCOMPARE(s.block(7), direct);
        QCOMPARE(s.word(7 * 4 + 2), direct[2]);
        // Different purpose or step gives a different stream.
        RandomStream other = s;
        other.purpose = RandomPurpose::ParamInit;
        QVERIFY(other.block(7) != s.block(7));
        other = s;
        other.step = 43;
        QVERIFY(other.block(7) != s.block(7));
    }

    void uniformRangeAndMoments()
    {
        QCOMPARE(uniformFromBits(0), 0.0f);
        QCOMPARE(uniformFromBits(0xffffffffu), 1.0f - 5.9604644775390625e-08f);
        const std::size_t n = 1 << 18;
        const auto u = randomVector(n, 9, 0.0f, 1.0f);
        double mean = 0.0, var = 0.0;
        for (float x : u) {
            QVERIFY(x >= 0.0f && x < 1.0f);
            mean += x;
        }
        mean /= double(n);
        for (float x : u)
            var += (x - mean) * (x - mean);
        var /= double(n);
        QVERIFY2(std::abs(mean - 0.5) < 0.005, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(var - 1.0 / 12.0) < 0.002, qPrintable(QString::number(var)));
    }

    void normalMoments()
    {
        const std::size_t n = (1 << 18) + 3; // not a multiple of 4: the tail block is partial
        std::vector<float> z(n);
        fillNormal(z.data(), n, {.seed = 5, .purpose = RandomPurpose::ParamInit, .step = 0}, 0.0f,
                   1.0f);
        double mean = 0.0, m2 = 0.0, m4 = 0.0;
        for (float x : z) {
            QVERIFY(std::isfinite(x));
            mean += x;
        }
        mean /= double(n);
        for (float x : z) {
            const double d = x - mean;
            m2 += d * d;
            m4 += d * d * d * d;
        }
        m2 /= double(n);
        m4 /= double(n);
        QVERIFY2(std::abs(mean) < 0.01, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(m2 - 1.0) < 0.01, qPrintable(QString::number(m2)));
        QVERIFY2(std::abs(m4 / (m2 * m2) - 3.0) < 0.05, qPrintable(QString::number(m4)));
    }

    // Any element can be computed alone: the fill does not depend on n or threads.
    void fillIsPositional()
    {
        RuntimeGuard guard;
        const RandomStream s{.seed = 77, .purpose = RandomPurpose::ParamInit, .step = 3};
        std::vector<float> longer(100003), shorter(17);
        setThreadCount(3);
        fillNormal(longer.data(), longer.size(), s, 0.5f, 0.02f);
        setThreadCount(1);
        fillNormal(shorter.data(), shorter.size(), s, 0.5f, 0.02f);
        QVERIFY(std::memcmp(longer.data(), shorter.data(), sizeof(float) * shorter.size()) == 0);
        std::vector<float> again(longer.size());
        fillNormal(again.data(), again.size(), s, 0.5f, 0.02f);
        QVERIFY(sameBits(longer, again));
    }

    void uniformBelowBounds()
    {
        QCOMPARE(uniformBelow(0, 256), 0u);
        QCOMPARE(uniformBelow(0xffffffffu, 256), 255u);
        QCOMPARE(uniformBelow(0x80000000u, 10), 5u);
    }
};

QTEST_GUILESS_MAIN(TestPhilox)
#include "TestPhilox.moc"
