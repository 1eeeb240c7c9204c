// Shared by the repro shaders that reduce rows (layernorm, attention, cross-entropy).
#ifndef IDLEFORGE_REDUCE_GLSL
#define IDLEFORGE_REDUCE_GLSL

// ReduceImpl.h's laneTree: ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), each add precise.
// The lanes are filled as lane[i & 7] = lane[i & 7] + x[i] for i in order, from +0.
float laneTree(float l[8])
{
    precise float a = l[0] + l[1];
    precise float b = l[2] + l[3];
    precise float c = l[4] + l[5];
    precise float d = l[6] + l[7];
    precise float ab = a + b;
    precise float cd = c + d;
    precise float r = ab + cd;
    return r;
}

// a > b as the CPU's float comparison: false when either is NaN, -0 == +0 (decided on the bits:
// a driver may assume no NaN in float comparisons).
bool greater(float a, float b)
{
    const uint ua = floatBitsToUint(a), ub = floatBitsToUint(b);
    if ((ua & 0x7fffffffu) > 0x7f800000u || (ub & 0x7fffffffu) > 0x7f800000u)
        return false;
    if ((ua & 0x7fffffffu) == 0u && (ub & 0x7fffffffu) == 0u)
        return false;
    // Sign-magnitude to a totally ordered integer.
    const int ia = (ua & 0x80000000u) != 0u ? -int(ua & 0x7fffffffu) : int(ua);
    const int ib = (ub & 0x80000000u) != 0u ? -int(ub & 0x7fffffffu) : int(ub);
    return ia > ib;
}

#endif
