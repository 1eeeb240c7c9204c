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

// A figure measured by code outside this library (e.g. the worker's training step of the
// reference model, which needs the task templates), through the same trials, progress and
// cancellation as the built-in ones. value = workPerTrial / median trial seconds.
struct CustomBenchmark {
    std::string device = "cpu";
    std::string kind;            // "train_step_fast"
    std::string unit;            // "steps/s"
    std::string label;           // progress text
    double workPerTrial = 1;
    int size = 0;                // reported as BenchFigure::size
    // Called once when the figure's turn comes (setup is not timed); returns one trial, which
    // must include its own device synchronisation.
    std::function<std::function<void()>()> prepare;
};

struct BenchConfig {
    BenchTier tier = BenchTier::Quick;
    std::string device = "all";  // "all", "cpu", "cuda:0", ...
    int threads = 0;             // CPU threads for torch; 0 = physical cores
    double timeScale = 1.0;      // < 1 shortens every trial budget (tests)
    std::vector<CustomBenchmark> custom; // run after the built-in figures of their device
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

// One built-in figure ("gemm_<precision>", "mem_bandwidth", "h2d_bandwidth") of one device,
// measured exactly as runBenchmarks does (peak and efficiency filled in), with torch's current
// thread count. For the honesty benchmark (tests/bench/hardware).
BenchFigure measureFigure(const DeviceFacts &device, const std::string &kind, const BenchConfig &config,
                          const std::atomic<bool> &cancel);

} // namespace idleforge::compute
