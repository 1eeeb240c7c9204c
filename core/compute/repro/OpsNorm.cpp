// LayerNorm and row softmax. Every reduction over a row is the fixed-order sum of Reduce.h;
// rows are independent, and the parameter gradients (sums over rows) run over n in order
// with threads splitting the columns.

#include "compute/repro/Ops.h"

#include "compute/repro/ElementDevice.h"
#include "compute/repro/ElementKernels.h"
#include "compute/repro/OpsCommon.h"

namespace idleforge::repro {

// Row loops: ElementKernelsImpl.h (built per ISA); formulas in Ops.h.
void layerNormForward(float *out, float *mean, float *rstd, const float *x, const float *weight,
                      const float *bias, std::size_t N, std::size_t C, float eps)
{
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->layerNormForward(out, mean, rstd, x, weight, bias, N, C, eps, &error), "LayerNorm", error);
    }
    const detail::ElementKernels k = detail::elementKernels();
    detail::parallelRange(N, detail::rowGrain(C * 4), [&](std::size_t n0, std::size_t n1) {
        k.layerNormForwardRows(out + n0 * C, mean + n0, rstd + n0, x + n0 * C, weight, bias,
                               n1 - n0, C, eps);
    });
}

// norm = (x - mean) * rstd; dnorm = weight * dOut;
// dx = dx + (((dnorm - sum(dnorm)/C) - norm * (sum(dnorm * norm)/C)) * rstd)
// dweight = dweight + norm * dOut; dbias = dbias + dOut   (over n in order)
void layerNormBackward(float *dx, float *dweight, float *dbias, const float *dOut,
                       const float *x, const float *weight, const float *mean,
                       const float *rstd, std::size_t N, std::size_t C)
{
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->layerNormBackward(dx, dweight, dbias, dOut, x, weight, mean, rstd, N, C, &error),
                                   "LayerNorm backward", error);
    }
    if (dx) {
        const detail::ElementKernels k = detail::elementKernels();
        detail::parallelRange(N, detail::rowGrain(C * 6), [&](std::size_t n0, std::size_t n1) {
            k.layerNormBackwardRows(dx + n0 * C, dOut + n0 * C, x + n0 * C, weight, mean + n0,
                                    rstd + n0, n1 - n0, C, detail::scratch(2 * C, 0));
        });
    }
    if (dweight || dbias) {
        detail::parallelRange(C, 32, [&](std::size_t c0, std::size_t c1) {
            for (std::size_t n = 0; n < N; ++n) {
                const float *xr = x + n * C;
                const float *g = dOut + n * C;
                for (std::size_t i = c0; i < c1; ++i) {
                    if (dweight)
                        dweight[i] = dweight[i] + ((xr[i] - mean[n]) * rstd[n]) * g[i];
                    if (dbias)
                        dbias[i] = dbias[i] + g[i];
                }
            }
        });
    }
}

void softmaxForward(float *out, const float *x, std::size_t N, std::size_t C)
{
    if (C == 0)
        return;
    const detail::ElementKernels k = detail::elementKernels();
    detail::parallelRange(N, detail::rowGrain(C * 8), [&](std::size_t n0, std::size_t n1) {
        for (std::size_t n = n0; n < n1; ++n)
            detail::softmaxRow(out + n * C, x + n * C, C, k);
    });
}

void softmaxBackward(float *dx, const float *dOut, const float *out, std::size_t N,
                     std::size_t C)
{
    detail::parallelRange(N, detail::rowGrain(C * 3), [&](std::size_t n0, std::size_t n1) {
        for (std::size_t n = n0; n < n1; ++n) {
            const float *y = out + n * C;
            const float *g = dOut + n * C;
            const float dot = sumProducts(g, y, C);
            float *d = dx + n * C;
            for (std::size_t i = 0; i < C; ++i)
                d[i] = d[i] + y[i] * (g[i] - dot);
        }
    });
}

} // namespace idleforge::repro
