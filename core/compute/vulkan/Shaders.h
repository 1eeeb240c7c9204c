#pragma once
// Internal: the SPIR-V of shaders/*.comp, compiled by glslc at build time (CMakeLists.txt).
// *_fma64 are the same shaders built with -DIDLEFORGE_FMA64 (the binary64 fma emulation).

#include <cstddef>
#include <cstdint>

namespace idleforge::compute::vulkan::shaders {

struct Spirv {
    const std::uint32_t *words;
    std::size_t count;
};

Spirv probe();
Spirv probeFma64();
Spirv gemm();
Spirv gemmFma64();
Spirv copy();
// The benchmark's fp16 GEMM (not a repro kernel; devices with shaderFloat16).
Spirv gemmFp16();
// The test kernel of exact.glsl / math.glsl (TestVulkanMath): ops by push constant.
Spirv mathTest();
Spirv mathTestFma64();
Spirv elementwise();
Spirv elementwiseFma64();
Spirv layerNorm();
Spirv layerNormFma64();
Spirv attention();
Spirv attentionFma64();
Spirv crossEntropy();
Spirv crossEntropyFma64();

} // namespace idleforge::compute::vulkan::shaders
