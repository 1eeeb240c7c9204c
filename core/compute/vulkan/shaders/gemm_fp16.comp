#version 450
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
// The benchmark's fp16 GEMM (`gemm_fp16` on vulkan:N, devices with shaderFloat16): C = A B for
// n x n matrices, fp16 in and accumulated in fp16 (f16vec2 fma, two outputs per invocation), C
// written as fp32. A speed figure only: fp16 is not part of the repro contract. A and B come as
// pairs of halves in uints (no 16-bit storage needed): A along k, B along the columns. Tiles of
// 16 rows x 32 columns, 16 k per stage in shared memory; n a multiple of 32.
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer A { uint a[]; };
layout(std430, binding = 1) readonly buffer B { uint b[]; };
layout(std430, binding = 2) writeonly buffer C { float c[]; };
layout(push_constant) uniform Params { uint n; } p;

shared uint tileA[16][9];  // 16 rows x 16 k, as 8 pairs (+1 against bank conflicts)
shared uint tileB[16][17]; // 16 k x 32 columns, as 16 pairs

void main()
{
    const uint lx = gl_LocalInvocationID.x;
    const uint ly = gl_LocalInvocationID.y;
    const uint row = gl_WorkGroupID.y * 16u + ly;
    const uint pair = gl_WorkGroupID.x * 16u + lx; // columns 2 pair, 2 pair + 1
    const uint halfN = p.n / 2u;
    f16vec2 acc = f16vec2(0.0hf);
    for (uint k0 = 0u; k0 < p.n; k0 += 16u) {
        if (lx < 8u)
            tileA[ly][lx] = a[row * halfN + k0 / 2u + lx];
        tileB[ly][lx] = b[(k0 + ly) * halfN + pair];
        barrier();
        for (uint kp = 0u; kp < 8u; ++kp) {
            const f16vec2 av = unpackFloat2x16(tileA[ly][kp]);
            acc = fma(f16vec2(av.x), unpackFloat2x16(tileB[2u * kp][lx]), acc);
            acc = fma(f16vec2(av.y), unpackFloat2x16(tileB[2u * kp + 1u][lx]), acc);
        }
        barrier();
    }
    c[row * p.n + 2u * pair] = float(acc.x);
    c[row * p.n + 2u * pair + 1u] = float(acc.y);
}
