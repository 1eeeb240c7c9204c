#include "compute/vulkan/VulkanBench.h"

#include "compute/vulkan/Shaders.h"
#include "compute/vulkan/VulkanContext.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace idleforge::compute::vulkan {

double copyBandwidthGBs(Context &context, std::size_t bytes, int trials, std::string *error)
{
    bytes = std::max<std::size_t>(bytes / 16 * 16, 16);
    if (context.facts().maxAllocationBytes > 0)
        bytes = std::min<std::size_t>(bytes, context.facts().maxAllocationBytes / 16 * 16);
    const shaders::Spirv spirv = shaders::copy();
    auto src = context.deviceBuffer(bytes, error);
    auto dst = src ? context.deviceBuffer(bytes, error) : nullptr;
    auto kernel = dst ? context.kernel(spirv.words, spirv.count, 2, sizeof(std::uint32_t), {}, error) : nullptr;
    if (!kernel)
        return 0;
    const std::uint32_t count = std::uint32_t(std::min<std::size_t>(bytes / 16, 0xffffffffu));
    // Enough workgroups to fill any GPU; the grid-stride loop covers the rest.
    const std::uint32_t groups = std::min<std::uint32_t>(65535, std::max<std::uint32_t>(1, count / 256));
    if (!context.run(*kernel, {src.get(), dst.get()}, &count, groups, 1, 1, error))
        return 0;
    std::vector<double> seconds;
    for (int t = 0; t < trials; ++t) {
        const auto start = std::chrono::steady_clock::now();
        if (!context.run(*kernel, {src.get(), dst.get()}, &count, groups, 1, 1, error))
            return 0;
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    return median > 0 ? 2.0 * double(count) * 16.0 / median / 1e9 : 0;
}

} // namespace idleforge::compute::vulkan
