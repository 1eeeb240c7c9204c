#pragma once
// Theoretical peaks from hardware facts, the denominators of the "efficiency" figures.
#include "compute/device/CpuInfo.h"

#include <string>

namespace idleforge::compute {

// CPU fp32 peak in GFLOP/s: physical cores x fp32 SIMD lanes x FMA units x 2 flops x clock.
// Uses the nominal clock (boost clocks on all cores at once are not sustained). 0 when unknown.
double cpuPeakFp32Gflops(const CpuInfo &cpu);

// CUDA peak in GFLOP/s for a precision ("fp32", "tf32", "fp16", "bf16") from compute capability,
// SM count and clock (MHz): dense flops per clock per SM (NVIDIA architecture whitepapers, no
// sparsity, FMA = 2 flops) x SMs x clock. tf32/fp16/bf16 are tensor-core rates with fp32
// accumulation (what libtorch's GEMM uses); GeForce parts run those at half the rate of the
// data-center/workstation parts of the same architecture, hence `geforce`. With the boost clock
// the figure is an upper bound (NVIDIA quotes Hopper tensor rates at 1830 MHz, fp32 at 1980).
// 0 when unknown or the precision is not supported.
double cudaPeakGflops(int ccMajor, int ccMinor, int smCount, double clockMhz, const std::string &precision,
                      bool geforce = false);

// True for names of consumer (GeForce) parts, e.g. "NVIDIA GeForce RTX 4090".
bool isGeForceName(const std::string &deviceName);

// CUDA peak memory bandwidth in GB/s: bus width (bits) x memory clock (MHz) x 2 (DDR) / 8.
double cudaPeakBandwidthGBs(int busWidthBits, double memClockMhz);

} // namespace idleforge::compute
