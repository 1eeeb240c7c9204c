#pragma once
// Peaks of Vulkan devices, the denominators of their "efficiency" figures: Vulkan reports neither
// clocks nor shader counts, so they come from a table of consumer and data-centre GPUs (vendors'
// specification sheets: shaders x boost clock x 2 flops, AMD RDNA 3 with its dual issue as AMD
// quotes it; memory bandwidth as quoted). Upper bounds: boost clocks are not sustained. A device
// not in the table gets 0 (unknown), and the worker reports no efficiency for it.

#include <string>

namespace idleforge::compute::vulkan {

struct PeakFigures {
    double fp32Gflops = 0;
    double bandwidthGBs = 0;
    std::string model; // the table's entry that matched, empty when none
};

// By the device's name (as the driver reports it, e.g. "NVIDIA GeForce RTX 4090"): the longest
// table entry contained in it, so "RTX 4080 SUPER" is not taken for "RTX 4080".
PeakFigures peakFor(const std::string &deviceName);

} // namespace idleforge::compute::vulkan
