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

} // namespace idleforge::compute::vulkan
