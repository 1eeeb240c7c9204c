#version 450
#extension GL_GOOGLE_include_directive : require
// The repro GEMM on a Vulkan device (core/compute/repro/Gemm.h's contract): every output is
//   c = init; for k = 0 .. K-1 in this order: c = fma(A[i,k], B[k,j], c)
// with one exactly rounded fma per k: GLSL fma() where the probe found it fused, else
// (-DIDLEFORGE_FMA64) the binary64 round-to-odd emulation. Tiles of 16 x 16 outputs, one
// output per invocation, A and B staged in shared memory 16 k at a time; the k loop of each
// tile runs in order and stops at K (an extra fma(0, 0, c) would turn -0 into +0).
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) buffer C { float c[]; };
layout(std430, binding = 3) readonly buffer Bias { float bias[]; };
layout(push_constant) uniform Params {
    uint m, n, k, lda, ldb, ldc, transA, transB, init; // init: 0 zero, 1 bias, 2 accumulate
} p;

#ifdef IDLEFORGE_FMA64
#include "fma64.glsl"
#define FMA fmaExact
#else
#define FMA fma
#endif

shared float tileA[16][17];
shared float tileB[16][17];

float loadA(uint i, uint kk) { return p.transA == 0u ? a[i * p.lda + kk] : a[kk * p.lda + i]; }
float loadB(uint kk, uint j) { return p.transB == 0u ? b[kk * p.ldb + j] : b[j * p.ldb + kk]; }

void main()
{
    const uint row = gl_WorkGroupID.y * 16u + gl_LocalInvocationID.y;
    const uint col = gl_WorkGroupID.x * 16u + gl_LocalInvocationID.x;
    const uint ly = gl_LocalInvocationID.y;
    const uint lx = gl_LocalInvocationID.x;
    const uint tileRow = gl_WorkGroupID.y * 16u + lx; // the A row this invocation stages
    const bool inside = row < p.m && col < p.n;
    precise float acc = 0.0;
    if (inside) {
        if (p.init == 1u)
            acc = bias[col];
        else if (p.init == 2u)
            acc = c[row * p.ldc + col];
    }
    for (uint k0 = 0u; k0 < p.k; k0 += 16u) {
        // A: this invocation stages A[tileRow, k0 + ly]; B: B[k0 + ly, col].
        tileA[lx][ly] = (tileRow < p.m && k0 + ly < p.k) ? loadA(tileRow, k0 + ly) : 0.0;
        tileB[ly][lx] = (k0 + ly < p.k && col < p.n) ? loadB(k0 + ly, col) : 0.0;
        barrier();
        const uint kend = min(16u, p.k - k0);
        for (uint kk = 0u; kk < kend; ++kk)
            acc = FMA(tileA[ly][kk], tileB[kk][lx], acc);
        barrier();
    }
    if (inside)
        c[row * p.ldc + col] = acc;
}
