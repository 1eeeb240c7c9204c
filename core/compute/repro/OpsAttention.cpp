// Causal self-attention, built from the GEMM and the row softmax arithmetic. Work is split
// over (batch, head) pairs; inside a pair everything runs on one thread with gemmSerial, so
// each output's chain is exactly the one written in Ops.h whatever the thread count.
//
// Per (b, h), with q, k, v the [T, hs] slices of qkv (row stride 3C):
//   forward:  S = (q k^T) * scale; att = causal softmax rows of S; out = att v
//   backward: dAtt = dOut v^T;  dv += att^T dOut  (chain over t in order)
//             dS[t, s] = (att[t, s] * (dAtt[t, s] - sum_{s' <= t}(dAtt[t, s'] * att[t, s'])))
//                        * scale, 0 for s > t
//             dq += dS k   (chain over s in order);   dk += dS^T q   (chain over t in order)

#include "compute/repro/Ops.h"

#include "compute/repro/ElementDevice.h"
#include "compute/repro/ElementKernels.h"
#include "compute/repro/OpsCommon.h"

#include <stdexcept>

namespace idleforge::repro {

namespace {

struct HeadView {
    std::size_t T, C, hs, ld;
    float scale;
};

HeadView headView(std::size_t T, std::size_t C, std::size_t NH, const char *what)
{
    if (NH == 0 || C % NH != 0)
        throw std::invalid_argument(std::string(what) + ": C must be a multiple of NH");
    const std::size_t hs = C / NH;
    return {T, C, hs, 3 * C, 1.0f / math::sqrt(float(hs))};
}

// Row t of the causal softmax over the scaled scores row[0..t]; row[t+1..T) becomes 0.
void causalSoftmaxRow(const detail::ElementKernels &k, float *row, std::size_t t, std::size_t T,
                      float scale)
{
    for (std::size_t s = 0; s <= t; ++s)
        row[s] = row[s] * scale;
    float m = row[0];
    for (std::size_t s = 1; s <= t; ++s)
        m = row[s] > m ? row[s] : m;
    k.expShifted(row, row, m, t + 1);
    const float total = sum(row, t + 1);
    for (std::size_t s = 0; s <= t; ++s)
        row[s] = row[s] / total;
    for (std::size_t s = t + 1; s < T; ++s)
        row[s] = 0.0f;
}

} // namespace

void attentionForward(float *out, float *att, const float *qkv, std::size_t B, std::size_t T,
                      std::size_t C, std::size_t NH)
{
    const HeadView hv = headView(T, C, NH, "attentionForward");
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->attentionForward(out, att, qkv, B, T, C, NH, hv.scale, &error), "attention", error);
    }
    const detail::ElementKernels kernels = detail::elementKernels();
    parallelFor(B * NH, [&](std::size_t bh) {
        const std::size_t b = bh / NH, h = bh % NH;
        const float *q = qkv + b * T * hv.ld + h * hv.hs;
        const float *k = q + C;
        const float *v = q + 2 * C;
        float *a = att + bh * T * T;
        gemmSerial({.m = T, .n = T, .k = hv.hs,
                    .a = q, .lda = hv.ld, .transA = Trans::No,
                    .b = k, .ldb = hv.ld, .transB = Trans::Yes,
                    .c = a, .ldc = T, .init = Init::Zero});
        for (std::size_t t = 0; t < T; ++t)
            causalSoftmaxRow(kernels, a + t * T, t, T, hv.scale);
        gemmSerial({.m = T, .n = hv.hs, .k = T,
                    .a = a, .lda = T, .transA = Trans::No,
                    .b = v, .ldb = hv.ld, .transB = Trans::No,
                    .c = out + b * T * C + h * hv.hs, .ldc = C, .init = Init::Zero});
    });
}

void attentionBackward(float *dqkv, const float *dOut, const float *qkv, const float *att,
                       std::size_t B, std::size_t T, std::size_t C, std::size_t NH)
{
    const HeadView hv = headView(T, C, NH, "attentionBackward");
    if (ElementDevice *d = detail::activeElementDevice()) {
        std::string error;
        return detail::checkDevice(d->attentionBackward(dqkv, dOut, qkv, att, B, T, C, NH, hv.scale, &error), "attention backward",
                                   error);
    }
    parallelFor(B * NH, [&](std::size_t bh) {
        const std::size_t b = bh / NH, h = bh % NH;
        const std::size_t offset = b * T * hv.ld + h * hv.hs;
        const float *q = qkv + offset;
        const float *k = q + C;
        const float *v = q + 2 * C;
        float *dq = dqkv + offset;
        float *dk = dq + C;
        float *dv = dq + 2 * C;
        const float *a = att + bh * T * T;
        const float *g = dOut + b * T * C + h * hv.hs;
        float *dAtt = detail::scratch(T * T, 2);
        float *dS = detail::scratch(T * T, 3);
        gemmSerial({.m = T, .n = T, .k = hv.hs,
                    .a = g, .lda = C, .transA = Trans::No,
                    .b = v, .ldb = hv.ld, .transB = Trans::Yes,
                    .c = dAtt, .ldc = T, .init = Init::Zero});
        gemmSerial({.m = T, .n = hv.hs, .k = T,
                    .a = a, .lda = T, .transA = Trans::Yes,
                    .b = g, .ldb = C, .transB = Trans::No,
                    .c = dv, .ldc = hv.ld, .init = Init::Accumulate});
        for (std::size_t t = 0; t < T; ++t) {
            const float *ar = a + t * T;
            const float *dr = dAtt + t * T;
            float *sr = dS + t * T;
            const float dot = sumProducts(dr, ar, t + 1);
            for (std::size_t s = 0; s <= t; ++s)
                sr[s] = (ar[s] * (dr[s] - dot)) * hv.scale;
            for (std::size_t s = t + 1; s < T; ++s)
                sr[s] = 0.0f;
        }
        gemmSerial({.m = T, .n = hv.hs, .k = T,
                    .a = dS, .lda = T, .transA = Trans::No,
                    .b = k, .ldb = hv.ld, .transB = Trans::No,
                    .c = dq, .ldc = hv.ld, .init = Init::Accumulate});
        gemmSerial({.m = T, .n = hv.hs, .k = T,
                    .a = dS, .lda = T, .transA = Trans::Yes,
                    .b = q, .ldb = hv.ld, .transB = Trans::No,
                    .c = dk, .ldc = hv.ld, .init = Init::Accumulate});
    });
}

} // namespace idleforge::repro
