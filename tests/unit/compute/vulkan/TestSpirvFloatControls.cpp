// The float-controls declarations added to glslc's SPIR-V (compute/vulkan/SpirvFloatControls.h):
// every repro shader amended with each mode, checked instruction by instruction, by the SPIR-V
// validator of Debian's spirv-tools (spirv-val, which must also refuse a module whose mode lacks
// its capability: the check can fail), refused when malformed, and used on the machine's Vulkan
// device (lavapipe here: RoundingModeRTE and SignedZeroInfNanPreserve, no DenormPreserve).
#include "compute/vulkan/Shaders.h"
#include "compute/vulkan/SpirvFloatControls.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanProbe.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <map>

using namespace idleforge::compute::vulkan;

namespace {

using Words = std::vector<std::uint32_t>;

Words wordsOf(shaders::Spirv s) { return Words(s.words, s.words + s.count); }

std::vector<std::pair<const char *, Words>> allShaders()
{
    return {{"probe", wordsOf(shaders::probe())},           {"probe_fma64", wordsOf(shaders::probeFma64())},
            {"gemm", wordsOf(shaders::gemm())},             {"gemm_fma64", wordsOf(shaders::gemmFma64())},
            {"copy", wordsOf(shaders::copy())},             {"elementwise", wordsOf(shaders::elementwise())},
            {"layernorm_fma64", wordsOf(shaders::layerNormFma64())}, {"attention", wordsOf(shaders::attention())},
            {"crossentropy_fma64", wordsOf(shaders::crossEntropyFma64())}};
}

struct Instruction {
    std::uint32_t op;
    Words operands;
};

std::vector<Instruction> decode(const Words &m)
{
    std::vector<Instruction> out;
    for (std::size_t i = 5; i < m.size();) {
        const std::size_t count = m[i] >> 16;
        if (count == 0 || i + count > m.size())
            return {};
        out.push_back({m[i] & 0xffff, Words(m.begin() + i + 1, m.begin() + i + count)});
        i += count;
    }
    return out;
}

// How often each (opcode, first operand [, second]) appears.
std::map<std::pair<std::uint32_t, std::uint32_t>, int> census(const Words &m)
{
    std::map<std::pair<std::uint32_t, std::uint32_t>, int> n;
    for (const Instruction &in : decode(m)) {
        if (in.op == 17) // OpCapability
            ++n[{17, in.operands[0]}];
        else if (in.op == 16 && in.operands.size() == 3 && in.operands[2] == 32) // OpExecutionMode id mode 32
            ++n[{16, in.operands[1]}];
        else if (in.op == 10 && in.operands.size() == 6 && std::memcmp(in.operands.data(), "SPV_KHR_float_controls", 23) == 0)
            ++n[{10, 0}];
    }
    return n;
}

QString spirvVal()
{
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("spirv-val"));
    return tool;
}

// spirv-val's verdict on `m`, or a message when it could not run.
bool validates(const Words &m, QString *output)
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("m.spv")));
    if (!f.open(QIODevice::WriteOnly) || f.write(reinterpret_cast<const char *>(m.data()), qint64(m.size() * 4)) != qint64(m.size() * 4))
        return false;
    f.close();
    QProcess p;
    p.start(spirvVal(), {QStringLiteral("--target-env"), QStringLiteral("vulkan1.1"), f.fileName()});
    p.waitForFinished(60000);
    *output = QString::fromUtf8(p.readAll());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

const FloatControls kAll{true, true, true};

} // namespace

class TestSpirvFloatControls : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyShaderGetsEachModeOnce()
    {
        for (const auto &[name, module] : allShaders()) {
            std::string error;
            const Words out = declareFloatControls(module, kAll, &error);
            QVERIFY2(!out.empty(), error.c_str());
            const auto n = census(out);
            const auto before = census(module);
            for (std::uint32_t cap : {4464u, 4466u, 4467u})
                QCOMPARE(n.count({17, cap}) ? n.at({17, cap}) : 0, 1);
            for (std::uint32_t mode : {4459u, 4461u, 4462u})
                QCOMPARE(n.count({16, mode}) ? n.at({16, mode}) : 0, 1);
            QCOMPARE(n.at({10, 0}), 1);
            QVERIFY2(before.empty() || !before.count({10, 0}), name);
            // 3 capabilities (2 words), the extension (7 words), 3 modes (4 words): nothing else.
            QCOMPARE(out.size(), module.size() + 3 * 2 + 7 + 3 * 4);
            // Declaring again adds nothing; declaring nothing changes nothing.
            QCOMPARE(declareFloatControls(out, kAll, &error), out);
            QCOMPARE(declareFloatControls(module, FloatControls{}, &error), module);
        }
    }

    void onlyTheAskedModes()
    {
        FloatControls rte;
        rte.roundingRte = true;
        std::string error;
        const Words out = declareFloatControls(wordsOf(shaders::gemm()), rte, &error);
        const auto n = census(out);
        QVERIFY(n.count({17, 4467}) && n.count({16, 4462}));
        QVERIFY(!n.count({17, 4464}) && !n.count({16, 4459}) && !n.count({16, 4461}));
        QCOMPARE(rte.names(), std::vector<std::string>{"RoundingModeRTE"});
        QCOMPARE(kAll.names(), (std::vector<std::string>{"DenormPreserve", "RoundingModeRTE", "SignedZeroInfNanPreserve"}));
    }

    void spirvValAcceptsAndCanRefuse()
    {
        QVERIFY2(!spirvVal().isEmpty(), "spirv-val not found (install spirv-tools)");
        for (const auto &[name, module] : allShaders()) {
            std::string error;
            const Words out = declareFloatControls(module, kAll, &error);
            QString why;
            QVERIFY2(validates(module, &why), qPrintable(QString::fromUtf8(name) + QStringLiteral(" as built: ") + why));
            QVERIFY2(validates(out, &why), qPrintable(QString::fromUtf8(name) + QStringLiteral(" declared: ") + why));
        }
        // Without its capability (the 2 words right after the module's own), a mode is invalid.
        const Words module = wordsOf(shaders::gemm());
        std::string error;
        Words broken = declareFloatControls(module, kAll, &error);
        std::size_t firstNew = 5;
        while ((broken[firstNew] & 0xffff) == 17 && broken[firstNew + 1] < 4464)
            firstNew += 2;
        QCOMPARE(broken[firstNew + 1], 4464u);
        broken.erase(broken.begin() + std::ptrdiff_t(firstNew), broken.begin() + std::ptrdiff_t(firstNew) + 2);
        QString why;
        QVERIFY2(!validates(broken, &why), "spirv-val took a DenormPreserve mode without its capability");
    }

    void malformedModulesAreRefused()
    {
        const Words good = wordsOf(shaders::copy());
        std::string error;
        Words badMagic = good;
        badMagic[0] ^= 1;
        QVERIFY(declareFloatControls(badMagic, kAll, &error).empty());
        QVERIFY(error.find("header") != std::string::npos);
        QVERIFY(declareFloatControls(Words(good.begin(), good.begin() + 3), kAll, &error).empty());
        Words truncated(good.begin(), good.end() - 1);
        truncated.back() = 0xffff0000u | (truncated.back() & 0xffff); // a count past the end
        QVERIFY(declareFloatControls(truncated, kAll, &error).empty());
        QVERIFY(error.find("truncated") != std::string::npos);
        Words zero = good;
        zero[5] = 0; // an instruction of zero words
        QVERIFY(declareFloatControls(zero, kAll, &error).empty());
        Words noEntry(good.begin(), good.begin() + 5);
        noEntry.insert(noEntry.end(), {2u << 16 | 17u, 1u}); // OpCapability Shader, nothing else
        QVERIFY(declareFloatControls(noEntry, kAll, &error).empty());
        QVERIFY(error.find("entry point") != std::string::npos);
    }

    void theDeviceRunsDeclaredKernels()
    {
        std::string error;
        auto context = Context::open(0, &error);
        QVERIFY2(context, ("no Vulkan device (install mesa-vulkan-drivers): " + error).c_str());
        const DeviceFacts &f = context->facts();
        const FloatControls &fc = context->floatControls();
        QVERIFY(!fc.denormPreserve || f.denormPreserve32);
        QVERIFY(!fc.roundingRte || f.roundingRte32);
        QVERIFY(!fc.signedZeroInfNanPreserve || f.signedZeroInfNanPreserve32);
        ProbeResult probe;
        QVERIFY2(runProbe(*context, probe, &error), error.c_str());
        QCOMPARE(probe.floatControlsDeclared, fc.names());
        qInfo("%s: declared %zu float-controls mode(s), fma mode %s", f.name.c_str(), probe.floatControlsDeclared.size(),
              probe.fmaMode.c_str());
        if (f.driverName == "llvmpipe") { // lavapipe (Mesa 22.3) honours RTE and signed zeros, not DenormPreserve
            QCOMPARE(probe.floatControlsDeclared, (std::vector<std::string>{"RoundingModeRTE", "SignedZeroInfNanPreserve"}));
            QCOMPARE(probe.fmaMode, std::string("fma64"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSpirvFloatControls)
#include "TestSpirvFloatControls.moc"
