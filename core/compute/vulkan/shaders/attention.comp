#version 450
#extension GL_GOOGLE_include_directive : require
// Causal self-attention on a Vulkan device, core/compute/repro/OpsAttention.cpp step by step: the
// GEMMs there (gemmSerial per (batch, head)) become one fma chain per output in the same k order
// from the same initial value, the causal softmax row the same sequence (scale, running max,
// exp(x - m), ReduceImpl.h's eight-lane sum, exact division), every float operation `precise`,
// buffers as raw bits. qkv [B, T, 3C] (q, k, v of head h at columns h*hs, C + h*hs, 2C + h*hs),
// out and dOut [B, T, C], att and dS [B*NH, T, T].
//   op 0 forward, one invocation per (bh, t):  b1 att row t, b0 out row t of head h
//   op 1 backward rows, per (bh, t):           b4 dS row t (from dAtt = dOut v^T and att)
//   op 2 backward grads, per (bh, r, j):       b0 dqkv: dq[r,j], dk[r,j], dv[r,j] accumulated
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer B0 { uint b0[]; };
layout(std430, binding = 1) buffer B1 { uint b1[]; };
layout(std430, binding = 2) readonly buffer B2 { uint b2[]; };
layout(std430, binding = 3) readonly buffer B3 { uint b3[]; };
layout(std430, binding = 4) buffer B4 { uint b4[]; };
layout(push_constant) uniform Params {
    uint op, B, T, C, NH, hs, scale; // scale as bits: 1 / sqrt(float(hs)), the CPU's
} p;

#include "math.glsl"
#include "reduce.glsl"

#define F(u) uintBitsToFloat(u)

uint qAt(uint b, uint t, uint h, uint k) { return (b * p.T + t) * 3u * p.C + h * p.hs + k; }

// One (bh, t): att[t, :] = causal softmax((q_t . k_s) * scale); out[t, :] = att[t, :] v.
void forwardRow(uint bh, uint t)
{
    const uint b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C;
    const uint row = (bh * T + t) * T;
    const float scale = F(p.scale);
    for (uint s = 0u; s <= t; ++s) {
        precise float c = 0.0;
        for (uint k = 0u; k < p.hs; ++k)
            c = FMA(F(b2[qAt(b, t, h, k)]), F(b2[qAt(b, s, h, k) + C]), c);
        precise float scaled = c * scale;
        b1[row + s] = floatBitsToUint(scaled);
    }
    float m = F(b1[row]);
    for (uint s = 1u; s <= t; ++s)
        m = greater(F(b1[row + s]), m) ? F(b1[row + s]) : m;
    float lane[8] = float[8](0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (uint s = 0u; s <= t; ++s) {
        precise float shifted = F(b1[row + s]) - m;
        const float e = reproExp(shifted);
        b1[row + s] = floatBitsToUint(e);
        precise float acc = lane[s & 7u] + e;
        lane[s & 7u] = acc;
    }
    const float total = laneTree(lane);
    for (uint s = 0u; s <= t; ++s)
        b1[row + s] = floatBitsToUint(divExact(F(b1[row + s]), total));
    for (uint s = t + 1u; s < T; ++s)
        b1[row + s] = 0u; // +0
    for (uint j = 0u; j < p.hs; ++j) { // the att v GEMM runs over all T: masked terms are fma(+0, v, c)
        precise float c = 0.0;
        for (uint s = 0u; s < T; ++s)
            c = FMA(F(b1[row + s]), F(b2[qAt(b, s, h, j) + 2u * C]), c);
        b0[(b * T + t) * C + h * p.hs + j] = floatBitsToUint(c);
    }
}

// One (bh, t): dAtt[t, s] = dOut_t . v_s; dS[t, s] = (att (dAtt - sum_{s'<=t} dAtt att)) * scale.
void backwardRow(uint bh, uint t)
{
    const uint b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C;
    const uint row = (bh * T + t) * T;
    float lane[8] = float[8](0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (uint s = 0u; s <= t; ++s) {
        precise float c = 0.0;
        for (uint k = 0u; k < p.hs; ++k)
            c = FMA(F(b3[(b * T + t) * C + h * p.hs + k]), F(b2[qAt(b, s, h, k) + 2u * C]), c);
        b4[row + s] = floatBitsToUint(c); // dAtt for now
        precise float prod = c * F(b1[row + s]);
        precise float acc = lane[s & 7u] + prod;
        lane[s & 7u] = acc;
    }
    const float dot = laneTree(lane);
    for (uint s = 0u; s <= t; ++s) {
        precise float diff = F(b4[row + s]) - dot;
        precise float prod = F(b1[row + s]) * diff;
        precise float ds = prod * F(p.scale);
        b4[row + s] = floatBitsToUint(ds);
    }
    for (uint s = t + 1u; s < T; ++s)
        b4[row + s] = 0u;
}

// One (bh, r, j): dq[r,j] += chain_s dS[r,s] k[s,j]; dk[r,j] += chain_t dS[t,r] q[t,j];
// dv[r,j] += chain_t att[t,r] dOut[t,j], every chain over the whole T in order, as the GEMMs.
void backwardGrads(uint bh, uint r, uint j)
{
    const uint b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C;
    const uint base = bh * T * T;
    const uint at = qAt(b, r, h, j);
    precise float dv = F(b0[at + 2u * C]);
    for (uint t = 0u; t < T; ++t)
        dv = FMA(F(b1[base + t * T + r]), F(b3[(b * T + t) * C + h * p.hs + j]), dv);
    precise float dq = F(b0[at]);
    for (uint s = 0u; s < T; ++s)
        dq = FMA(F(b4[base + r * T + s]), F(b2[qAt(b, s, h, j) + C]), dq);
    precise float dk = F(b0[at + C]);
    for (uint t = 0u; t < T; ++t)
        dk = FMA(F(b4[base + t * T + r]), F(b2[qAt(b, t, h, j)]), dk);
    b0[at] = floatBitsToUint(dq);
    b0[at + C] = floatBitsToUint(dk);
    b0[at + 2u * C] = floatBitsToUint(dv);
}

void main()
{
    const uint id = gl_GlobalInvocationID.x;
    const uint heads = p.B * p.NH;
    if (p.op == 2u) {
        if (id >= heads * p.T * p.hs)
            return;
        backwardGrads(id / (p.T * p.hs), (id / p.hs) % p.T, id % p.hs);
        return;
    }
    if (id >= heads * p.T)
        return;
    if (p.op == 0u)
        forwardRow(id / p.T, id % p.T);
    else
        backwardRow(id / p.T, id % p.T);
}
