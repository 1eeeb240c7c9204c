#include "VulkanJob.h"

#ifdef IDLEFORGE_HAVE_VULKAN
#include "compute/vulkan/VulkanBench.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanGemm.h"
#include "compute/vulkan/VulkanProbe.h"

#include <QElapsedTimer>
#include <QJsonObject>

#include <algorithm>
#include <memory>
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
    return QJsonObject{{QStringLiteral("fma_mode"), qs(p.fmaMode)},
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

// A device opened and probed: its "devices" entry (facts and probe, or why the probe could not
// run), and the open context where the probe ran.
struct Probed {
    QJsonObject entry;
    std::unique_ptr<vk::Context> context;
};

Probed openAndProbe(const vk::DeviceFacts &d, vk::ProbeResult &probe)
{
    Probed p{factsJson(d), nullptr};
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

QJsonArray vulkanBenchResults(const QString &device, bool thorough, JobContext &ctx, double from, double to, QJsonArray *probed)
{
    QJsonArray out;
    const std::vector<vk::DeviceFacts> devices = vk::listDevices();
    const int only = device == QLatin1String("all") ? -1 : vk::indexOf(device.toStdString());
    const std::size_t n = thorough ? 512 : 256;
    const int trials = thorough ? 5 : 3;
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> a(n * n), b(n * n), c(n * n);
    for (float &v : a)
        v = dist(rng);
    for (float &v : b)
        v = dist(rng);
    for (std::size_t i = 0; i < devices.size() && !ctx.cancelled(); ++i) {
        const vk::DeviceFacts &d = devices[i];
        if (only >= 0 && d.index != only)
            continue;
        const double at = from + (to - from) * double(i) / double(devices.size());
        ctx.progress(at, QStringLiteral("GEMM fp32 on %1").arg(qs(d.name)));
        vk::ProbeResult probe;
        Probed p = openAndProbe(d, probe);
        if (probed)
            probed->append(p.entry);
        if (!p.context)
            continue;
        vk::Context *context = p.context.get();
        std::string why;
        // Memory bandwidth of every device, whether or not it meets the repro contract.
        const std::size_t copyBytes = std::size_t(thorough ? 256 : 64) << 20;
        if (const double gbs = vk::copyBandwidthGBs(*context, copyBytes, trials, &why); gbs > 0)
            out.append(QJsonObject{{QStringLiteral("device"), QStringLiteral("vulkan:%1").arg(d.index)},
                                   {QStringLiteral("kind"), QStringLiteral("mem_bandwidth")},
                                   {QStringLiteral("value"), gbs},
                                   {QStringLiteral("unit"), QStringLiteral("GB/s")},
                                   {QStringLiteral("peak"), 0.0},
                                   {QStringLiteral("efficiency"), 0.0},
                                   {QStringLiteral("spread"), 0.0},
                                   {QStringLiteral("trials"), trials},
                                   {QStringLiteral("size"), int(copyBytes >> 20)}});
        auto gemm = vk::Gemm::create(*context, probe.fmaMode, &why);
        if (!gemm)
            continue; // not offered for repro work: no figure
        repro::GemmArgs g;
        g.m = g.n = g.k = n;
        g.a = a.data();
        g.lda = n;
        g.b = b.data();
        g.ldb = n;
        g.c = c.data();
        g.ldc = n;
        if (!gemm->run(g, &why)) // warm-up: pipeline and driver caches
            continue;
        std::vector<double> seconds;
        for (int t = 0; t < trials && !ctx.cancelled(); ++t) {
            QElapsedTimer timer;
            timer.start();
            if (!gemm->run(g, &why))
                break;
            seconds.push_back(double(timer.nsecsElapsed()) / 1e9);
        }
        if (seconds.empty())
            continue;
        std::sort(seconds.begin(), seconds.end());
        const double median = seconds[seconds.size() / 2];
        out.append(QJsonObject{{QStringLiteral("device"), QStringLiteral("vulkan:%1").arg(d.index)},
                               {QStringLiteral("kind"), QStringLiteral("gemm_fp32")},
                               {QStringLiteral("value"), 2.0 * double(n) * double(n) * double(n) / median / 1e9},
                               {QStringLiteral("unit"), QStringLiteral("GFLOP/s")},
                               {QStringLiteral("peak"), 0.0}, // no peak table for Vulkan devices yet
                               {QStringLiteral("efficiency"), 0.0},
                               {QStringLiteral("spread"), (seconds.back() - seconds.front()) / median},
                               {QStringLiteral("trials"), int(seconds.size())},
                               {QStringLiteral("size"), int(n)},
                               {QStringLiteral("backend"), QStringLiteral("repro")},
                               {QStringLiteral("fma_mode"), qs(probe.fmaMode)}});
    }
    return out;
}

#else

QJsonArray vulkanDevicesJson(QString *error)
{
    if (error)
        *error = QStringLiteral("built without Vulkan (IDLEFORGE_VULKAN=OFF or no loader at build time)");
    return {};
}

QJsonArray vulkanBenchResults(const QString &, bool, JobContext &, double, double, QJsonArray *) { return {}; }

#endif

} // namespace idleforge::worker
