#pragma once
// The kernel-level self-check a Vulkan device passes before it trains (issue 16). The probe
// (VulkanProbe.h) asks the driver about fp32 arithmetic in one small kernel; but Vulkan does not
// bind a driver to compile GLSL fma() the same way in every kernel (it may fuse one and not
// another: fma's precision is only "inherited from OpFMul then OpFAdd", and glslang puts no
// NoContraction on it), nor does the probe run the kernels' own code paths. So each repro kernel
// runs once on small fixed inputs, through the op functions of repro/Ops.h with the device
// installed and without it, and must give the CPU's bits: the linear layer (every GEMM mode and
// the bias gradient), GELU, LayerNorm, attention and cross-entropy forward and backward, the
// embeddings, the adds, ReLU, SGD and AdamW. A few milliseconds on a GPU; ~0.1 s on lavapipe.

#include <string>

namespace idleforge::compute::vulkan {

class Elementwise;
class Gemm;

// True when every kernel gives the CPU's bits; false with `error` naming the first op and
// element that differ (or the device's failure). The process-wide devices of repro::gemm() and
// the element-wise ops are set only while it runs and restored after.
bool selfCheck(Gemm &gemm, Elementwise &ops, std::string *error);

} // namespace idleforge::compute::vulkan
