// Cross-entropy over softmax(logits), mean over positions. Row reductions use the fixed
// order of Reduce.h; the mean over positions is mean(losses) (Reduce.h), so it does not
// depend on how rows were spread over threads.

#include "compute/repro/Ops.h"

#include "compute/repro/ElementDevice.h"
#include "compute/repro/ElementKernels.h"
#include "compute/repro/OpsCommon.h"

namespace idleforge::repro {

namespace {

template<typename Id>
float crossEntropyForwardImpl(float *probs, float *losses, const float *logits,
                              const Id *targets, std::size_t N, std::size_t V)
{
    detail::checkIds(targets, N, V, "crossEntropyForward");
    if (ElementDevice *d = detail::activeElementDevice()) {
        const std::vector<std::uint32_t> ids(targets, targets + N);
        std::string error;
        detail::checkDevice(d->crossEntropyForward(probs, losses, logits, ids.data(), N, V, &error), "cross-entropy", error);
        return mean(losses, N);
    }
    const detail::ElementKernels k = detail::elementKernels();
    detail::parallelRange(N, detail::rowGrain(V * 8), [&](std::size_t n0, std::size_t n1) {
        for (std::size_t n = n0; n < n1; ++n) {
            const float *x = logits + n * V;
            const detail::SoftmaxRow r = detail::softmaxRow(probs + n * V, x, V, k);
            losses[n] = (r.max + math::log(r.sum)) - x[std::size_t(targets[n])];
        }
    });
    return mean(losses, N);
}

template<typename Id>
void crossEntropyBackwardImpl(float *dLogits, const float *probs, const Id *targets,
                              std::size_t N, std::size_t V, float dLoss)
{
    detail::checkIds(targets, N, V, "crossEntropyBackward");
    const float scale = dLoss / float(N);
    if (ElementDevice *d = detail::activeElementDevice()) {
        const std::vector<std::uint32_t> ids(targets, targets + N);
        std::string error;
        return detail::checkDevice(d->crossEntropyBackward(dLogits, probs, ids.data(), N, V, scale, &error), "cross-entropy backward",
                                   error);
    }
    detail::parallelRange(N, detail::rowGrain(V), [&](std::size_t n0, std::size_t n1) {
        for (std::size_t n = n0; n < n1; ++n) {
            const float *p = probs + n * V;
            float *d = dLogits + n * V;
            const std::size_t t = std::size_t(targets[n]);
            for (std::size_t v = 0; v < V; ++v)
                d[v] = d[v] + (p[v] - (v == t ? 1.0f : 0.0f)) * scale;
        }
    });
}

} // namespace

float crossEntropyForward(float *probs, float *losses, const float *logits,
                          const std::int32_t *targets, std::size_t N, std::size_t V)
{
    return crossEntropyForwardImpl(probs, losses, logits, targets, N, V);
}

float crossEntropyForward(float *probs, float *losses, const float *logits,
                          const std::uint8_t *targets, std::size_t N, std::size_t V)
{
    return crossEntropyForwardImpl(probs, losses, logits, targets, N, V);
}

void crossEntropyBackward(float *dLogits, const float *probs, const std::int32_t *targets,
                          std::size_t N, std::size_t V, float dLoss)
{
    crossEntropyBackwardImpl(dLogits, probs, targets, N, V, dLoss);
}

void crossEntropyBackward(float *dLogits, const float *probs, const std::uint8_t *targets,
                          std::size_t N, std::size_t V, float dLoss)
{
    crossEntropyBackwardImpl(dLogits, probs, targets, N, V, dLoss);
}

} // namespace idleforge::repro
