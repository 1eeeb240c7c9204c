// The exact fp32 math library of the Vulkan shaders (shaders/exact.glsl: divExact, sqrtExact;
// shaders/math.glsl: the repro exp, log, tanh, sqrt, rsqrt) against the CPU, bit for bit (NaN:
// both NaN), on every Vulkan device that meets the repro contract and in every fma mode it can
// run (as TestVulkanGemm). The CPU's values: IEEE a / b and std::sqrt for division and sqrt,
// repro::math:: for the rest. Inputs (MathInputs.h): every special class and its neighbouring
// bit patterns, the ties and near-ties of division and sqrt, subnormal quotients, and seeded
// random bit patterns. It shows it can fail: GLSL's own built-ins and, on a device whose fma()
// is not fused, the native-mode kernel give other bits. Environment:
//   IDLEFORGE_VULKAN_MATH_INPUTS   random inputs per op (default 2^21)
//   IDLEFORGE_VULKAN_MATH_CASES    near-tie cases of division and sqrt (default 100000)
//   IDLEFORGE_VULKAN_MATH_EXHAUSTIVE=sqrt,rsqrt,exp,log,tanh  all 2^32 inputs of the ops named
//     (13-22 minutes per op on lavapipe here; QTEST_FUNCTION_TIMEOUT, in ms, must cover all the
//     ops named together: they are rows of one test function)
//   IDLEFORGE_VULKAN_MATH_FROM=<hex>  start the exhaustive runs at that input
#include "MathInputs.h"

#include "compute/repro/Math.h"
#include "compute/vulkan/Shaders.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanProbe.h"

#include <QElapsedTimer>
#include <QTest>

#include <cstdlib>
#include <cstring>

using namespace idleforge;
using namespace idleforge::compute::vulkan;
using namespace idleforge::test::vkmath;

namespace {

// The ops of shaders/mathtest.comp: 0-5 the contract's, 6-11 GLSL's built-ins for the same.
enum Op : std::uint32_t { Div, Sqrt, Exp, Log, Tanh, Rsqrt, Plain = 6 };
const char *const kOpNames[] = {"div", "sqrt", "exp", "log", "tanh", "rsqrt"};
const char *const kPlainNames[] = {"GLSL /", "GLSL sqrt()", "GLSL exp()", "GLSL log()", "GLSL tanh()", "GLSL inversesqrt()"};

// What the CPU's repro kernels compute for op (the contract op for a built-in one).
std::uint32_t cpuBits(std::uint32_t op, std::uint32_t a, std::uint32_t b)
{
    const float x = floatOf(a), y = floatOf(b);
    switch (op % Plain) {
    case Div: return bitsOf(x / y);
    case Sqrt: return bitsOf(std::sqrt(x));
    case Exp: return bitsOf(repro::math::exp(x));
    case Log: return bitsOf(repro::math::log(x));
    case Tanh: return bitsOf(repro::math::tanh(x));
    default: return bitsOf(repro::math::rsqrt(x));
    }
}

bool isNaN(std::uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }
bool same(std::uint32_t got, std::uint32_t want) { return got == want || (isNaN(got) && isNaN(want)); }

std::size_t envCount(const char *name, std::size_t fallback)
{
    const char *v = std::getenv(name);
    return v && *v ? std::size_t(std::strtoull(v, nullptr, 10)) : fallback;
}

// One device in one fma mode: the test kernel and its buffers (grown when too small).
struct Runner {
    Context *context = nullptr;
    std::string mode;
    std::unique_ptr<Context::Kernel> kernel;
    std::unique_ptr<Context::Buffer> a, b, r;

    std::string label() const { return context->facts().name + " (" + mode + ")"; }

    bool run(std::uint32_t op, const Inputs &in, std::vector<std::uint32_t> &out, std::string *error)
    {
        const std::size_t bytes = std::max<std::size_t>(in.size(), 1) * sizeof(std::uint32_t);
        if (!r || r->size() < bytes) {
            r.reset(), a.reset(), b.reset();
            a = context->buffer(bytes, error);
            b = a ? context->buffer(bytes, error) : nullptr;
            r = b ? context->buffer(bytes, error) : nullptr;
            if (!r)
                return false;
        }
        std::memcpy(a->data(), in.a.data(), in.size() * sizeof(std::uint32_t));
        std::memcpy(b->data(), in.b.data(), in.size() * sizeof(std::uint32_t));
        constexpr std::size_t kChunk = 65535 * 64; // the most workgroups of 64 in one dimension
        for (std::size_t base = 0; base < in.size(); base += kChunk) {
            const std::uint32_t n = std::uint32_t(std::min(kChunk, in.size() - base));
            const std::uint32_t push[3] = {op, std::uint32_t(base), n};
            if (!context->run(*kernel, {a.get(), b.get(), r.get()}, push, (n + 63) / 64, 1, 1, error))
                return false;
        }
        out.resize(in.size());
        std::memcpy(out.data(), r->data(), in.size() * sizeof(std::uint32_t));
        return true;
    }
};

std::unique_ptr<Runner> makeRunner(Context &context, const std::string &mode, std::string *error)
{
    auto runner = std::make_unique<Runner>();
    runner->context = &context;
    runner->mode = mode;
    const shaders::Spirv spirv = mode == "native" ? shaders::mathTest() : shaders::mathTestFma64();
    runner->kernel = context.kernel(spirv.words, spirv.count, 3, 3 * sizeof(std::uint32_t), {}, error);
    return runner->kernel ? std::move(runner) : nullptr;
}

struct Diff {
    std::size_t count = 0;
    std::size_t first = 0;
};

Diff compare(std::uint32_t op, const Inputs &in, const std::vector<std::uint32_t> &got)
{
    Diff d;
    for (std::size_t i = 0; i < in.size(); ++i)
        if (!same(got[i], cpuBits(op, in.a[i], in.b[i])) && d.count++ == 0)
            d.first = i;
    return d;
}

QString describe(std::uint32_t op, const Inputs &in, const std::vector<std::uint32_t> &got, const Diff &d)
{
    const std::size_t i = d.first;
    return QStringLiteral("%1: %2 of %3 differ; first %4(0x%5%6) = 0x%7, CPU 0x%8")
        .arg(QLatin1String(op < Plain ? kOpNames[op] : kPlainNames[op - Plain]))
        .arg(d.count)
        .arg(in.size())
        .arg(QLatin1String(kOpNames[op % Plain]))
        .arg(in.a[i], 8, 16, QLatin1Char('0'))
        .arg(op % Plain == Div ? QStringLiteral(", 0x%1").arg(in.b[i], 8, 16, QLatin1Char('0')) : QString())
        .arg(got[i], 8, 16, QLatin1Char('0'))
        .arg(cpuBits(op, in.a[i], in.b[i]), 8, 16, QLatin1Char('0'));
}

// Each special and the bit patterns around it (+-256), so thresholds are crossed both ways.
Inputs unaryCases(std::uint32_t op)
{
    Inputs in;
    for (std::uint32_t s : specials())
        for (std::uint32_t d = 0; d <= 512; ++d)
            in.add(s + d - 256);
    if (op == Sqrt || op == Rsqrt) {
        const Inputs squares = sqrtCases(envCount("IDLEFORGE_VULKAN_MATH_CASES", 100000), 0x5157 + op);
        in.a.insert(in.a.end(), squares.a.begin(), squares.a.end());
        in.b.insert(in.b.end(), squares.b.begin(), squares.b.end());
    }
    return in;
}

Inputs randomInputs(std::uint32_t op, std::size_t n)
{
    const std::uint64_t seed = 0x1dcf0000u + op;
    switch (op) {
    case Div: return divRandom(n, seed);
    case Exp: return unaryRandom(n, seed, -110.0f, 95.0f, 134);
    case Log: return unaryRandom(n, seed, 0.0f, 4.0f, 254);
    case Tanh: return unaryRandom(n, seed, -10.0f, 10.0f, 131);
    default: return unaryRandom(n, seed, 0.0f, 0.0f, 254); // sqrt, rsqrt: every exponent
    }
}

} // namespace

class TestVulkanMath : public QObject {
    Q_OBJECT
    std::vector<std::unique_ptr<Context>> m_contexts;
    std::vector<ProbeResult> m_probes;      // per context
    std::vector<std::unique_ptr<Runner>> m_runners; // every device x fma mode that meets the contract

    // Runs op on every runner and requires the CPU's bits; returns the inputs checked.
    void expectCpuBits(std::uint32_t op, const Inputs &in)
    {
        for (auto &runner : m_runners) {
            QElapsedTimer timer;
            timer.start();
            std::vector<std::uint32_t> got;
            std::string error;
            QVERIFY2(runner->run(op, in, got, &error), error.c_str());
            const qint64 gpuMs = timer.elapsed();
            const Diff d = compare(op, in, got);
            QVERIFY2(d.count == 0, qPrintable(QString::fromStdString(runner->label()) + QStringLiteral(": ") + describe(op, in, got, d)));
            qInfo("%s %s: %zu inputs bitwise equal (device %lld ms, with the CPU check %lld ms)", runner->label().c_str(),
                  kOpNames[op], in.size(), (long long)gpuMs, (long long)timer.elapsed());
        }
    }

    void opRows()
    {
        QTest::addColumn<int>("op");
        for (std::uint32_t op = Div; op <= Rsqrt; ++op)
            QTest::newRow(kOpNames[op]) << int(op);
    }

private Q_SLOTS:
    void initTestCase()
    {
        std::string error;
        const std::vector<DeviceFacts> devices = listDevices(&error);
        QVERIFY2(!devices.empty(), ("no Vulkan device (install mesa-vulkan-drivers): " + error).c_str());
        for (const DeviceFacts &f : devices) {
            auto context = Context::open(f.index, &error);
            QVERIFY2(context, error.c_str());
            ProbeResult probe;
            QVERIFY2(runProbe(*context, probe, &error), error.c_str());
            // The probe's mode, and the emulation too where fma() is fused and fp64 is there.
            std::vector<std::string> modes;
            if (probe.fmaMode != "none")
                modes.push_back(probe.fmaMode);
            if (probe.fmaMode == "native" && probe.fma64Exact)
                modes.push_back("fma64");
            for (const std::string &mode : modes) {
                auto runner = makeRunner(*context, mode, &error);
                QVERIFY2(runner, error.c_str());
                m_runners.push_back(std::move(runner));
            }
            qInfo("vulkan:%d %s: fma mode %s, %zu mode(s) tested", f.index, f.name.c_str(), probe.fmaMode.c_str(), modes.size());
            m_contexts.push_back(std::move(context));
            m_probes.push_back(probe);
        }
        QVERIFY2(!m_runners.empty(), "no Vulkan device meets the repro contract");
    }

    // Every special class (signed zeros, subnormal and normal extremes, inf, NaNs, 1, the
    // functions' thresholds) with its neighbours; all pairs of them for division, with the ties
    // and near-ties of division and sqrt, exact squares and subnormal quotients.
    void specialClassesMatchCpu_data() { opRows(); }
    void specialClassesMatchCpu()
    {
        QFETCH(int, op);
        expectCpuBits(std::uint32_t(op), op == Div ? divCases(envCount("IDLEFORGE_VULKAN_MATH_CASES", 100000), 0xd1f) : unaryCases(std::uint32_t(op)));
    }

    void randomBitsMatchCpu_data() { opRows(); }
    void randomBitsMatchCpu()
    {
        QFETCH(int, op);
        expectCpuBits(std::uint32_t(op), randomInputs(std::uint32_t(op), envCount("IDLEFORGE_VULKAN_MATH_INPUTS", 1u << 21)));
    }

    // The comparison can fail: GLSL's built-ins are not the contract's functions. exp, log and
    // tanh are other approximations, so they must differ somewhere; whether "/", sqrt() and
    // inversesqrt() happen to be exact on this driver is reported (the contract cannot rely on
    // it: Vulkan allows 2.5 ulp for OpFDiv).
    void glslBuiltinsDiffer()
    {
        for (auto &runner : m_runners) {
            std::size_t transcendentalDiffs = 0;
            for (std::uint32_t op = Div; op <= Rsqrt; ++op) {
                Inputs in = op == Div ? divCases(20000, 0xd1f) : unaryCases(op);
                const Inputs rnd = randomInputs(op, 1u << 18);
                in.a.insert(in.a.end(), rnd.a.begin(), rnd.a.end());
                in.b.insert(in.b.end(), rnd.b.begin(), rnd.b.end());
                std::vector<std::uint32_t> got;
                std::string error;
                QVERIFY2(runner->run(Plain + op, in, got, &error), error.c_str());
                const Diff d = compare(Plain + op, in, got);
                if (op == Exp || op == Log || op == Tanh)
                    transcendentalDiffs += d.count;
                qInfo("%s %s", runner->label().c_str(),
                      qPrintable(d.count ? describe(Plain + op, in, got, d)
                                         : QStringLiteral("%1: all %2 equal to the CPU").arg(QLatin1String(kPlainNames[op])).arg(in.size())));
            }
            QVERIFY2(transcendentalDiffs > 0, "GLSL exp/log/tanh gave the repro functions' bits everywhere: the check proves nothing");
        }
    }

    // On a device whose fma() is not fused (lavapipe), the native-mode kernel rounds the
    // products of the polynomials: other bits than the CPU's somewhere, which the comparison
    // must see (log's small series terms may hide it: the three functions together must not).
    void unfusedFmaIsCaught()
    {
        for (std::size_t i = 0; i < m_contexts.size(); ++i) {
            if (m_probes[i].fmaFused)
                continue;
            std::string error;
            auto native = makeRunner(*m_contexts[i], "native", &error);
            QVERIFY2(native, error.c_str());
            std::size_t diffs = 0;
            for (std::uint32_t op : {Exp, Log, Tanh}) {
                const Inputs in = randomInputs(op, 1u << 18);
                std::vector<std::uint32_t> got;
                QVERIFY2(native->run(op, in, got, &error), error.c_str());
                const Diff d = compare(op, in, got);
                diffs += d.count;
                qInfo("%s: %s", native->label().c_str(),
                      qPrintable(d.count ? describe(op, in, got, d) : QStringLiteral("%1: all equal").arg(QLatin1String(kOpNames[op]))));
            }
            QVERIFY2(diffs > 0, "an unfused fma() gave the fused functions' bits");
        }
    }

    // Every 2^32 input of the ops named in IDLEFORGE_VULKAN_MATH_EXHAUSTIVE (skipped otherwise;
    // 13-22 minutes per op on lavapipe: QTEST_FUNCTION_TIMEOUT, in ms, for all the rows together).
    void exhaustiveMatchesCpu_data()
    {
        QTest::addColumn<int>("op");
        for (std::uint32_t op = Sqrt; op <= Rsqrt; ++op)
            QTest::newRow(kOpNames[op]) << int(op);
    }
    void exhaustiveMatchesCpu()
    {
        QFETCH(int, op);
        const QStringList ops = qEnvironmentVariable("IDLEFORGE_VULKAN_MATH_EXHAUSTIVE").split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (!ops.contains(QLatin1String(kOpNames[op])))
            QSKIP("not named in IDLEFORGE_VULKAN_MATH_EXHAUSTIVE (sqrt,rsqrt,exp,log,tanh: all 2^32 inputs)");
        for (auto &runner : m_runners) {
            QElapsedTimer timer;
            timer.start();
            constexpr std::uint64_t kChunk = 1u << 22;
            Inputs in;
            in.a.resize(kChunk), in.b.assign(kChunk, 0u);
            std::vector<std::uint32_t> got;
            // IDLEFORGE_VULKAN_MATH_FROM=<hex>: resume at that input (a run the timeout cut short).
            const std::uint64_t from = qEnvironmentVariable("IDLEFORGE_VULKAN_MATH_FROM").toULongLong(nullptr, 16) & ~(kChunk - 1);
            for (std::uint64_t base = from; base < (1ull << 32); base += kChunk) {
                for (std::uint64_t j = 0; j < kChunk; ++j)
                    in.a[j] = std::uint32_t(base + j);
                std::string error;
                QVERIFY2(runner->run(std::uint32_t(op), in, got, &error), error.c_str());
                const Diff d = compare(std::uint32_t(op), in, got);
                QVERIFY2(d.count == 0, qPrintable(QString::fromStdString(runner->label()) + QStringLiteral(": ") +
                                                  describe(std::uint32_t(op), in, got, d)));
                if (((base + kChunk) & ((1ull << 30) - 1)) == 0)
                    qInfo("%s %s: inputs below 0x%llx equal (%lld s)", runner->label().c_str(), kOpNames[op],
                          (unsigned long long)(base + kChunk), (long long)(timer.elapsed() / 1000));
            }
            qInfo("%s %s: all inputs from 0x%llx to 2^32 bitwise equal (%lld s)", runner->label().c_str(), kOpNames[op],
                  (unsigned long long)from, (long long)(timer.elapsed() / 1000));
        }
    }
};

QTEST_GUILESS_MAIN(TestVulkanMath)
#include "TestVulkanMath.moc"
