// SGD and AdamW updates: per-element float sequences written in Ops.h, scalars computed once
// per call in the order below.

#include "compute/repro/Ops.h"

#include "compute/repro/ElementDevice.h"
#include "compute/repro/ElementKernels.h"
#include "compute/repro/OpsCommon.h"

#include <stdexcept>

namespace idleforge::repro {

namespace {

constexpr std::size_t kGrain = 1 << 14;

// base^e by square-and-multiply from the least significant bit, in fp32:
// result = 1; for each bit: if set, result = result * base; base = base * base.
float powU(float base, std::uint32_t e)
{
    float result = 1.0f;
    while (e != 0) {
        if (e & 1u)
            result = result * base;
        e >>= 1;
        if (e != 0)
            base = base * base;
    }
    return result;
}

} // namespace

void sgdUpdate(float *param, float *momentumBuf, const float *grad, std::size_t n,
               const SgdParams &p)
{
    const bool decay = p.weightDecay != 0.0f;
    const bool momentum = p.momentum != 0.0f;
    if (momentum && !momentumBuf)
        throw std::invalid_argument("sgdUpdate: momentum != 0 needs a momentum buffer");
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->sgd(param, momentumBuf, grad, n, p.lr, p.momentum, p.weightDecay, &error), "SGD", error);
    }
    detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
        for (std::size_t i = i0; i < i1; ++i) {
            float g = grad[i];
            if (decay)
                g = g + p.weightDecay * param[i];
            if (momentum) {
                momentumBuf[i] = p.momentum * momentumBuf[i] + g;
                g = momentumBuf[i];
            }
            param[i] = param[i] - p.lr * g;
        }
    });
}

void adamWUpdate(float *param, float *m, float *v, const float *grad, std::size_t n,
                 std::uint32_t step, const AdamWParams &p)
{
    const std::uint32_t t = step == 0 ? 1 : step;
    detail::AdamWScalars s{};
    s.lr = p.lr;
    s.beta1 = p.beta1;
    s.beta2 = p.beta2;
    s.eps = p.eps;
    s.oneMinusBeta1 = 1.0f - p.beta1;
    s.oneMinusBeta2 = 1.0f - p.beta2;
    s.bc1 = 1.0f - powU(p.beta1, t);
    s.bc2 = 1.0f - powU(p.beta2, t);
    s.decay = 1.0f - p.lr * p.weightDecay;
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->adamW(param, m, v, grad, n, s, &error), "AdamW", error);
    }
    const detail::ElementKernels k = detail::elementKernels();
    detail::parallelRange(n, kGrain, [&](std::size_t i0, std::size_t i1) {
        k.adamW(param + i0, m + i0, v + i0, grad + i0, i1 - i0, s);
    });
}

} // namespace idleforge::repro
