#include "compute/vulkan/Shaders.h"

namespace idleforge::compute::vulkan::shaders {

namespace {
const std::uint32_t kProbe[] = {
#include "shaders/probe.spv.inc"
};
const std::uint32_t kProbeFma64[] = {
#include "shaders/probe_fma64.spv.inc"
};
const std::uint32_t kGemm[] = {
#include "shaders/gemm.spv.inc"
};
const std::uint32_t kGemmFma64[] = {
#include "shaders/gemm_fma64.spv.inc"
};
const std::uint32_t kGemmFp16[] = {
#include "shaders/gemm_fp16.spv.inc"
};
const std::uint32_t kCopy[] = {
#include "shaders/copy.spv.inc"
};
const std::uint32_t kMathTest[] = {
#include "shaders/mathtest.spv.inc"
};
const std::uint32_t kMathTestFma64[] = {
#include "shaders/mathtest_fma64.spv.inc"
};
const std::uint32_t kElementwise[] = {
#include "shaders/elementwise.spv.inc"
};
const std::uint32_t kElementwiseFma64[] = {
#include "shaders/elementwise_fma64.spv.inc"
};
const std::uint32_t kLayerNorm[] = {
#include "shaders/layernorm.spv.inc"
};
const std::uint32_t kLayerNormFma64[] = {
#include "shaders/layernorm_fma64.spv.inc"
};
const std::uint32_t kAttention[] = {
#include "shaders/attention.spv.inc"
};
const std::uint32_t kAttentionFma64[] = {
#include "shaders/attention_fma64.spv.inc"
};
const std::uint32_t kCrossEntropy[] = {
#include "shaders/crossentropy.spv.inc"
};
const std::uint32_t kCrossEntropyFma64[] = {
#include "shaders/crossentropy_fma64.spv.inc"
};
} // namespace

Spirv gemmFp16() { return {kGemmFp16, sizeof kGemmFp16 / sizeof kGemmFp16[0]}; }
Spirv copy() { return {kCopy, sizeof kCopy / sizeof kCopy[0]}; }
Spirv probe() { return {kProbe, sizeof kProbe / sizeof kProbe[0]}; }
Spirv probeFma64() { return {kProbeFma64, sizeof kProbeFma64 / sizeof kProbeFma64[0]}; }
Spirv gemm() { return {kGemm, sizeof kGemm / sizeof kGemm[0]}; }
Spirv gemmFma64() { return {kGemmFma64, sizeof kGemmFma64 / sizeof kGemmFma64[0]}; }
Spirv mathTest() { return {kMathTest, sizeof kMathTest / sizeof kMathTest[0]}; }
Spirv mathTestFma64() { return {kMathTestFma64, sizeof kMathTestFma64 / sizeof kMathTestFma64[0]}; }
Spirv elementwise() { return {kElementwise, sizeof kElementwise / sizeof kElementwise[0]}; }
Spirv elementwiseFma64() { return {kElementwiseFma64, sizeof kElementwiseFma64 / sizeof kElementwiseFma64[0]}; }
Spirv layerNorm() { return {kLayerNorm, sizeof kLayerNorm / sizeof kLayerNorm[0]}; }
Spirv layerNormFma64() { return {kLayerNormFma64, sizeof kLayerNormFma64 / sizeof kLayerNormFma64[0]}; }
Spirv attention() { return {kAttention, sizeof kAttention / sizeof kAttention[0]}; }
Spirv attentionFma64() { return {kAttentionFma64, sizeof kAttentionFma64 / sizeof kAttentionFma64[0]}; }
Spirv crossEntropy() { return {kCrossEntropy, sizeof kCrossEntropy / sizeof kCrossEntropy[0]}; }
Spirv crossEntropyFma64() { return {kCrossEntropyFma64, sizeof kCrossEntropyFma64 / sizeof kCrossEntropyFma64[0]}; }

} // namespace idleforge::compute::vulkan::shaders
