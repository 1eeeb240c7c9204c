#pragma once

// Elementary functions with defined arithmetic: each is a fixed sequence of IEEE-754 binary32
// +, -, *, /, fma, sqrt and integer bit operations, written once in MathFunctions.cpp. No libm
// (other than the exactly rounded std::fma/std::sqrt), no lookup tables that depend on the
// platform, so every machine gets the same bits. Accuracy (max error against correctly rounded
// results, measured by tests/unit/repro/TestReproMath.cpp) is stated per function.

#include <cstdint>

namespace idleforge::repro::math {

float exp(float x);   // e^x; overflow -> +inf, underflow -> 0 (subnormals kept), NaN -> NaN
float log(float x);   // natural log; 0 -> -inf, x < 0 -> NaN, +inf -> +inf
float tanh(float x);  // odd; |x| >= 9.1 -> +-1
float sqrt(float x);  // IEEE sqrt (correctly rounded, so std::sqrt is allowed)
float rsqrt(float x); // 1.0f / sqrt(x): two roundings, stated as such

// sin(2*pi*u), cos(2*pi*u) for u in [0, 1]: the angle reduction is exact because the argument is
// in turns, which is all Box-Muller needs.
void sinCosTurns(float u, float *s, float *c);

// 2^n as a float for n in [-149, 127] (exact).
float exp2i(int n);

std::uint32_t bits(float x);
float fromBits(std::uint32_t u);

} // namespace idleforge::repro::math
