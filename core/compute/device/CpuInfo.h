#pragma once
// Facts about the host CPU and memory, read without any benchmark: model, cores, threads,
// ISA features, clock and memory. Plain C++ (no Qt), so the worker can report them from any box.
#include <cstdint>
#include <string>
#include <vector>

namespace idleforge::compute {

struct CpuInfo {
    std::string vendor;
    std::string model;
    std::string arch;              // "x86_64", "aarch64", ...
    int family = 0;                // x86 "cpu family" (display family), 0 when unknown
    int modelId = 0;               // x86 "model" number (display model), 0 when unknown
    bool virtualized = false;      // a hypervisor is present: family/model may be masked
    int physicalCores = 0;
    int logicalThreads = 0;
    double baseMhz = 0;            // nominal clock when known (model string or cpuinfo)
    double maxMhz = 0;             // max boost clock when the OS tells (cpufreq), else = baseMhz
    std::vector<std::string> features; // "sse4.2", "avx2", "fma", "avx512f", "neon", ...
    std::uint64_t memoryBytes = 0;
    std::uint64_t availableMemoryBytes = 0;

    bool has(const std::string &feature) const;
    // fp32 lanes one FMA unit retires per cycle: the SIMD width of the *datapath*, not of the
    // registers (16 for AVX-512F on full-width cores, 8 for AVX2+FMA, 4 for NEON/SSE and for
    // cores that split 256-bit ops in two, 1 otherwise), and FMA units per core (2 on x86 cores
    // since Haswell/Zen, 2 NEON pipes on common ARM cores).
    int fp32Lanes() const;
    int fmaUnitsPerCore() const;
};

// Parses the text of /proc/cpuinfo (x86 or ARM layout) into model, vendor, family/model,
// thread and physical core counts, the reported clock and ARM features. Pure; for tests.
CpuInfo parseCpuinfo(const std::string &text);

// Reads /proc/cpuinfo, /proc/meminfo, sysfs and cpuid. Never throws; unknown facts stay 0/empty.
CpuInfo detectCpu();

} // namespace idleforge::compute
