// /proc/cpuinfo parsing on captured texts (x86 with and without a clock in the model name, SMT,
// ARM), and the live detection's invariants on this machine.
#include "compute/device/CpuInfo.h"

#include <QTest>

using namespace idleforge::compute;

namespace {
// Two sockets' worth of an SMT x86 part: 4 processors, 2 physical cores.
const char *kIntelSmt = R"(processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 85
model name	: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
cpu MHz		: 3100.112
physical id	: 0
core id		: 0

processor	: 1
vendor_id	: GenuineIntel
cpu family	: 6
model		: 85
model name	: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
cpu MHz		: 2999.000
physical id	: 0
core id		: 1

processor	: 2
vendor_id	: GenuineIntel
cpu family	: 6
model		: 85
model name	: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
cpu MHz		: 3000.000
physical id	: 0
core id		: 0

processor	: 3
vendor_id	: GenuineIntel
cpu family	: 6
model		: 85
model name	: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
cpu MHz		: 3000.000
physical id	: 0
core id		: 1
)";

// A KVM guest like the CI machine: no clock in the model name, no core ids.
const char *kAmdGuest = R"(processor	: 0
vendor_id	: AuthenticAMD
cpu family	: 23
model		: 1
model name	: AMD EPYC
cpu MHz		: 1996.249

processor	: 1
vendor_id	: AuthenticAMD
cpu family	: 23
model		: 1
model name	: AMD EPYC
cpu MHz		: 1996.249
)";

const char *kArm = R"(processor	: 0
BogoMIPS	: 50.00
Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm
CPU implementer	: 0x41

processor	: 1
BogoMIPS	: 50.00
Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm
CPU implementer	: 0x41
)";
} // namespace

class TestCpuInfo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void intelWithSmt()
    {
        const CpuInfo c = parseCpuinfo(kIntelSmt);
        QCOMPARE(QString::fromStdString(c.vendor), QStringLiteral("GenuineIntel"));
        QCOMPARE(QString::fromStdString(c.model), QStringLiteral("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"));
        QCOMPARE(c.family, 6);
        QCOMPARE(c.modelId, 85);
        QCOMPARE(c.logicalThreads, 4);
        QCOMPARE(c.physicalCores, 2);
        QCOMPARE(c.baseMhz, 2400.0); // the nominal clock, not the momentary "cpu MHz"
    }

    void amdGuestWithoutCoreIds()
    {
        CpuInfo c = parseCpuinfo(kAmdGuest);
        QCOMPARE(QString::fromStdString(c.vendor), QStringLiteral("AuthenticAMD"));
        QCOMPARE(c.family, 23);
        QCOMPARE(c.modelId, 1);
        QCOMPARE(c.logicalThreads, 2);
        QCOMPARE(c.physicalCores, 2);
        QCOMPARE(c.baseMhz, 1996.249);
        c.features = {"avx", "avx2", "fma", "sse4.2"};
        QCOMPARE(c.fp32Lanes(), 4); // bare-metal Zen 1 splits 256-bit FMAs
        QCOMPARE(c.fmaUnitsPerCore(), 2);
        // The same family/model in a guest may be any Zen: keep the upper bound.
        CpuInfo guest = parseCpuinfo(std::string(kAmdGuest) + "flags\t\t: fpu avx2 fma hypervisor\n");
        QVERIFY(guest.virtualized);
        guest.features = c.features;
        QCOMPARE(guest.fp32Lanes(), 8);
    }

    void armNeon()
    {
        const CpuInfo c = parseCpuinfo(kArm);
        QCOMPARE(c.logicalThreads, 2);
        QVERIFY(c.has("neon"));
        QCOMPARE(c.fp32Lanes(), 4);
    }

    void emptyText()
    {
        const CpuInfo c = parseCpuinfo({});
        QCOMPARE(c.logicalThreads, 0);
        QCOMPARE(c.baseMhz, 0.0);
    }

    void detectsThisMachine()
    {
        const CpuInfo c = detectCpu();
        QVERIFY(c.logicalThreads >= 1);
        QVERIFY(c.physicalCores >= 1 && c.physicalCores <= c.logicalThreads);
        QVERIFY(c.memoryBytes > 0);
        QVERIFY(c.availableMemoryBytes <= c.memoryBytes);
        QVERIFY(!c.model.empty());
        QVERIFY(c.fp32Lanes() >= 1);
    }
};

QTEST_GUILESS_MAIN(TestCpuInfo)
#include "TestCpuInfo.moc"
