#version 450
// Memory bandwidth: dst = src, 16 bytes per invocation and step, grid-stride over `count`
// vec4s (the benchmark's "mem_bandwidth" on vulkan:N: bytes read + written per second).
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer Src { uvec4 src[]; };
layout(std430, binding = 1) writeonly buffer Dst { uvec4 dst[]; };
layout(push_constant) uniform Params { uint count; } p;

void main()
{
    const uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    for (uint i = gl_GlobalInvocationID.x; i < p.count; i += stride)
        dst[i] = src[i];
}
