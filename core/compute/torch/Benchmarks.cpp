#include "compute/torch/Benchmarks.h"

#include "compute/device/Peak.h"
#include "compute/torch/Measure.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace idleforge::compute {

namespace {

struct Plan {
    const DeviceFacts *device;
    std::string kind;
    std::string precision; // for GEMM
    const CustomBenchmark *custom = nullptr;
};

torch::Dtype dtypeFor(const std::string &precision)
{
    if (precision == "fp16") return torch::kHalf;
    if (precision == "bf16") return torch::kBFloat16;
    return torch::kFloat; // fp32 and tf32 (tf32 is fp32 storage with TF32 tensor-core math)
}

void syncIfCuda(const DeviceFacts &d)
{
    if (d.type == "cuda")
        torch::cuda::synchronize(std::stoi(d.id.substr(5)));
}

TrialPolicy policyFor(const BenchConfig &cfg)
{
    TrialPolicy p;
    if (cfg.tier == BenchTier::Thorough) {
        p.warmup = 3;
        p.minTrials = 10;
        p.maxTrials = 60;
        p.targetSpread = 0.02;
        p.maxSeconds = 8.0;
    } else {
        p.maxSeconds = 2.0;
    }
    p.maxSeconds *= cfg.timeScale;
    if (cfg.timeScale < 1.0) {
        p.warmup = 1;
        p.minTrials = 3;
    }
    return p;
}

BenchFigure runGemm(const Plan &plan, const BenchConfig &cfg, const std::atomic<bool> &cancel,
                    const std::function<void(double)> &onTrial)
{
    const DeviceFacts &d = *plan.device;
    const bool cuda = d.type == "cuda";
    int n = cuda ? 8192 : (cfg.tier == BenchTier::Thorough ? 2048 : 1024);
    if (cfg.timeScale < 0.5 && !cuda)
        n = 512;
    const auto opts = torch::TensorOptions().dtype(dtypeFor(plan.precision)).device(torch::Device(d.id));
    auto a = torch::randn({n, n}, opts);
    auto b = torch::randn({n, n}, opts);
    auto c = torch::empty({n, n}, opts);
    if (cuda)
        at::globalContext().setAllowTF32CuBLAS(plan.precision == "tf32");
    const TrialStats stats = measureTrials(policyFor(cfg), [&] {
        torch::mm_out(c, a, b);
        syncIfCuda(d);
    }, cancel, onTrial);

    BenchFigure f;
    f.device = d.id;
    f.kind = "gemm_" + plan.precision;
    f.unit = "GFLOP/s";
    f.size = n;
    f.trials = stats.trials;
    f.spread = stats.spread;
    if (stats.medianSeconds > 0)
        f.value = 2.0 * n * static_cast<double>(n) * n / stats.medianSeconds / 1e9;
    f.peak = cuda ? cudaPeakGflops(d.ccMajor, d.ccMinor, d.smCount, d.clockMhz, plan.precision, isGeForceName(d.name))
                  : cpuPeakFp32Gflops(d.cpu);
    return f;
}

BenchFigure runCopy(const Plan &plan, const BenchConfig &cfg, const std::atomic<bool> &cancel,
                    const std::function<void(double)> &onTrial)
{
    const DeviceFacts &d = *plan.device;
    const bool h2d = plan.kind == "h2d_bandwidth";
    std::int64_t mib = d.type == "cuda" ? 1024 : 256;
    if (h2d) mib = 256;
    if (cfg.timeScale < 0.5) mib = std::min<std::int64_t>(mib, 64);
    const std::int64_t elems = mib * 1024 * 1024 / 4;
    const auto devOpts = torch::TensorOptions().dtype(torch::kFloat).device(torch::Device(d.id));
    torch::Tensor src = h2d ? torch::ones({elems}, torch::TensorOptions().dtype(torch::kFloat).pinned_memory(true))
                            : torch::ones({elems}, devOpts);
    torch::Tensor dst = torch::empty({elems}, devOpts);
    // On the CPU, one memcpy per intra-op thread: glibc's large-copy path streams the
    // destination (non-temporal stores), while Tensor::copy_'s kernel reads it in first and
    // showed ~35% less than plain memcpy in tests/bench/hardware.
    const bool hostCopy = d.type == "cpu" && !h2d;
    const auto cpuCopy = [&] {
        auto *out = dst.data_ptr<float>();
        const auto *in = src.data_ptr<float>();
        const std::int64_t grain = std::max<std::int64_t>(1 << 20, elems / std::max(1, torch::get_num_threads()));
        at::parallel_for(0, elems, grain, [&](std::int64_t begin, std::int64_t end) {
            std::memcpy(out + begin, in + begin, static_cast<std::size_t>(end - begin) * sizeof(float));
        });
    };
    const TrialStats stats = measureTrials(policyFor(cfg), [&] {
        if (hostCopy) {
            cpuCopy();
        } else {
            dst.copy_(src);
            syncIfCuda(d);
        }
    }, cancel, onTrial);

    BenchFigure f;
    f.device = d.id;
    f.kind = plan.kind;
    f.unit = "GB/s";
    f.size = static_cast<int>(mib);
    f.trials = stats.trials;
    f.spread = stats.spread;
    // A device copy reads and writes every byte; host-to-device moves each byte once.
    const double bytes = static_cast<double>(elems) * 4.0 * (h2d ? 1.0 : 2.0);
    if (stats.medianSeconds > 0)
        f.value = bytes / stats.medianSeconds / 1e9;
    if (d.type == "cuda" && !h2d)
        f.peak = cudaPeakBandwidthGBs(d.memoryBusBits, d.memoryClockMhz);
    return f;
}

BenchFigure runCustom(const Plan &plan, const BenchConfig &cfg, const std::atomic<bool> &cancel,
                      const std::function<void(double)> &onTrial)
{
    const CustomBenchmark &c = *plan.custom;
    // The built-in figures run under NoGradGuard; a training step needs autograd.
    const torch::AutoGradMode gradOn(true);
    BenchFigure f;
    f.device = plan.device->id;
    f.kind = c.kind;
    f.unit = c.unit;
    f.size = c.size;
    const std::function<void()> trial = c.prepare ? c.prepare() : std::function<void()>{};
    if (!trial)
        return f; // no trials: left out of the report
    // A training step is long next to a GEMM: one warm-up step (allocations) is enough.
    TrialPolicy policy = policyFor(cfg);
    policy.warmup = 1;
    const TrialStats stats = measureTrials(policy, trial, cancel, onTrial);
    f.trials = stats.trials;
    f.spread = stats.spread;
    if (stats.medianSeconds > 0)
        f.value = c.workPerTrial / stats.medianSeconds;
    return f;
}

} // namespace

BenchReport runBenchmarks(const BenchConfig &cfg, const BenchProgress &progress,
                          const std::atomic<bool> &cancel)
{
    const auto started = std::chrono::steady_clock::now();
    BenchReport report;
    report.devices = listDevices();

    const int threads = cfg.threads > 0 ? cfg.threads : report.devices.front().cpu.physicalCores;
    if (threads > 0)
        torch::set_num_threads(threads);

    std::vector<Plan> plans;
    for (const DeviceFacts &d : report.devices) {
        if (cfg.device != "all" && cfg.device != d.id)
            continue;
        if (d.type == "cpu") {
            plans.push_back({&d, "gemm", "fp32"});
            plans.push_back({&d, "mem_bandwidth", {}});
        } else {
            for (const std::string &p : d.precisions)
                plans.push_back({&d, "gemm", p});
            plans.push_back({&d, "mem_bandwidth", {}});
            plans.push_back({&d, "h2d_bandwidth", {}});
        }
        for (const CustomBenchmark &c : cfg.custom)
            if (c.device == d.id)
                plans.push_back({&d, c.kind, {}, &c});
    }

    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < plans.size() && !cancel.load(); ++i) {
        const Plan &plan = plans[i];
        const std::string label = plan.custom ? plan.custom->label
                                  : plan.kind == "gemm" ? "GEMM " + plan.precision : plan.kind;
        const auto onTrial = [&](double sub) {
            if (progress)
                progress((static_cast<double>(i) + sub) / static_cast<double>(plans.size()),
                         label + " on " + plan.device->name);
        };
        onTrial(0);
        BenchFigure f = plan.custom ? runCustom(plan, cfg, cancel, onTrial)
                        : plan.kind == "gemm" ? runGemm(plan, cfg, cancel, onTrial)
                                              : runCopy(plan, cfg, cancel, onTrial);
        if (f.peak > 0)
            f.efficiency = f.value / f.peak;
        if (f.trials > 0)
            report.results.push_back(std::move(f));
    }
    report.cancelled = cancel.load();
    report.durationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (progress && !report.cancelled)
        progress(1.0, "done");
    return report;
}

BenchFigure measureFigure(const DeviceFacts &device, const std::string &kind, const BenchConfig &config,
                          const std::atomic<bool> &cancel)
{
    torch::NoGradGuard noGrad;
    const bool gemm = kind.rfind("gemm_", 0) == 0;
    const Plan plan{&device, gemm ? "gemm" : kind, gemm ? kind.substr(5) : std::string()};
    BenchFigure f = gemm ? runGemm(plan, config, cancel, {}) : runCopy(plan, config, cancel, {});
    if (f.peak > 0)
        f.efficiency = f.value / f.peak;
    return f;
}

} // namespace idleforge::compute
