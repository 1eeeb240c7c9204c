#include "compute/vulkan/VulkanProbe.h"

#include "compute/vulkan/Shaders.h"
#include "compute/vulkan/VulkanContext.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace idleforge::compute::vulkan {

namespace {

constexpr int kInputs = 15;
constexpr int kOutputs = 13;

std::uint32_t bits(float f) { return std::bit_cast<std::uint32_t>(f); }

std::vector<float> inputs()
{
    std::vector<float> x(kInputs, 0.0f);
    x[0] = 1.0f + std::ldexp(1.0f, -12);
    x[1] = -1.0f;
    x[2] = std::ldexp(1.0f, -140); // subnormal
    x[3] = 1.0f;
    x[4] = std::ldexp(1.0f, -126); // the smallest normal
    x[5] = 0.5f;
    x[6] = 1.0f + std::ldexp(1.0f, -23);
    x[7] = std::ldexp(1.0f, -24);
    x[8] = 0.75f * std::ldexp(1.0f, -23);
    x[9] = -0.0f;
    x[10] = 0.0f;
    x[11] = 3.0e38f;
    x[12] = std::ldexp(1.0f, -70);
    x[13] = std::ldexp(1.0f, -24);
    x[14] = std::ldexp(1.0f, -50);
    return x;
}

} // namespace

bool runProbe(Context &context, ProbeResult &out, std::string *error)
{
    out = ProbeResult{};
    const bool fp64 = context.facts().fp64;
    const shaders::Spirv spirv = fp64 ? shaders::probeFma64() : shaders::probe();
    auto in = context.buffer(kInputs * sizeof(float), error);
    auto res = in ? context.buffer(kOutputs * sizeof(std::uint32_t), error) : nullptr;
    auto kernel = res ? context.kernel(spirv.words, spirv.count, 2, 0, {}, error) : nullptr;
    if (!kernel)
        return false;
    const std::vector<float> x = inputs();
    std::memcpy(in->data(), x.data(), x.size() * sizeof(float));
    if (!context.run(*kernel, {in.get(), res.get()}, nullptr, 1, 1, 1, error))
        return false;
    std::uint32_t r[kOutputs];
    std::memcpy(r, res->data(), sizeof r);

    const float fused = std::ldexp(1.0f, -11) + std::ldexp(1.0f, -24);
    const float fusedSub = std::ldexp(1.0f, -139);
    const auto add = [&](const char *name, std::uint32_t got, std::uint32_t want) {
        out.checks.push_back({name, got == want, got, want});
        return got == want;
    };
    out.fmaFused = add("fma_fused", r[0], bits(fused));
    bool fmaSub = add("fma_subnormal_addend", r[9], bits(fusedSub));
    out.fmaFused = out.fmaFused && fmaSub;
    const bool denIn = add("denormal_input", r[1], bits(x[2]));
    const bool denOut = add("denormal_result", r[2], bits(std::ldexp(1.0f, -127)));
    out.denormalsPreserved = denIn && denOut;
    const bool tie = add("round_tie_to_even", r[3], bits(1.0f + std::ldexp(1.0f, -22)));
    const bool nearest = add("round_to_nearest", r[4], bits(1.0f + std::ldexp(1.0f, -23)));
    out.roundsToNearestEven = tie && nearest;
    const bool negZeroAdd = add("negative_zero_sum", r[5], 0x80000000u);
    const bool negZeroMul = add("negative_zero_product", r[6], 0x80000000u);
    const bool nan = add("nan", r[7], 1u);
    const bool inf = add("overflow_to_inf", r[8], 0x7f800000u);
    out.signedZeroAndSpecials = negZeroAdd && negZeroMul && nan && inf;
    if (fp64) {
        const bool e0 = add("fma64_emulation", r[10], bits(fused));
        const bool e1 = add("fma64_emulation_subnormal", r[11], bits(fusedSub));
        const bool conv = add("f64_to_f32_nearest", r[12], bits(1.0f + std::ldexp(1.0f, -23)));
        out.fma64Exact = e0 && e1 && conv;
    }
    const bool base = out.denormalsPreserved && out.roundsToNearestEven && out.signedZeroAndSpecials;
    out.fmaMode = !base ? "none" : out.fmaFused ? "native" : out.fma64Exact ? "fma64" : "none";
    out.floatControlsDeclared = context.floatControls().names();
    return true;
}

} // namespace idleforge::compute::vulkan
