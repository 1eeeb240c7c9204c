// Peak figures against values computed by hand from the vendors' published numbers.
#include "compute/device/Peak.h"

#include <QTest>

using namespace idleforge::compute;

namespace {
CpuInfo cpu(int cores, double mhz, std::vector<std::string> features, std::string vendor = "GenuineIntel",
            int family = 6, int model = 0x55)
{
    CpuInfo c;
    c.physicalCores = cores;
    c.logicalThreads = cores;
    c.baseMhz = mhz;
    c.maxMhz = mhz;
    c.features = std::move(features);
    c.vendor = std::move(vendor);
    c.family = family;
    c.modelId = model;
    return c;
}
} // namespace

class TestPeak : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cpuPeak_data()
    {
        QTest::addColumn<int>("cores");
        QTest::addColumn<double>("mhz");
        QTest::addColumn<QString>("features");
        QTest::addColumn<QString>("vendor");
        QTest::addColumn<int>("family");
        QTest::addColumn<int>("model");
        QTest::addColumn<double>("gflops");
        // 2 cores x 8 lanes x 2 FMA units x 2 flops x 2.0 GHz
        QTest::newRow("2c avx2+fma 2.0 GHz") << 2 << 2000.0 << "avx avx2 fma sse4.2" << "GenuineIntel" << 6 << 0x55 << 128.0;
        // Skylake-SP, 4 cores x 16 x 2 x 2 x 2.5 GHz
        QTest::newRow("4c avx512 2.5 GHz") << 4 << 2500.0 << "avx avx2 fma avx512f" << "GenuineIntel" << 6 << 0x55 << 640.0;
        // Bare-metal Zen 1 (family 0x17 model 0x01): 128-bit FMA units,
        // 2 cores x 4 lanes x 2 x 2 x 1996 MHz = 63.872
        QTest::newRow("zen1 2c") << 2 << 1996.0 << "avx avx2 fma" << "AuthenticAMD" << 0x17 << 0x01 << 63.872;
        // Zen 2 (model 0x31): full 256-bit units, 8 cores x 8 x 2 x 2 x 3.0 GHz
        QTest::newRow("zen2 8c") << 8 << 3000.0 << "avx avx2 fma" << "AuthenticAMD" << 0x17 << 0x31 << 768.0;
        // Zen 4: AVX-512 on 256-bit units, 8 cores x 8 x 2 x 2 x 4.0 GHz
        QTest::newRow("zen4 8c") << 8 << 4000.0 << "avx avx2 fma avx512f" << "AuthenticAMD" << 0x19 << 0x61 << 1024.0;
        // SSE only, no FMA: 1 core x 4 lanes x 1 unit x 2 x 3.0 GHz
        QTest::newRow("sse4.2 only") << 1 << 3000.0 << "sse4.2" << "GenuineIntel" << 6 << 0x1a << 24.0;
        QTest::newRow("unknown clock") << 4 << 0.0 << "avx2 fma" << "GenuineIntel" << 6 << 0x55 << 0.0;
    }
    void cpuPeak()
    {
        QFETCH(int, cores);
        QFETCH(double, mhz);
        QFETCH(QString, features);
        QFETCH(QString, vendor);
        QFETCH(int, family);
        QFETCH(int, model);
        QFETCH(double, gflops);
        std::vector<std::string> f;
        for (const QString &s : features.split(u' '))
            f.push_back(s.toStdString());
        QCOMPARE(cpuPeakFp32Gflops(cpu(cores, mhz, f, vendor.toStdString(), family, model)), gflops);
    }

    void cudaPeak_data()
    {
        QTest::addColumn<int>("major");
        QTest::addColumn<int>("minor");
        QTest::addColumn<int>("sms");
        QTest::addColumn<double>("mhz");
        QTest::addColumn<QString>("precision");
        QTest::addColumn<bool>("geforce");
        QTest::addColumn<double>("tflops"); // the whitepaper's figure
        QTest::addColumn<double>("tolerance");
        // H100 SXM5 whitepaper: fp32 66.9 at 1980 MHz; dense fp16/bf16 989.4 and tf32 494.7 at 1830 MHz.
        QTest::newRow("H100 fp32") << 9 << 0 << 132 << 1980.0 << "fp32" << false << 66.9 << 0.05;
        QTest::newRow("H100 bf16") << 9 << 0 << 132 << 1830.0 << "bf16" << false << 989.4 << 0.1;
        QTest::newRow("H100 tf32") << 9 << 0 << 132 << 1830.0 << "tf32" << false << 494.7 << 0.1;
        // A100 SXM: 108 SMs, 1410 MHz: fp32 19.5, tf32 156, fp16 312.
        QTest::newRow("A100 fp32") << 8 << 0 << 108 << 1410.0 << "fp32" << false << 19.5 << 0.05;
        QTest::newRow("A100 tf32") << 8 << 0 << 108 << 1410.0 << "tf32" << false << 156.0 << 0.5;
        QTest::newRow("A100 fp16") << 8 << 0 << 108 << 1410.0 << "fp16" << false << 312.0 << 0.5;
        // V100 SXM2: 80 SMs, 1530 MHz: fp32 15.7, tensor fp16 125.
        QTest::newRow("V100 fp16") << 7 << 0 << 80 << 1530.0 << "fp16" << false << 125.0 << 0.5;
        // RTX 4090 (Ada, GeForce): 128 SMs, 2520 MHz: fp32 82.6, tf32 82.6, fp16 (fp32 acc) 165.2.
        QTest::newRow("4090 fp32") << 8 << 9 << 128 << 2520.0 << "fp32" << true << 82.6 << 0.05;
        QTest::newRow("4090 tf32") << 8 << 9 << 128 << 2520.0 << "tf32" << true << 82.6 << 0.05;
        QTest::newRow("4090 fp16") << 8 << 9 << 128 << 2520.0 << "fp16" << true << 165.2 << 0.1;
        // RTX A6000 (GA102, workstation): 84 SMs, 1800 MHz: fp16 (fp32 acc) 154.8, tf32 77.4.
        QTest::newRow("A6000 fp16") << 8 << 6 << 84 << 1800.0 << "fp16" << false << 154.8 << 0.1;
        QTest::newRow("A6000 tf32") << 8 << 6 << 84 << 1800.0 << "tf32" << false << 77.4 << 0.1;
        // RTX 3090 (GA102, GeForce): 82 SMs, 1695 MHz: fp32 35.6, fp16 (fp32 acc) 71.
        QTest::newRow("3090 fp16") << 8 << 6 << 82 << 1695.0 << "fp16" << true << 71.2 << 0.1;
        // T4 (Turing): 40 SMs, 1590 MHz: fp32 8.1, fp16 65.
        QTest::newRow("T4 fp16") << 7 << 5 << 40 << 1590.0 << "fp16" << false << 65.0 << 0.2;
        // No bf16 / tf32 before Ampere; unknown SMs give 0.
        QTest::newRow("V100 bf16") << 7 << 0 << 80 << 1530.0 << "bf16" << false << 0.0 << 0.0;
        QTest::newRow("T4 tf32") << 7 << 5 << 40 << 1590.0 << "tf32" << false << 0.0 << 0.0;
        QTest::newRow("no SMs") << 9 << 0 << 0 << 1980.0 << "fp32" << false << 0.0 << 0.0;
    }
    void cudaPeak()
    {
        QFETCH(int, major);
        QFETCH(int, minor);
        QFETCH(int, sms);
        QFETCH(double, mhz);
        QFETCH(QString, precision);
        QFETCH(bool, geforce);
        QFETCH(double, tflops);
        QFETCH(double, tolerance);
        const double got = cudaPeakGflops(major, minor, sms, mhz, precision.toStdString(), geforce) / 1000.0;
        QVERIFY2(std::abs(got - tflops) <= tolerance, qPrintable(QStringLiteral("%1 TFLOP/s, expected %2").arg(got).arg(tflops)));
    }

    void geforceNames()
    {
        QVERIFY(isGeForceName("NVIDIA GeForce RTX 4090"));
        QVERIFY(!isGeForceName("NVIDIA H100 80GB HBM3"));
        QVERIFY(!isGeForceName("NVIDIA RTX A6000"));
    }

    void cudaBandwidth()
    {
        // H100 SXM5: 5120-bit HBM3 at 2619 MHz -> 3352 GB/s; RTX 4090: 384-bit at 10501 MHz -> 1008 GB/s.
        QCOMPARE(std::round(cudaPeakBandwidthGBs(5120, 2619)), 3352.0);
        QCOMPARE(std::round(cudaPeakBandwidthGBs(384, 10501)), 1008.0);
        QCOMPARE(cudaPeakBandwidthGBs(0, 10501), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestPeak)
#include "TestPeak.moc"
