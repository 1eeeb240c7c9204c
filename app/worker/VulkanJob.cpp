#include "VulkanJob.h"

#ifdef IDLEFORGE_HAVE_VULKAN
#include "Jobs.h"
#include "compute/device/CpuInfo.h"
#include "compute/device/Peak.h"
#include "compute/repro/Gemm.h"
#include "compute/vulkan/VulkanBench.h"
#include "compute/vulkan/VulkanPeak.h"
#include "task/Templates.h"
#include "compute/repro/ElementDevice.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanElementwise.h"
#include "compute/vulkan/VulkanGemm.h"
#include "compute/vulkan/VulkanProbe.h"
#include "compute/vulkan/VulkanRepro.h"

#include <QElapsedTimer>
#include <QJsonObject>

#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <vector>
#endif

namespace idleforge::worker {

#ifdef IDLEFORGE_HAVE_VULKAN
namespace {

namespace vk = compute::vulkan;

QString qs(const std::string &s) { return QString::fromStdString(s); }

QJsonObject probeJson(const vk::ProbeResult &p)
{
    QJsonObject checks;
    for (const vk::ProbeCheck &c : p.checks)
        checks.insert(qs(c.name), c.pass);
    QJsonArray declared;
    for (const std::string &mode : p.floatControlsDeclared)
        declared.append(qs(mode));
    return QJsonObject{{QStringLiteral("fma_mode"), qs(p.fmaMode)},
                       {QStringLiteral("float_controls_declared"), declared},
                       {QStringLiteral("meets_contract"), p.meetsContract()},
                       {QStringLiteral("fma_fused"), p.fmaFused},
                       {QStringLiteral("fma64_exact"), p.fma64Exact},
                       {QStringLiteral("denormals_preserved"), p.denormalsPreserved},
                       {QStringLiteral("round_to_nearest_even"), p.roundsToNearestEven},
                       {QStringLiteral("signed_zero_nan_inf"), p.signedZeroAndSpecials},
                       {QStringLiteral("checks"), checks}};
}

QJsonObject factsJson(const vk::DeviceFacts &d)
{
    QJsonArray precisions{QStringLiteral("fp32")};
    if (d.fp16)
        precisions.append(QStringLiteral("fp16"));
    QJsonObject o{{QStringLiteral("id"), QStringLiteral("vulkan:%1").arg(d.index)},
                  {QStringLiteral("type"), QStringLiteral("vulkan")},
                  {QStringLiteral("name"), qs(d.name)},
                  {QStringLiteral("vendor"), qs(d.vendor)},
                  {QStringLiteral("vendor_id"), qint64(d.vendorId)},
                  {QStringLiteral("device_type"), qs(d.type)},
                  {QStringLiteral("driver"), qs(d.driverName)},
                  {QStringLiteral("driver_info"), qs(d.driverInfo)},
                  {QStringLiteral("driver_version"), qint64(d.driverVersion)},
                  {QStringLiteral("api_version"), qs(d.apiVersion)},
                  {QStringLiteral("memory_bytes"), qint64(d.vramBytes)},
                  {QStringLiteral("max_allocation_bytes"), qint64(d.maxAllocationBytes)},
                  {QStringLiteral("subgroup_size"), qint64(d.subgroupSize)},
                  {QStringLiteral("shared_memory_bytes"), qint64(d.maxSharedMemoryBytes)},
                  {QStringLiteral("fp16"), d.fp16},
                  {QStringLiteral("fp64"), d.fp64},
                  {QStringLiteral("precisions"), precisions}};
    if (d.floatControlsKnown)
        o.insert(QStringLiteral("float_controls"), QJsonObject{{QStringLiteral("denorm_preserve_fp32"), d.denormPreserve32},
                                                               {QStringLiteral("denorm_flush_fp32"), d.denormFlushToZero32},
                                                               {QStringLiteral("rounding_rte_fp32"), d.roundingRte32},
                                                               {QStringLiteral("signed_zero_inf_nan_preserve_fp32"), d.signedZeroInfNanPreserve32}});
    return o;
}

// The peaks a device is measured against: the table's for a GPU, the CPU's own for a device that
// runs on the CPU (lavapipe, whose shaders are the CPU's vector units).
vk::PeakFigures peaksOf(const vk::DeviceFacts &d)
{
    if (d.type == "cpu")
        return {compute::cpuPeakFp32Gflops(compute::detectCpu()), 0, "the CPU's fp32 peak"};
    return vk::peakFor(d.name);
}

// A device opened and probed: its "devices" entry (facts and probe, or why the probe could not
// run), and the open context where the probe ran.
struct Probed {
    QJsonObject entry;
    std::unique_ptr<vk::Context> context;
};

Probed openAndProbe(const vk::DeviceFacts &d, vk::ProbeResult &probe)
{
    Probed p{factsJson(d), nullptr};
    const vk::PeakFigures peak = peaksOf(d);
    p.entry.insert(QStringLiteral("peak_gflops_fp32"), peak.fp32Gflops);
    p.entry.insert(QStringLiteral("peak_bandwidth_gbs"), peak.bandwidthGBs);
    p.entry.insert(QStringLiteral("peak_source"), qs(peak.model));
    std::string why;
    p.context = vk::Context::open(d.index, &why);
    if (p.context && vk::runProbe(*p.context, probe, &why)) {
        p.entry.insert(QStringLiteral("probe"), probeJson(probe));
    } else {
        p.context.reset();
        p.entry.insert(QStringLiteral("probe"), QJsonObject{{QStringLiteral("error"), qs(why)}, {QStringLiteral("meets_contract"), false}});
    }
    return p;
}

} // namespace

QJsonArray vulkanDevicesJson(QString *error)
{
    std::string why;
    const std::vector<vk::DeviceFacts> devices = vk::listDevices(&why);
    if (devices.empty() && error)
        *error = qs(why);
    QJsonArray out;
    for (const vk::DeviceFacts &d : devices) {
        vk::ProbeResult probe;
        out.append(openAndProbe(d, probe).entry);
    }
    return out;
}

namespace {

// A figure of device `d` against `peak` (0: unknown, no efficiency).
QJsonObject figure(const vk::DeviceFacts &d, const char *kind, double value, const char *unit, double peak, double spread, int trials,
                   int size)
{
    return QJsonObject{{QStringLiteral("device"), QStringLiteral("vulkan:%1").arg(d.index)},
                       {QStringLiteral("kind"), QLatin1String(kind)},
                       {QStringLiteral("value"), value},
                       {QStringLiteral("unit"), QLatin1String(unit)},
                       {QStringLiteral("peak"), peak},
                       {QStringLiteral("efficiency"), peak > 0 ? value / peak : 0.0},
                       {QStringLiteral("spread"), spread},
                       {QStringLiteral("trials"), trials},
                       {QStringLiteral("size"), size}};
}

// Median seconds of `trials` runs of `trial` after one warm-up (pipelines, driver caches), and
// the spread ((max - min) / median); empty when a run fails or the job is cancelled.
std::vector<double> timeTrials(const std::function<bool()> &trial, int trials, JobContext &ctx)
{
    std::vector<double> seconds;
    if (!trial())
        return seconds;
    for (int t = 0; t < trials && !ctx.cancelled(); ++t) {
        QElapsedTimer timer;
        timer.start();
        if (!trial())
            return {};
        seconds.push_back(double(timer.nsecsElapsed()) / 1e9);
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds;
}

double spreadOf(const std::vector<double> &s) { return (s.back() - s.front()) / s[s.size() / 2]; }

// The repro GEMM (n x n x n) in GFLOP/s.
std::optional<QJsonObject> gemmFigure(const vk::DeviceFacts &d, vk::Gemm &gemm, const vk::PeakFigures &peak, bool thorough,
                                      JobContext &ctx)
{
    const std::size_t n = thorough ? 512 : 256;
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> a(n * n), b(n * n), c(n * n);
    for (float &v : a)
        v = dist(rng);
    for (float &v : b)
        v = dist(rng);
    repro::GemmArgs g;
    g.m = g.n = g.k = n;
    g.a = a.data();
    g.lda = n;
    g.b = b.data();
    g.ldb = n;
    g.c = c.data();
    g.ldc = n;
    std::string why;
    const std::vector<double> s = timeTrials([&] { return gemm.run(g, &why); }, thorough ? 5 : 3, ctx);
    if (s.empty())
        return std::nullopt;
    const double gflops = 2.0 * double(n) * double(n) * double(n) / s[s.size() / 2] / 1e9;
    QJsonObject o = figure(d, "gemm_fp32", gflops, "GFLOP/s", peak.fp32Gflops, spreadOf(s), int(s.size()), int(n));
    o.insert(QStringLiteral("backend"), QStringLiteral("repro"));
    return o;
}

// The fp16 GEMM in GFLOP/s (devices with shaderFloat16). Its peak is an upper bound: twice the
// fp32 peak for a GPU (packed fp16; matrix cores, which this shader does not use, aside), the
// fp32 peak for a device on the CPU (lavapipe computes halves in fp32 lanes).
std::optional<QJsonObject> fp16Figure(const vk::DeviceFacts &d, vk::Context &context, const vk::PeakFigures &peak, bool thorough,
                                      std::string *why)
{
    if (!context.fp16())
        return std::nullopt;
    const int trials = thorough ? 5 : 3;
    const std::size_t n = thorough ? 1024 : 256;
    const double gflops = vk::gemmFp16Gflops(context, n, trials, why);
    if (gflops <= 0)
        return std::nullopt;
    QJsonObject o = figure(d, "gemm_fp16", gflops, "GFLOP/s", d.type == "cpu" ? peak.fp32Gflops : 2 * peak.fp32Gflops, 0.0, trials, int(n));
    o.insert(QStringLiteral("accumulate"), QStringLiteral("fp16"));
    return o;
}

// The reference model's repro training step with its GEMMs and element-wise ops on the device,
// in steps/s: the figure the node compares with the CPU's "train_step_repro" to choose where
// repro tasks run (the job's ReproDevice installs the same two).
std::optional<QJsonObject> trainStepFigure(const vk::DeviceFacts &d, vk::Context &context, vk::Gemm &gemm, const std::string &fmaMode,
                                           int threads, bool thorough, JobContext &ctx)
{
    const std::function<void()> step = reproTrainStepTrial(threads);
    std::string why;
    const std::unique_ptr<vk::Elementwise> ops = vk::Elementwise::create(context, fmaMode, &why);
    if (!step || !ops)
        return std::nullopt;
    struct Installed { // the device runs the repro kernels only while the figure is measured
        Installed(vk::Gemm &g, vk::Elementwise &e)
        {
            repro::setGemmDevice(&g);
            repro::setElementDevice(&e);
        }
        ~Installed()
        {
            repro::setGemmDevice(nullptr);
            repro::setElementDevice(nullptr);
        }
    } installed(gemm, *ops);
    std::vector<double> s;
    try {
        s = timeTrials([&] { step(); return true; }, thorough ? 3 : 2, ctx);
    } catch (const std::exception &) {
        return std::nullopt; // a device failure: no figure
    }
    if (s.empty())
        return std::nullopt;
    const task::TemplateOptions reference;
    return figure(d, "train_step_repro", 1.0 / s[s.size() / 2], "steps/s", 0.0, spreadOf(s), int(s.size()),
                  reference.batch * reference.context);
}

} // namespace

QJsonArray vulkanBenchResults(const BenchOptions &options, JobContext &ctx, double from, double to, QJsonArray *probed)
{
    QJsonArray out;
    const std::vector<vk::DeviceFacts> devices = vk::listDevices();
    const int only = options.device == QLatin1String("all") ? -1 : vk::indexOf(options.device.toStdString());
    for (std::size_t i = 0; i < devices.size() && !ctx.cancelled(); ++i) {
        const vk::DeviceFacts &d = devices[i];
        if (only >= 0 && d.index != only)
            continue;
        ctx.progress(from + (to - from) * double(i) / double(devices.size()), QStringLiteral("Vulkan device %1").arg(qs(d.name)));
        vk::ProbeResult probe;
        Probed p = openAndProbe(d, probe);
        const vk::PeakFigures peak = peaksOf(d);
        if (!p.context) {
            if (probed)
                probed->append(p.entry);
            continue;
        }
        std::string why;
        // Memory bandwidth and fp16 of every device, whether or not it meets the repro contract.
        const int trials = options.thorough ? 5 : 3;
        const std::size_t copyBytes = std::size_t(options.thorough ? 256 : 64) << 20;
        if (const double gbs = vk::copyBandwidthGBs(*p.context, copyBytes, trials, &why); gbs > 0)
            out.append(figure(d, "mem_bandwidth", gbs, "GB/s", peak.bandwidthGBs, 0.0, trials, int(copyBytes >> 20)));
        if (auto h = fp16Figure(d, *p.context, peak, options.thorough, &why))
            out.append(*h);
        else if (p.context->fp16())
            p.entry.insert(QStringLiteral("gemm_fp16_error"), qs(why));
        if (probed)
            probed->append(p.entry);
        auto gemm = vk::Gemm::create(*p.context, probe.fmaMode, &why);
        if (!gemm)
            continue; // not offered for repro work: no repro figure
        if (auto g = gemmFigure(d, *gemm, peak, options.thorough, ctx)) {
            g->insert(QStringLiteral("fma_mode"), qs(probe.fmaMode));
            out.append(*g);
        }
        // A device on the CPU's own cores (lavapipe) is never chosen for tasks (node/DeviceChoice.h):
        // its training step is timed only when it is asked for by name, not in every benchmark.
        if (options.trainStep && (d.type != "cpu" || only >= 0))
            if (auto t = trainStepFigure(d, *p.context, *gemm, probe.fmaMode, options.threads, options.thorough, ctx))
                out.append(*t);
    }
    return out;
}

namespace {

class VulkanReproHandle final : public ReproDeviceHandle {
public:
    explicit VulkanReproHandle(std::unique_ptr<vk::ReproDevice> device) : m_device(std::move(device)) {}
    QJsonObject report() const override
    {
        const vk::DeviceFacts &d = m_device->facts();
        return QJsonObject{{QStringLiteral("id"), QStringLiteral("vulkan:%1").arg(d.index)},
                           {QStringLiteral("name"), qs(d.name)},
                           {QStringLiteral("driver"), qs(d.driverName)},
                           {QStringLiteral("fma_mode"), qs(m_device->probe().fmaMode)},
                           {QStringLiteral("float_controls_declared"), probeJson(m_device->probe()).value(QStringLiteral("float_controls_declared"))},
                           {QStringLiteral("gemm_calls"), double(m_device->gemmCalls())},
                           {QStringLiteral("gemm_gflop"), m_device->gemmFlops() / 1e9},
                           {QStringLiteral("element_calls"), double(m_device->elementCalls())}};
    }

private:
    std::unique_ptr<vk::ReproDevice> m_device;
};

} // namespace

std::unique_ptr<ReproDeviceHandle> openReproDevice(const QString &id, QString *error)
{
    std::string why;
    auto device = vk::ReproDevice::open(id.toStdString(), &why);
    if (!device) {
        if (error)
            *error = qs(why);
        return nullptr;
    }
    return std::make_unique<VulkanReproHandle>(std::move(device));
}

#else

std::unique_ptr<ReproDeviceHandle> openReproDevice(const QString &, QString *error)
{
    if (error)
        *error = QStringLiteral("built without Vulkan (IDLEFORGE_VULKAN=OFF or no loader at build time)");
    return nullptr;
}

QJsonArray vulkanDevicesJson(QString *error)
{
    if (error)
        *error = QStringLiteral("built without Vulkan (IDLEFORGE_VULKAN=OFF or no loader at build time)");
    return {};
}

QJsonArray vulkanBenchResults(const BenchOptions &, JobContext &, double, double, QJsonArray *) { return {}; }

#endif

} // namespace idleforge::worker
