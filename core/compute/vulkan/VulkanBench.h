#pragma once
// Vulkan benchmark figures besides the repro GEMM (VulkanGemm.h): memory bandwidth, a copy of
// `bytes` between two device-local buffers (VRAM on a discrete GPU), bytes read + written per
// second, the median of `trials` timed dispatches after one warm-up.

#include <cstddef>
#include <string>

namespace idleforge::compute::vulkan {

class Context;

// GB/s (1e9 bytes), 0 with `error` set when it could not run.
double copyBandwidthGBs(Context &context, std::size_t bytes, int trials, std::string *error);

// The fp16 GEMM (shaders/gemm_fp16.comp: n x n x n, fp16 in and accumulated) in GFLOP/s, the
// median of `trials` after one warm-up; `n` is rounded up to a multiple of 32. The inputs are
// drawn from {-1, -1/2, 0, 1/2, 1}, so every partial sum is exact in fp16 (at most 11 significant
// bits) and the result is checked bit for bit against the host's. 0 with `error` set where the
// device has no shaderFloat16 (Context::fp16()), or a result is wrong, or it could not run.
double gemmFp16Gflops(Context &context, std::size_t n, int trials, std::string *error);

} // namespace idleforge::compute::vulkan
