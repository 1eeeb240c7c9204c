// Jobs "bench" and "devices": hardware facts and benchmarks from core/compute, as JSON.
#include "Jobs.h"
#include "VulkanJob.h"

#include "compute/device/Peak.h"
#include "compute/graph/DataLoader.h"
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/State.h"
#include "compute/torch/Benchmarks.h"
#include "compute/torch/TorchBackend.h"
#include "task/TaskSpec.h"
#include "task/Templates.h"

#include <QJsonArray>

#include <memory>

namespace idleforge::worker {

namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

QJsonObject deviceJson(const compute::DeviceFacts &d)
{
    QJsonArray precisions;
    for (const auto &p : d.precisions)
        precisions.append(qs(p));
    QJsonObject o{{QStringLiteral("id"), qs(d.id)},
                  {QStringLiteral("type"), qs(d.type)},
                  {QStringLiteral("name"), qs(d.name)},
                  {QStringLiteral("memory_bytes"), static_cast<qint64>(d.memoryBytes)},
                  {QStringLiteral("precisions"), precisions}};
    if (d.type == "cpu") {
        QJsonArray features;
        for (const auto &f : d.cpu.features)
            features.append(qs(f));
        o.insert(QStringLiteral("vendor"), qs(d.cpu.vendor));
        o.insert(QStringLiteral("arch"), qs(d.cpu.arch));
        o.insert(QStringLiteral("family"), d.cpu.family);
        o.insert(QStringLiteral("model_id"), d.cpu.modelId);
        o.insert(QStringLiteral("fp32_lanes"), d.cpu.fp32Lanes());
        o.insert(QStringLiteral("fma_units"), d.cpu.fmaUnitsPerCore());
        o.insert(QStringLiteral("virtualized"), d.cpu.virtualized);
        o.insert(QStringLiteral("cores"), d.cpu.physicalCores);
        o.insert(QStringLiteral("threads"), d.cpu.logicalThreads);
        o.insert(QStringLiteral("base_mhz"), d.cpu.baseMhz);
        o.insert(QStringLiteral("max_mhz"), d.cpu.maxMhz);
        o.insert(QStringLiteral("features"), features);
        o.insert(QStringLiteral("available_memory_bytes"), static_cast<qint64>(d.cpu.availableMemoryBytes));
        o.insert(QStringLiteral("peak_gflops_fp32"), compute::cpuPeakFp32Gflops(d.cpu));
    } else {
        o.insert(QStringLiteral("compute_capability"), QStringLiteral("%1.%2").arg(d.ccMajor).arg(d.ccMinor));
        o.insert(QStringLiteral("sm_count"), d.smCount);
        o.insert(QStringLiteral("clock_mhz"), d.clockMhz);
        o.insert(QStringLiteral("uuid"), qs(d.uuid));
        o.insert(QStringLiteral("memory_bus_bits"), d.memoryBusBits);
        o.insert(QStringLiteral("memory_clock_mhz"), d.memoryClockMhz);
        QJsonObject peaks;
        for (const auto &p : d.precisions)
            peaks.insert(qs(p), compute::cudaPeakGflops(d.ccMajor, d.ccMinor, d.smCount, d.clockMhz, p,
                                                        compute::isGeForceName(d.name)));
        o.insert(QStringLiteral("peak_gflops"), peaks);
        o.insert(QStringLiteral("peak_bandwidth_gbs"), compute::cudaPeakBandwidthGBs(d.memoryBusBits, d.memoryClockMhz));
    }
    return o;
}

QJsonArray devicesJson(const std::vector<compute::DeviceFacts> &devices)
{
    QJsonArray out;
    for (const auto &d : devices)
        out.append(deviceJson(d));
    return out;
}

// One training step of the reference devnet model (the default "gpt" template: 2 layers,
// d=128, context 64, batch 8) on the fast backend and, on the CPU, the repro backend, in
// steps/s. Everything a step needs lives in one shared object the trial keeps alive.
struct TrainStepRig {
    task::TaskSpec spec;
    std::vector<std::uint8_t> shard = graph::syntheticText(1 << 20);
    std::unique_ptr<graph::Backend> backend;
    graph::TrainState state;
};

// The rig's trial: one step, which returns the loss as a float (that waits for the device).
std::function<void()> trainStepTrial(const std::string &device, bool repro, int threads)
{
    auto spec = task::makeTemplateSpec(task::TemplateOptions{});
    auto parsed = spec ? task::parseTaskSpec(*spec) : Result<task::TaskSpec>(spec.error());
    if (!parsed)
        return {}; // the figure is left out rather than failing the benchmark
    auto rig = std::make_shared<TrainStepRig>();
    rig->spec = std::move(*parsed);
    const graph::Graph &g = rig->spec.graph;
    if (repro)
        rig->backend = std::make_unique<graph::ReproExecutor>(g, threads);
    else
        rig->backend = std::make_unique<graph::TorchBackend>(
            g, threads, device == "cpu" ? graph::TorchBackend::Device::Cpu : graph::TorchBackend::Device::Cuda);
    rig->state = graph::initialState(g);
    return [rig] {
        const graph::Graph &g = rig->spec.graph;
        (void)rig->backend->step(rig->state, graph::makeBatch(rig->shard, g.config.seed, rig->state.step,
                                                              g.config.batch, g.config.context));
    };
}

compute::CustomBenchmark trainStepBenchmark(const std::string &device, bool repro, int threads)
{
    compute::CustomBenchmark c;
    c.device = device;
    c.kind = repro ? "train_step_repro" : "train_step_fast";
    c.unit = "steps/s";
    c.label = repro ? "training step (repro)" : "training step (fast)";
    const task::TemplateOptions reference;
    c.size = reference.batch * reference.context; // tokens per step
    c.prepare = [device, repro, threads] { return trainStepTrial(device, repro, threads); };
    return c;
}

} // namespace

std::function<void()> reproTrainStepTrial(int threads) { return trainStepTrial("cpu", true, threads); }

Result<QJsonObject> runDevicesJob(const QJsonObject &, JobContext &)
{
    QJsonArray devices = devicesJson(compute::listDevices());
    QString vulkanError;
    for (const auto &v : vulkanDevicesJson(&vulkanError))
        devices.append(v);
    QJsonObject out{{QStringLiteral("devices"), devices}, {QStringLiteral("torch_version"), qs(compute::torchVersion())}};
    if (!vulkanError.isEmpty())
        out.insert(QStringLiteral("vulkan_error"), vulkanError);
    return out;
}

Result<QJsonObject> runBenchJob(const QJsonObject &params, JobContext &ctx)
{
    compute::BenchConfig cfg;
    const QString tier = params.value(QStringLiteral("tier")).toString(QStringLiteral("quick"));
    if (tier == QLatin1String("thorough"))
        cfg.tier = compute::BenchTier::Thorough;
    else if (tier != QLatin1String("quick"))
        return makeError("bench.bad_param", QStringLiteral("tier must be \"quick\" or \"thorough\", not \"%1\"").arg(tier));
    cfg.device = params.value(QStringLiteral("device")).toString(QStringLiteral("all")).toStdString();
    cfg.threads = params.value(QStringLiteral("threads")).toInt(0);
    cfg.timeScale = params.value(QStringLiteral("time_scale")).toDouble(1.0);
    if (!(cfg.timeScale > 0.0 && cfg.timeScale <= 1.0))
        return makeError("bench.bad_param", QStringLiteral("time_scale must be in (0, 1]"));
    if (cfg.threads < 0 || cfg.threads > 1024)
        return makeError("bench.bad_param", QStringLiteral("threads must be in 0..1024"));
    // The quick tier measures the step tasks run by default there: repro on the CPU (the
    // network's default backend), fast on CUDA; the thorough tier adds fast on the CPU.
    if (params.value(QStringLiteral("train_step")).toBool(true)) {
        if (cfg.tier == compute::BenchTier::Thorough)
            cfg.custom.push_back(trainStepBenchmark("cpu", false, cfg.threads));
        cfg.custom.push_back(trainStepBenchmark("cpu", true, cfg.threads));
        if (compute::cudaAvailable())
            cfg.custom.push_back(trainStepBenchmark("cuda:0", false, cfg.threads));
    }

    // Vulkan devices ("vulkan:N", or all of them with "all") after the libtorch ones; the
    // libtorch run is skipped when only a Vulkan device is asked for.
    const QString device = qs(cfg.device);
    const bool vulkanOnly = device.startsWith(QLatin1String("vulkan:"));
    const bool withVulkan = vulkanOnly || device == QLatin1String("all");
    const double torchShare = vulkanOnly ? 0.0 : withVulkan ? 0.9 : 1.0;
    std::atomic<bool> cancel{false};
    compute::BenchReport report;
    if (!vulkanOnly)
        report = compute::runBenchmarks(cfg, [&](double f, const std::string &msg) {
            if (ctx.cancelled())
                cancel = true;
            ctx.progress(f * torchShare, qs(msg));
        }, cancel);
    QJsonArray vulkanDevices; // probed once, for the figures and the device list alike
    const BenchOptions vulkanOptions{device, cfg.tier == compute::BenchTier::Thorough,
                                     params.value(QStringLiteral("train_step")).toBool(true), cfg.threads};
    const QJsonArray vulkanResults =
        withVulkan && !report.cancelled ? vulkanBenchResults(vulkanOptions, ctx, torchShare, 1.0, &vulkanDevices) : QJsonArray();
    if (report.cancelled || ctx.cancelled())
        return makeError("job.cancelled", QStringLiteral("benchmark cancelled"));
    if (report.results.empty() && vulkanResults.isEmpty())
        return makeError("bench.no_device", QStringLiteral("no device matches \"%1\"").arg(qs(cfg.device)));

    QJsonArray results;
    for (const auto &f : report.results) {
        results.append(QJsonObject{{QStringLiteral("device"), qs(f.device)},
                                   {QStringLiteral("kind"), qs(f.kind)},
                                   {QStringLiteral("value"), f.value},
                                   {QStringLiteral("unit"), qs(f.unit)},
                                   {QStringLiteral("peak"), f.peak},
                                   {QStringLiteral("efficiency"), f.efficiency},
                                   {QStringLiteral("spread"), f.spread},
                                   {QStringLiteral("trials"), f.trials},
                                   {QStringLiteral("size"), f.size}});
    }
    for (const auto &r : vulkanResults)
        results.append(r);
    QJsonArray devices = devicesJson(report.devices);
    for (const auto &v : vulkanDevices)
        devices.append(v);
    return QJsonObject{{QStringLiteral("devices"), devices},
                       {QStringLiteral("results"), results},
                       {QStringLiteral("duration_s"), report.durationSeconds},
                       {QStringLiteral("tier"), tier},
                       {QStringLiteral("torch_version"), qs(compute::torchVersion())}};
}

} // namespace idleforge::worker
