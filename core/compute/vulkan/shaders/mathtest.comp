#version 450
#extension GL_GOOGLE_include_directive : require
// Test kernel for exact.glsl and math.glsl (tests/unit/compute/vulkan/TestVulkanMath.cpp):
// r[i] = op(a[i], b[i]) for i in [base, base + n), inputs and results as raw bits (no float load
// or store that could touch a NaN or a subnormal). Ops 0-5 are the repro contract's; 6-11 are
// GLSL's own built-ins, which the contract must not use (the test shows how they differ).
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer A { uint a[]; };
layout(std430, binding = 1) readonly buffer B { uint b[]; };
layout(std430, binding = 2) writeonly buffer R { uint r[]; };
layout(push_constant) uniform Params {
    uint op, base, n;
} p;

#include "math.glsl"

void main()
{
    const uint i = p.base + gl_GlobalInvocationID.x;
    if (gl_GlobalInvocationID.x >= p.n)
        return;
    const float x = uintBitsToFloat(a[i]);
    const float y = uintBitsToFloat(b[i]);
    precise float v = 0.0;
    switch (p.op) {
    case 0u: v = divExact(x, y); break;
    case 1u: v = reproSqrt(x); break;
    case 2u: v = reproExp(x); break;
    case 3u: v = reproLog(x); break;
    case 4u: v = reproTanh(x); break;
    case 5u: v = reproRsqrt(x); break;
    case 6u: v = x / y; break;
    case 7u: v = sqrt(x); break;
    case 8u: v = exp(x); break;
    case 9u: v = log(x); break;
    case 10u: v = tanh(x); break;
    default: v = inversesqrt(x); break;
    }
    r[i] = floatBitsToUint(v);
}
