#pragma once
// Hardware benchmarks on libtorch: GEMM throughput per device and precision, device memory
// bandwidth, host-to-device bandwidth. Cancellable, with progress. Plain C++; the worker turns
// the report into JSON.
#include "compute/torch/TorchDevices.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace idleforge::compute {

enum class BenchTier { Quick, Thorough };

struct BenchConfig {
    BenchTier tier = BenchTier::Quick;
    std::string device = "all";  // "all", "cpu", "cuda:0", ...
    int threads = 0;             // CPU threads for torch; 0 = physical cores
    double timeScale = 1.0;      // < 1 shortens every trial budget (tests)
};

struct BenchFigure {
    std::string device;
    std::string kind;            // "gemm_fp32", "gemm_bf16", "mem_bandwidth", "h2d_bandwidth"
    double value = 0;
    std::string unit;            // "GFLOP/s", "GB/s"
    double peak = 0;             // 0 when unknown
    double efficiency = 0;       // value / peak, 0 when peak unknown
    double spread = 0;           // (p90 - p10) / median of trial times
    int trials = 0;
    int size = 0;                // matrix side or MiB moved
};

struct BenchReport {
    std::vector<DeviceFacts> devices;
    std::vector<BenchFigure> results;
    double durationSeconds = 0;
    bool cancelled = false;
};

using BenchProgress = std::function<void(double fraction, const std::string &message)>;

BenchReport runBenchmarks(const BenchConfig &config, const BenchProgress &progress,
                          const std::atomic<bool> &cancel);

} // namespace idleforge::compute
