#pragma once

// Internal: bodies of the element kernels (ElementKernels.h), included once per ISA build.
// Internal linkage for the same reason as MathImpl.h. The formulas are the contract written in
// Ops.h / README.md; change them only together with those.

#include "compute/repro/ElementKernels.h"
#include "compute/repro/MathImpl.h"
#include "compute/repro/ReduceImpl.h"

namespace idleforge::repro::detail {
namespace {

// GELU constants (tanh form): sqrt(2/pi) and 0.044715, rounded to float once.
constexpr float kGeluScale = 0.7978845608028654f;
constexpr float kGeluCubic = 0.044715f;
constexpr float kGeluCubic3 = 0.134145f; // 3 * 0.044715, for the derivative

// out = (0.5 * x) * (1 + tanh(s * (x + a * ((x * x) * x))))
void geluForwardLoop(float *out, const float *x, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const float v = x[i];
        const float cube = (v * v) * v;
        const float inner = kGeluScale * (v + kGeluCubic * cube);
        out[i] = (0.5f * v) * (1.0f + math::impl::tanh(inner));
    }
}

// local = 0.5 (1 + th) + ((0.5 x) (1 - th^2)) (s (1 + 3a x^2)); dx = dx + local * dOut
void geluBackwardLoop(float *dx, const float *dOut, const float *x, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const float v = x[i];
        const float cube = (v * v) * v;
        const float inner = kGeluScale * (v + kGeluCubic * cube);
        const float th = math::impl::tanh(inner);
        const float sech2 = 1.0f - th * th;
        const float dInner = kGeluScale * (1.0f + kGeluCubic3 * (v * v));
        const float local = 0.5f * (1.0f + th) + ((0.5f * v) * sech2) * dInner;
        dx[i] = dx[i] + local * dOut[i];
    }
}

void expShiftedLoop(float *out, const float *x, float shift, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        out[i] = math::impl::exp(x[i] - shift);
}

// p = p * decay; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) (g g);
// p = p - lr ((m / bc1) / (sqrt(v / bc2) + eps))
void adamWLoop(float *param, float *m, float *v, const float *grad, std::size_t n,
               const AdamWScalars &s)
{
    for (std::size_t i = 0; i < n; ++i) {
        const float g = grad[i];
        const float w = param[i] * s.decay;
        const float mi = s.beta1 * m[i] + s.oneMinusBeta1 * g;
        const float vi = s.beta2 * v[i] + s.oneMinusBeta2 * (g * g);
        m[i] = mi;
        v[i] = vi;
        param[i] = w - s.lr * ((mi / s.bc1) / (std::sqrt(vi / s.bc2) + s.eps));
    }
}

// mean = sum(x)/C; xm = x - mean; var = sumProducts(xm, xm)/C; rstd = 1 / sqrt(var + eps);
// out = ((xm * rstd) * weight) + bias   (xm is kept in the output row in between)
void layerNormForwardRowsLoop(float *out, float *mean, float *rstd, const float *x,
                              const float *weight, const float *bias, std::size_t rows,
                              std::size_t C, float eps)
{
    const float fc = float(C);
    for (std::size_t n = 0; n < rows; ++n) {
        const float *xr = x + n * C;
        float *o = out + n * C;
        const float m = sumFixed(xr, C) / fc;
        for (std::size_t i = 0; i < C; ++i)
            o[i] = xr[i] - m;
        const float var = sumProductsFixed(o, o, C) / fc;
        const float s = 1.0f / std::sqrt(var + eps);
        for (std::size_t i = 0; i < C; ++i)
            o[i] = (o[i] * s) * weight[i] + bias[i];
        mean[n] = m;
        rstd[n] = s;
    }
}

// norm = (x - mean) * rstd; dnorm = weight * dOut;
// dx = dx + (((dnorm - sum(dnorm)/C) - norm * (sumProducts(dnorm, norm)/C)) * rstd)
void layerNormBackwardRowsLoop(float *dx, const float *dOut, const float *x,
                               const float *weight, const float *mean, const float *rstd,
                               std::size_t rows, std::size_t C, float *scratch)
{
    const float fc = float(C);
    float *norm = scratch;
    float *dnorm = scratch + C;
    for (std::size_t n = 0; n < rows; ++n) {
        const float *xr = x + n * C;
        const float *g = dOut + n * C;
        for (std::size_t i = 0; i < C; ++i) {
            norm[i] = (xr[i] - mean[n]) * rstd[n];
            dnorm[i] = weight[i] * g[i];
        }
        const float dnormMean = sumFixed(dnorm, C) / fc;
        const float dnormNormMean = sumProductsFixed(dnorm, norm, C) / fc;
        float *d = dx + n * C;
        for (std::size_t i = 0; i < C; ++i)
            d[i] = d[i] + ((dnorm[i] - dnormMean) - norm[i] * dnormNormMean) * rstd[n];
    }
}

ElementKernels makeElementKernels()
{
    return {&geluForwardLoop, &geluBackwardLoop, &expShiftedLoop, &adamWLoop,
            &layerNormForwardRowsLoop, &layerNormBackwardRowsLoop};
}

} // namespace
} // namespace idleforge::repro::detail
