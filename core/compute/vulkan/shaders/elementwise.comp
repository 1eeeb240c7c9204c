#version 450
#extension GL_GOOGLE_include_directive : require
// The repro element-wise kernels on a Vulkan device, core/compute/repro/ElementKernelsImpl.h
// element for element: the same IEEE binary32 operations in the same order, every one written
// into a `precise` variable (NoContraction), tanh/sqrt/division from math.glsl / exact.glsl, the
// C++ float constants as their bits. Buffers hold raw bits (no float load or store that could
// touch a NaN or a subnormal). One element per invocation, i < n.
//   op 0 gelu forward:  r0 = gelu(r1)
//   op 1 gelu backward: r0 = r0 + local(r2) * r1            (dx, dOut, x)
//   op 2 AdamW:         r0 = param, r1 = m, r2 = v, r3 = grad, scalars in the push constants
//   op 3 add:           r0 = r1 + r2
//   op 4 accumulate:    r0 = r0 + r1
//   op 5 ReLU forward:  r0 = r1 > 0 ? r1 : +0
//   op 6 ReLU backward: r0 = r0 + (r2 > 0 ? r1 : +0)              (dx, dOut, x)
//   op 7 SGD:           r0 = param, r1 = momentum buffer, r3 = grad (flags: 1 decay, 2 momentum)
//   op 8 bias gradient: r0[o] = r0[o] + r1[n, o] for n in order, one invocation per column o
//                       (n columns, `rows` rows)
//   op 9 embedding:     r0[i] = r1[r2[i / rows] * rows + i % rows]   (out, table, ids; rows = C)
//   op 10 embedding backward: r0[r2[t] * n + c] = r0[...] + r1[t * n + c] for t in order, one
//                       invocation per column c (dTable, dOut, ids; n = C, rows = N)
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer R0 { uint r0[]; };
layout(std430, binding = 1) buffer R1 { uint r1[]; };
layout(std430, binding = 2) buffer R2 { uint r2[]; };
layout(std430, binding = 3) readonly buffer R3 { uint r3[]; };
layout(push_constant) uniform Params {
    uint op, n;
    // AdamW (repro::detail::AdamWScalars), as bits
    uint lr, beta1, beta2, eps, oneMinusBeta1, oneMinusBeta2, bc1, bc2, decay;
    uint momentum, weightDecay, flags, rows; // SGD (momentum, weightDecay as bits), op 8's rows
} p;

#include "math.glsl"

#define GELU_SCALE uintBitsToFloat(0x3f4c422au)  // 0.7978845608028654f
#define GELU_CUBIC uintBitsToFloat(0x3d372713u)  // 0.044715f
#define GELU_CUBIC3 uintBitsToFloat(0x3e095d4fu) // 0.134145f
#define HALF uintBitsToFloat(0x3f000000u)
#define ONE uintBitsToFloat(0x3f800000u)

// out = (0.5 * x) * (1 + tanh(s * (x + a * ((x * x) * x))))
float geluForward(float v)
{
    precise float sq = v * v;
    precise float cube = sq * v;
    precise float ac = GELU_CUBIC * cube;
    precise float sum = v + ac;
    precise float inner = GELU_SCALE * sum;
    precise float th = reproTanh(inner);
    precise float halfV = HALF * v;
    precise float onePlus = ONE + th;
    precise float out_ = halfV * onePlus;
    return out_;
}

// local = 0.5 (1 + th) + ((0.5 x) (1 - th^2)) (s (1 + 3a x^2)); dx = dx + local * dOut
float geluBackward(float dx, float dOut, float v)
{
    precise float sq = v * v;
    precise float cube = sq * v;
    precise float ac = GELU_CUBIC * cube;
    precise float sum = v + ac;
    precise float inner = GELU_SCALE * sum;
    precise float th = reproTanh(inner);
    precise float th2 = th * th;
    precise float sech2 = ONE - th2;
    precise float a3 = GELU_CUBIC3 * sq;
    precise float onePlusA3 = ONE + a3;
    precise float dInner = GELU_SCALE * onePlusA3;
    precise float onePlusTh = ONE + th;
    precise float first = HALF * onePlusTh;
    precise float halfV = HALF * v;
    precise float second = halfV * sech2;
    precise float secondD = second * dInner;
    precise float local = first + secondD;
    precise float term = local * dOut;
    precise float result = dx + term;
    return result;
}

void adamW(uint i)
{
    const float g = uintBitsToFloat(r3[i]);
    precise float w = uintBitsToFloat(r0[i]) * uintBitsToFloat(p.decay);
    precise float m1 = uintBitsToFloat(p.beta1) * uintBitsToFloat(r1[i]);
    precise float m2 = uintBitsToFloat(p.oneMinusBeta1) * g;
    precise float mi = m1 + m2;
    precise float gg = g * g;
    precise float v1 = uintBitsToFloat(p.beta2) * uintBitsToFloat(r2[i]);
    precise float v2 = uintBitsToFloat(p.oneMinusBeta2) * gg;
    precise float vi = v1 + v2;
    r1[i] = floatBitsToUint(mi);
    r2[i] = floatBitsToUint(vi);
    precise float mHat = divExact(mi, uintBitsToFloat(p.bc1));
    precise float vHat = divExact(vi, uintBitsToFloat(p.bc2));
    precise float root = sqrtExact(vHat);
    precise float denom = root + uintBitsToFloat(p.eps);
    precise float ratio = divExact(mHat, denom);
    precise float stepSize = uintBitsToFloat(p.lr) * ratio;
    precise float updated = w - stepSize;
    r0[i] = floatBitsToUint(updated);
}

// x > 0.0f as the CPU compares: false for NaN, +-0 and negatives (decided on the bits).
bool positive(uint u) { return (u & 0x80000000u) == 0u && u != 0u && u <= 0x7f800000u; }

void sgd(uint i)
{
    precise float g = uintBitsToFloat(r3[i]);
    if ((p.flags & 1u) != 0u) {
        precise float wdp = uintBitsToFloat(p.weightDecay) * uintBitsToFloat(r0[i]);
        g = g + wdp;
    }
    if ((p.flags & 2u) != 0u) {
        precise float mb = uintBitsToFloat(p.momentum) * uintBitsToFloat(r1[i]);
        precise float buf = mb + g;
        r1[i] = floatBitsToUint(buf);
        g = buf;
    }
    precise float stepSize = uintBitsToFloat(p.lr) * g;
    precise float updated = uintBitsToFloat(r0[i]) - stepSize;
    r0[i] = floatBitsToUint(updated);
}

void simple(uint i)
{
    precise float v;
    switch (p.op) {
    case 3u: v = uintBitsToFloat(r1[i]) + uintBitsToFloat(r2[i]); break;
    case 4u: v = uintBitsToFloat(r0[i]) + uintBitsToFloat(r1[i]); break;
    case 5u: v = positive(r1[i]) ? uintBitsToFloat(r1[i]) : 0.0; break;
    default: v = uintBitsToFloat(r0[i]) + (positive(r2[i]) ? uintBitsToFloat(r1[i]) : 0.0); break;
    }
    r0[i] = floatBitsToUint(v);
}

void biasGradient(uint o)
{
    precise float db = uintBitsToFloat(r0[o]);
    for (uint n = 0u; n < p.rows; ++n)
        db = db + uintBitsToFloat(r1[n * p.n + o]);
    r0[o] = floatBitsToUint(db);
}

void embeddingBackward(uint c)
{
    for (uint t = 0u; t < p.rows; ++t) {
        const uint at = r2[t] * p.n + c;
        precise float d = uintBitsToFloat(r0[at]) + uintBitsToFloat(r1[t * p.n + c]);
        r0[at] = floatBitsToUint(d);
    }
}

void main()
{
    const uint i = gl_GlobalInvocationID.x;
    if (i >= p.n)
        return;
    if (p.op == 0u)
        r0[i] = floatBitsToUint(geluForward(uintBitsToFloat(r1[i])));
    else if (p.op == 1u)
        r0[i] = floatBitsToUint(geluBackward(uintBitsToFloat(r0[i]), uintBitsToFloat(r1[i]), uintBitsToFloat(r2[i])));
    else if (p.op == 2u)
        adamW(i);
    else if (p.op == 7u)
        sgd(i);
    else if (p.op == 8u)
        biasGradient(i);
    else if (p.op == 9u)
        r0[i] = r1[r2[i / p.rows] * p.rows + i % p.rows];
    else if (p.op == 10u)
        embeddingBackward(i);
    else
        simple(i);
}
