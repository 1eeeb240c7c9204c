#pragma once
// Declares the SPV_KHR_float_controls execution modes of the repro contract in a SPIR-V module
// built by glslc (issue 16). GLSL has no syntax for them, so the module is amended when a kernel
// is created, for the device it runs on: a mode is declared only where the device says it honours
// it (VkPhysicalDeviceFloatControlsProperties) and the device extension is enabled, since a mode a
// driver does not support makes the module invalid for it. The probe then runs under the same
// declarations as every repro kernel, so what it measures is what the kernels get.
//
// What is added (SPIR-V 1.3 logical layout, sections kept in order): OpCapability for each mode
// after the module's capabilities, OpExtension "SPV_KHR_float_controls" after its extensions,
// and OpExecutionMode %main <mode> 32 after its execution modes, for every entry point.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace idleforge::compute::vulkan {

struct FloatControls {
    bool denormPreserve = false;            // DenormPreserve 32: subnormals kept (the contract)
    bool roundingRte = false;               // RoundingModeRTE 32: round to nearest even
    bool signedZeroInfNanPreserve = false;  // SignedZeroInfNanPreserve 32: no fast-math on -0/inf/NaN
    bool any() const { return denormPreserve || roundingRte || signedZeroInfNanPreserve; }
    // The declared modes by their SPIR-V names, in this order.
    std::vector<std::string> names() const;
};

// `module` with `modes` declared. Empty, with `error` set, when `module` is not a SPIR-V module
// this function understands (bad magic, a truncated instruction, no entry point). A module that
// already declares a mode, capability or the extension is not given it twice.
std::vector<std::uint32_t> declareFloatControls(std::span<const std::uint32_t> module, const FloatControls &modes,
                                                std::string *error);

} // namespace idleforge::compute::vulkan
