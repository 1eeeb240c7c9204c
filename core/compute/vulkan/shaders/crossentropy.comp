#version 450
#extension GL_GOOGLE_include_directive : require
// Cross-entropy over softmax(logits) on a Vulkan device, core/compute/repro/OpsLoss.cpp and
// OpsCommon.h's softmaxRow step by step: running max from x[0] (a bit-level comparison equal to
// the CPU's `>`), exp(x - m) (math.glsl), ReduceImpl.h's eight-lane sum, exact division and the
// repro log; every float operation `precise`, buffers as raw bits. The mean over the rows stays
// with the caller (repro::mean, on the CPU: N values).
//   op 0 forward, one invocation per row n:   b0 probs [N, V], b1 losses [N]; b2 logits, b3 targets
//   op 1 backward, one per element (n, v):    b0 dLogits += (probs - onehot) * scale; b2 probs, b3 targets
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer B0 { uint b0[]; };
layout(std430, binding = 1) buffer B1 { uint b1[]; };
layout(std430, binding = 2) readonly buffer B2 { uint b2[]; };
layout(std430, binding = 3) readonly buffer B3 { uint b3[]; };
layout(push_constant) uniform Params {
    uint op, N, V, scale; // scale (op 1) as bits: dLoss / float(N), the CPU's
} p;

#include "math.glsl"
#include "reduce.glsl"

#define F(u) uintBitsToFloat(u)

void forwardRow(uint n)
{
    const uint V = p.V, base = n * V;
    float m = F(b2[base]);
    for (uint i = 1u; i < V; ++i)
        m = greater(F(b2[base + i]), m) ? F(b2[base + i]) : m;
    float lane[8] = float[8](0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (uint i = 0u; i < V; ++i) {
        precise float shifted = F(b2[base + i]) - m;
        const float e = reproExp(shifted);
        b0[base + i] = floatBitsToUint(e);
        precise float acc = lane[i & 7u] + e;
        lane[i & 7u] = acc;
    }
    const float s = laneTree(lane);
    for (uint i = 0u; i < V; ++i)
        b0[base + i] = floatBitsToUint(divExact(F(b0[base + i]), s));
    precise float lse = m + reproLog(s);
    precise float loss = lse - F(b2[base + b3[n]]);
    b1[n] = floatBitsToUint(loss);
}

void backwardElement(uint i)
{
    const uint n = i / p.V, v = i % p.V;
    precise float onehot = v == b3[n] ? 1.0 : 0.0;
    precise float diff = F(b2[i]) - onehot;
    precise float term = diff * F(p.scale);
    precise float d = F(b0[i]) + term;
    b0[i] = floatBitsToUint(d);
}

void main()
{
    const uint id = gl_GlobalInvocationID.x;
    if (p.op == 0u) {
        if (id < p.N)
            forwardRow(id);
    } else if (id < p.N * p.V) {
        backwardElement(id);
    }
}
