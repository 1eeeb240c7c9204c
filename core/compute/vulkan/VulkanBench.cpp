#include "compute/vulkan/VulkanBench.h"

#include "compute/vulkan/Shaders.h"
#include "compute/vulkan/VulkanContext.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace idleforge::compute::vulkan {

namespace {

// Median seconds of `trials` dispatches (after the caller's warm-up); empty when one fails.
template <class Run>
std::vector<double> timed(int trials, Run run)
{
    std::vector<double> seconds;
    for (int t = 0; t < trials; ++t) {
        const auto start = std::chrono::steady_clock::now();
        if (!run())
            return {};
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds;
}

// The fp16 bits of the five test values -1, -1/2, 0, 1/2, 1.
constexpr std::uint16_t kHalf[5] = {0xbc00, 0xb800, 0x0000, 0x3800, 0x3c00};
constexpr float kValue[5] = {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f};

// Fills A (pairs along k) and B (pairs along columns) on the device and their values on the host.
void fillFp16(std::uint32_t *packedA, std::uint32_t *packedB, std::vector<float> &a, std::vector<float> &b, std::size_t n)
{
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> pick(0, 4);
    std::vector<std::uint16_t> ha(n * n), hb(n * n);
    for (std::size_t i = 0; i < n * n; ++i) {
        const int x = pick(rng), y = pick(rng);
        ha[i] = kHalf[x], a[i] = kValue[x];
        hb[i] = kHalf[y], b[i] = kValue[y];
    }
    // Row-major A [i, k] and B [k, j]: consecutive halves pair up along k for A and along j for B.
    for (std::size_t i = 0; i < n * n / 2; ++i) {
        packedA[i] = std::uint32_t(ha[2 * i]) | std::uint32_t(ha[2 * i + 1]) << 16;
        packedB[i] = std::uint32_t(hb[2 * i]) | std::uint32_t(hb[2 * i + 1]) << 16;
    }
}

} // namespace

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
    const std::vector<double> seconds =
        timed(std::max(trials, 1), [&] { return context.run(*kernel, {src.get(), dst.get()}, &count, groups, 1, 1, error); });
    if (seconds.empty())
        return 0;
    const double median = seconds[seconds.size() / 2];
    return median > 0 ? 2.0 * double(count) * 16.0 / median / 1e9 : 0;
}

double gemmFp16Gflops(Context &context, std::size_t n, int trials, std::string *error)
{
    if (!context.fp16()) {
        if (error)
            *error = context.facts().name + " has no shaderFloat16";
        return 0;
    }
    n = std::max<std::size_t>(32, (n + 31) / 32 * 32);
    const shaders::Spirv spirv = shaders::gemmFp16();
    auto bufA = context.buffer(n * n * 2, error);
    auto bufB = bufA ? context.buffer(n * n * 2, error) : nullptr;
    auto bufC = bufB ? context.buffer(n * n * 4, error) : nullptr;
    auto kernel = bufC ? context.kernel(spirv.words, spirv.count, 3, sizeof(std::uint32_t), {}, error) : nullptr;
    if (!kernel)
        return 0;
    std::vector<float> a(n * n), b(n * n);
    fillFp16(static_cast<std::uint32_t *>(bufA->data()), static_cast<std::uint32_t *>(bufB->data()), a, b, n);
    const std::uint32_t size = std::uint32_t(n);
    const auto run = [&] { return context.run(*kernel, {bufA.get(), bufB.get(), bufC.get()}, &size, size / 32, size / 16, 1, error); };
    if (!run())
        return 0;
    const float *c = static_cast<const float *>(bufC->data());
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            float want = 0; // exact: every partial sum is a multiple of 1/4 of magnitude <= n
            for (std::size_t k = 0; k < n; ++k)
                want += a[i * n + k] * b[k * n + j];
            if (std::memcmp(&want, &c[i * n + j], 4) != 0 && !(want == 0 && c[i * n + j] == 0)) {
                if (error)
                    *error = "the fp16 GEMM gave a wrong result at (" + std::to_string(i) + ", " + std::to_string(j) + ")";
                return 0;
            }
        }
    const std::vector<double> seconds = timed(std::max(trials, 1), run);
    if (seconds.empty())
        return 0;
    const double median = seconds[seconds.size() / 2];
    return median > 0 ? 2.0 * double(n) * double(n) * double(n) / median / 1e9 : 0;
}

} // namespace idleforge::compute::vulkan
