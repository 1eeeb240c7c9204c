// Element-wise ops. Each output element is one written float expression of the same-index
// inputs (no reductions), so chunking over threads cannot change a bit. Backward functions
// accumulate: g = g + term, the term rounded first.

#include "compute/repro/Ops.h"

#include "compute/repro/ElementDevice.h"
#include "compute/repro/ElementKernels.h"
#include "compute/repro/OpsCommon.h"

#include <algorithm>

namespace idleforge::repro {

namespace {

constexpr std::size_t kGrain = 1 << 15;

} // namespace

void addForward(float *out, const float *a, const float *b, std::size_t n)
{
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->add(out, a, b, n, &error), "add", error);
    }
    detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
        for (std::size_t i = i0; i < i1; ++i)
            out[i] = a[i] + b[i];
    });
}

void addBackward(float *da, float *db, const float *dOut, std::size_t n)
{
    if (da)
        accumulate(da, dOut, n);
    if (db)
        accumulate(db, dOut, n);
}

void accumulate(float *dst, const float *src, std::size_t n)
{
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->accumulate(dst, src, n, &error), "accumulate", error);
    }
    detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
        for (std::size_t i = i0; i < i1; ++i)
            dst[i] = dst[i] + src[i];
    });
}

void mulForward(float *out, const float *a, const float *b, std::size_t n)
{
    detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
        for (std::size_t i = i0; i < i1; ++i)
            out[i] = a[i] * b[i];
    });
}

// When da == db (x * x), the whole da pass runs before the db pass, as Ops.h states.
void mulBackward(float *da, float *db, const float *dOut, const float *a, const float *b,
                 std::size_t n)
{
    if (da) {
        detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
            for (std::size_t i = i0; i < i1; ++i)
                da[i] = da[i] + dOut[i] * b[i];
        });
    }
    if (db) {
        detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
            for (std::size_t i = i0; i < i1; ++i)
                db[i] = db[i] + dOut[i] * a[i];
        });
    }
}

void reluForward(float *out, const float *x, std::size_t n)
{
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->reluForward(out, x, n, &error), "ReLU", error);
    }
    detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
        for (std::size_t i = i0; i < i1; ++i)
            out[i] = x[i] > 0.0f ? x[i] : 0.0f;
    });
}

void reluBackward(float *dx, const float *dOut, const float *x, std::size_t n)
{
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->reluBackward(dx, dOut, x, n, &error), "ReLU backward", error);
    }
    detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
        for (std::size_t i = i0; i < i1; ++i)
            dx[i] = dx[i] + (x[i] > 0.0f ? dOut[i] : 0.0f);
    });
}

// GELU (tanh form): formulas in Ops.h / README.md, loops in ElementKernelsImpl.h.
void geluForward(float *out, const float *x, std::size_t n)
{
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->geluForward(out, x, n, &error), "GELU", error);
    }
    const detail::ElementKernels k = detail::elementKernels();
    detail::parallelRange(n, kGrain / 8, [&](std::size_t i0, std::size_t i1) {
        k.geluForward(out + i0, x + i0, i1 - i0);
    });
}

void geluBackward(float *dx, const float *dOut, const float *x, std::size_t n)
{
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->geluBackward(dx, dOut, x, n, &error), "GELU backward", error);
    }
    const detail::ElementKernels k = detail::elementKernels();
    detail::parallelRange(n, kGrain / 8, [&](std::size_t i0, std::size_t i1) {
        k.geluBackward(dx + i0, dOut + i0, x + i0, i1 - i0);
    });
}

void zeroGrad(float *grad, std::size_t n)
{
    std::fill(grad, grad + n, 0.0f);
}

} // namespace idleforge::repro
