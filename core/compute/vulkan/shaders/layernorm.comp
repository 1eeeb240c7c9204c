#version 450
#extension GL_GOOGLE_include_directive : require
// LayerNorm on a Vulkan device, core/compute/repro/ElementKernelsImpl.h and OpsNorm.cpp step by
// step: the row sums are ReduceImpl.h's fixed order (eight lanes, lane[j] = ((0 + x[j]) + x[j+8])
// + ..., then ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))), divisions and the square root
// exact (exact.glsl), every float operation `precise`, buffers as raw bits. One invocation per row
// (ops 0, 1) or per column (op 2), which runs it in the CPU's order.
//   op 0 forward rows:   b0 out [N,C], b1 mean [N], b2 rstd [N]; b3 x, b4 weight, b5 bias
//   op 1 backward rows:  b0 dx [N,C] (accumulated); b1 dOut, b3 x, b4 weight, b2 mean, b5 rstd
//   op 2 parameter grads (columns, n in order): b0 dweight [C], b1 dbias [C] (flags say which);
//                        b2 dOut, b3 x, b4 mean, b5 rstd
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer B0 { uint b0[]; };
layout(std430, binding = 1) buffer B1 { uint b1[]; };
layout(std430, binding = 2) buffer B2 { uint b2[]; };
layout(std430, binding = 3) readonly buffer B3 { uint b3[]; };
layout(std430, binding = 4) readonly buffer B4 { uint b4[]; };
layout(std430, binding = 5) readonly buffer B5 { uint b5[]; };
layout(push_constant) uniform Params {
    uint op, rows, C, eps, flags; // eps as bits; flags (op 2): 1 dweight, 2 dbias
} p;

#include "math.glsl"
#include "reduce.glsl"

#define F(u) uintBitsToFloat(u)

void forwardRow(uint n)
{
    const uint C = p.C, base = n * C;
    const float fc = float(C); // exact: C < 2^24
    float lane[8] = float[8](0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (uint i = 0u; i < C; ++i) {
        precise float s = lane[i & 7u] + F(b3[base + i]);
        lane[i & 7u] = s;
    }
    const float m = divExact(laneTree(lane), fc);
    for (uint j = 0u; j < 8u; ++j)
        lane[j] = 0.0;
    for (uint i = 0u; i < C; ++i) {
        precise float xm = F(b3[base + i]) - m;
        b0[base + i] = floatBitsToUint(xm);
        precise float sq = xm * xm;
        precise float s = lane[i & 7u] + sq;
        lane[i & 7u] = s;
    }
    const float var = divExact(laneTree(lane), fc);
    precise float ve = var + F(p.eps);
    const float rs = divExact(1.0, sqrtExact(ve));
    for (uint i = 0u; i < C; ++i) {
        precise float scaled = F(b0[base + i]) * rs;
        precise float weighted = scaled * F(b4[i]);
        precise float o = weighted + F(b5[i]);
        b0[base + i] = floatBitsToUint(o);
    }
    b1[n] = floatBitsToUint(m);
    b2[n] = floatBitsToUint(rs);
}

// norm = (x - mean) * rstd; dnorm = weight * dOut; recomputed where used (the same values).
float normAt(uint base, uint i, float m, float rs)
{
    precise float xm = F(b3[base + i]) - m;
    precise float nv = xm * rs;
    return nv;
}

void backwardRow(uint n)
{
    const uint C = p.C, base = n * C;
    const float fc = float(C);
    const float m = F(b2[n]), rs = F(b5[n]);
    float l1[8] = float[8](0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    float l2[8] = float[8](0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (uint i = 0u; i < C; ++i) {
        precise float dn = F(b4[i]) * F(b1[base + i]);
        precise float s1 = l1[i & 7u] + dn;
        l1[i & 7u] = s1;
        precise float prod = dn * normAt(base, i, m, rs);
        precise float s2 = l2[i & 7u] + prod;
        l2[i & 7u] = s2;
    }
    const float dnormMean = divExact(laneTree(l1), fc);
    const float dnormNormMean = divExact(laneTree(l2), fc);
    for (uint i = 0u; i < C; ++i) {
        precise float dn = F(b4[i]) * F(b1[base + i]);
        precise float centred = dn - dnormMean;
        precise float proj = normAt(base, i, m, rs) * dnormNormMean;
        precise float diff = centred - proj;
        precise float term = diff * rs;
        precise float d = F(b0[base + i]) + term;
        b0[base + i] = floatBitsToUint(d);
    }
}

void parameterGradsColumn(uint i)
{
    const uint C = p.C;
    precise float dw = F(b0[i]);
    precise float db = F(b1[i]);
    for (uint n = 0u; n < p.rows; ++n) {
        const float g = F(b2[n * C + i]);
        precise float xm = F(b3[n * C + i]) - F(b4[n]);
        precise float nv = xm * F(b5[n]);
        precise float t = nv * g;
        dw = dw + t;
        db = db + g;
    }
    if ((p.flags & 1u) != 0u)
        b0[i] = floatBitsToUint(dw);
    if ((p.flags & 2u) != 0u)
        b1[i] = floatBitsToUint(db);
}

void main()
{
    const uint id = gl_GlobalInvocationID.x;
    if (p.op == 2u) {
        if (id < p.C)
            parameterGradsColumn(id);
    } else if (id < p.rows) {
        if (p.op == 0u)
            forwardRow(id);
        else
            backwardRow(id);
    }
}
