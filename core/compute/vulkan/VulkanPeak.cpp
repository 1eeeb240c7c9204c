#include "compute/vulkan/VulkanPeak.h"

#include <array>
#include <string_view>

namespace idleforge::compute::vulkan {

namespace {

struct Entry {
    std::string_view model;
    double shaders, boostMhz, flopsPerClock; // per shader: 2 (one FMA), 4 on RDNA 3 (dual issue)
    double bandwidthGBs;
};

constexpr std::array<Entry, 26> kTable{{
    {"RTX 4090", 16384, 2520, 2, 1008},   {"RTX 4080 SUPER", 10240, 2550, 2, 736},
    {"RTX 4080", 9728, 2505, 2, 716.8},   {"RTX 4070 Ti", 7680, 2610, 2, 504},
    {"RTX 4070", 5888, 2475, 2, 504},     {"RTX 4060 Ti", 4352, 2535, 2, 288},
    {"RTX 4060", 3072, 2460, 2, 272},     {"RTX 3090 Ti", 10752, 1860, 2, 1008},
    {"RTX 3090", 10496, 1695, 2, 936},    {"RTX 3080 Ti", 10240, 1665, 2, 912},
    {"RTX 3080", 8704, 1710, 2, 760},     {"RTX 3070", 5888, 1725, 2, 448},
    {"RTX 3060 Ti", 4864, 1665, 2, 448},  {"RTX 3060", 3584, 1777, 2, 360},
    {"RTX 2080 Ti", 4352, 1545, 2, 616},  {"RTX 2070", 2304, 1620, 2, 448},
    {"GTX 1080 Ti", 3584, 1582, 2, 484},  {"GTX 1660", 1408, 1785, 2, 192},
    {"RX 7900 XTX", 6144, 2500, 4, 960},  {"RX 7900 XT", 5376, 2400, 4, 800},
    {"RX 6900 XT", 5120, 2250, 2, 512},   {"RX 6800 XT", 4608, 2250, 2, 512},
    {"RX 6700 XT", 2560, 2581, 2, 384},   {"Arc A770", 4096, 2100, 2, 560},
    {"H100", 16896, 1980, 2, 3350},       {"H200", 16896, 1980, 2, 4800},
}};

} // namespace

PeakFigures peakFor(const std::string &deviceName)
{
    const Entry *best = nullptr;
    for (const Entry &e : kTable)
        if (deviceName.find(e.model) != std::string::npos && (!best || e.model.size() > best->model.size()))
            best = &e;
    if (!best)
        return {};
    return {best->shaders * best->boostMhz * best->flopsPerClock / 1000.0, best->bandwidthGBs, std::string(best->model)};
}

} // namespace idleforge::compute::vulkan
