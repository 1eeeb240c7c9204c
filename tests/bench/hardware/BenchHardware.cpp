// Honesty check of `idleforgectl bench`: in one process, our GEMM figure (the product's code
// path: measureTrials + torch::mm_out, then compute::runBenchmarks itself) against a direct
// OpenBLAS cblas_sgemm on the same matrices and thread count, and our memory-bandwidth figure
// (measureFigure "mem_bandwidth", 2 bytes moved per byte copied) against one plain memcpy
// counted the same way.
// Prints one JSON document; ratio = ours / baseline (expected 0.9 .. 1.1).
//
//   bench_hardware [--threads N] [--rounds R]
//
// Rounds alternate ours and the baseline so drifting load (other processes) hits both alike;
// each side reports the median over rounds of its per-round median.
#include "compute/device/Peak.h"
#include "compute/torch/Benchmarks.h"
#include "compute/torch/Measure.h"

#include <cblas.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace idleforge::compute;

namespace {

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

TrialPolicy policy()
{
    TrialPolicy p; // the quick tier's policy (Benchmarks.cpp), 2 s per figure
    p.maxSeconds = 2.0;
    return p;
}

} // namespace

int main(int argc, char **argv)
{
    const CpuInfo cpu = detectCpu();
    int threads = cpu.physicalCores;
    int rounds = 3;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
    }
    torch::set_num_threads(threads);
    openblas_set_num_threads(threads);
    torch::NoGradGuard noGrad;
    const std::atomic<bool> never{false};

    std::printf("{\n  \"cpu\": \"%s\", \"threads\": %d, \"rounds\": %d, \"peak_gflops_fp32\": %.1f,\n",
                cpu.model.c_str(), threads, rounds, cpuPeakFp32Gflops(cpu));
    std::printf("  \"openblas_config\": \"%s\",\n", openblas_get_config());
    DeviceFacts cpuDevice;
    for (const DeviceFacts &d : listDevices())
        if (d.type == "cpu")
            cpuDevice = d;

    // GEMM: measureTrials + torch::mm_out (the product's code) against cblas_sgemm on the very
    // same matrices, at three sizes; then the product's own figure (measureFigure, the quick
    // tier's 1024 and the thorough tier's 2048), each round followed by cblas_sgemm at that size.
    std::printf("  \"gemm\": [\n");
    const std::vector<int> sizes{512, 1024, 2048};
    for (std::size_t s = 0; s < sizes.size(); ++s) {
        const int n = sizes[s];
        auto a = torch::randn({n, n});
        auto b = torch::randn({n, n});
        auto c = torch::empty({n, n});
        std::vector<double> ours, blas;
        for (int r = 0; r < rounds; ++r) {
            ours.push_back(measureTrials(policy(), [&] { torch::mm_out(c, a, b); }, never).medianSeconds);
            blas.push_back(measureTrials(policy(), [&] {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data_ptr<float>(), n,
                            b.data_ptr<float>(), n, 0.0f, c.data_ptr<float>(), n);
            }, never).medianSeconds);
        }
        const double flops = 2.0 * n * static_cast<double>(n) * n;
        const double oursG = flops / median(ours) / 1e9;
        const double blasG = flops / median(blas) / 1e9;
        std::printf("    {\"n\": %d, \"ours_gflops\": %.2f, \"openblas_gflops\": %.2f, \"ratio\": %.3f},\n", n, oursG,
                    blasG, oursG / blasG);
    }
    for (const BenchTier tier : {BenchTier::Quick, BenchTier::Thorough}) {
        BenchConfig cfg;
        cfg.tier = tier;
        std::vector<double> values, blas;
        BenchFigure f;
        for (int r = 0; r < rounds; ++r) {
            f = measureFigure(cpuDevice, "gemm_fp32", cfg, never);
            values.push_back(f.value);
            const int n = f.size;
            auto a = torch::randn({n, n});
            auto b = torch::randn({n, n});
            auto c = torch::empty({n, n});
            const double t = measureTrials(policy(), [&] {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data_ptr<float>(), n,
                            b.data_ptr<float>(), n, 0.0f, c.data_ptr<float>(), n);
            }, never).medianSeconds;
            blas.push_back(2.0 * n * static_cast<double>(n) * n / t / 1e9);
        }
        const double value = median(values);
        const double blasG = median(blas);
        std::printf("    {\"n\": %d, \"product_figure\": \"%s\", \"ours_gflops\": %.2f, \"openblas_gflops\": %.2f, "
                    "\"ratio\": %.3f, \"peak\": %.1f, \"efficiency\": %.3f}%s\n",
                    f.size, tier == BenchTier::Quick ? "quick" : "thorough", value, blasG, value / blasG, f.peak,
                    f.peak > 0 ? value / f.peak : 0.0, tier == BenchTier::Quick ? "," : "");
    }
    std::printf("  ],\n");

    // Memory bandwidth: the product's figure (256 MiB host copy, 2 bytes moved per byte copied)
    // against one plain memcpy of the same size counted the same way.
    const std::int64_t bytes = 256LL * 1024 * 1024;
    auto src = torch::ones({bytes / 4});
    auto dst = torch::empty({bytes / 4});
    std::vector<double> ours, plain;
    for (int r = 0; r < rounds; ++r) {
        ours.push_back(measureFigure(cpuDevice, "mem_bandwidth", BenchConfig{}, never).value);
        plain.push_back(2.0 * bytes / measureTrials(policy(), [&] {
            std::memcpy(dst.data_ptr<float>(), src.data_ptr<float>(), static_cast<std::size_t>(bytes));
        }, never).medianSeconds / 1e9);
    }
    const double oursBw = median(ours);
    const double memcpyBw = median(plain);
    std::printf("  \"mem_bandwidth\": {\"mib\": 256, \"ours_gbs\": %.2f, \"memcpy_gbs\": %.2f, \"ratio\": %.3f},\n", oursBw,
                memcpyBw, oursBw / memcpyBw);

    // And the product's own entry point, as `idleforgectl bench --quick --device cpu` runs it.
    BenchConfig cfg;
    cfg.device = "cpu";
    cfg.threads = threads;
    const BenchReport report = runBenchmarks(cfg, {}, never);
    std::printf("  \"run_benchmarks_quick\": [");
    for (std::size_t i = 0; i < report.results.size(); ++i) {
        const BenchFigure &f = report.results[i];
        std::printf("%s{\"kind\": \"%s\", \"value\": %.2f, \"unit\": \"%s\", \"peak\": %.2f, \"efficiency\": %.3f, \"size\": %d}",
                    i ? ", " : "", f.kind.c_str(), f.value, f.unit.c_str(), f.peak, f.efficiency, f.size);
    }
    std::printf("],\n  \"run_benchmarks_duration_s\": %.2f\n}\n", report.durationSeconds);
    return 0;
}
