// Embedding and linear layers. The linear layer is three GEMMs (Gemm.h); the contract of each
// output is stated in Ops.h and follows from the GEMM chain: forward starts from the bias,
// backward accumulates into the existing gradient, always in index order of the reduced axis.

#include "compute/repro/Ops.h"

#include "compute/repro/ElementDevice.h"
#include "compute/repro/OpsCommon.h"

#include <cstring>
#include <string>
#include <vector>

namespace idleforge::repro {

namespace {

template<typename Id>
void embeddingForwardImpl(float *out, const Id *ids, const float *table, std::size_t N,
                          std::size_t V, std::size_t C)
{
    detail::checkIds(ids, N, V, "embeddingForward");
    if (ElementDevice *d = detail::activeElementDevice()) {
        const std::vector<std::uint32_t> wide(ids, ids + N);
        std::string error;
        return detail::checkDevice(d->embeddingForward(out, wide.data(), table, N, V, C, &error), "embedding", error);
    }
    detail::parallelRange(N, detail::rowGrain(C), [&](std::size_t begin, std::size_t end) {
        for (std::size_t n = begin; n < end; ++n)
            std::memcpy(out + n * C, table + std::size_t(ids[n]) * C, C * sizeof(float));
    });
}

// Threads split the columns; each column's updates run over n in order.
template<typename Id>
void embeddingBackwardImpl(float *dTable, const Id *ids, const float *dOut, std::size_t N,
                           std::size_t V, std::size_t C)
{
    detail::checkIds(ids, N, V, "embeddingBackward");
    if (ElementDevice *d = detail::activeElementDevice()) {
        const std::vector<std::uint32_t> wide(ids, ids + N);
        std::string error;
        return detail::checkDevice(d->embeddingBackward(dTable, wide.data(), dOut, N, V, C, &error), "embedding backward", error);
    }
    detail::parallelRange(C, 32, [&](std::size_t c0, std::size_t c1) {
        for (std::size_t n = 0; n < N; ++n) {
            float *row = dTable + std::size_t(ids[n]) * C;
            const float *g = dOut + n * C;
            for (std::size_t c = c0; c < c1; ++c)
                row[c] = row[c] + g[c];
        }
    });
}

} // namespace

void embeddingForward(float *out, const std::int32_t *ids, const float *table, std::size_t N,
                      std::size_t V, std::size_t C)
{
    embeddingForwardImpl(out, ids, table, N, V, C);
}

void embeddingForward(float *out, const std::uint8_t *ids, const float *table, std::size_t N,
                      std::size_t V, std::size_t C)
{
    embeddingForwardImpl(out, ids, table, N, V, C);
}

void embeddingBackward(float *dTable, const std::int32_t *ids, const float *dOut, std::size_t N,
                       std::size_t V, std::size_t C)
{
    embeddingBackwardImpl(dTable, ids, dOut, N, V, C);
}

void embeddingBackward(float *dTable, const std::uint8_t *ids, const float *dOut, std::size_t N,
                       std::size_t V, std::size_t C)
{
    embeddingBackwardImpl(dTable, ids, dOut, N, V, C);
}

// out [N, O] = x [N, K] * w[O, K]^T, each chain starting from bias[o] (or 0).
void linearForward(float *out, const float *x, const float *w, const float *bias, std::size_t N,
                   std::size_t K, std::size_t O)
{
    gemm({.m = N, .n = O, .k = K,
          .a = x, .lda = K, .transA = Trans::No,
          .b = w, .ldb = K, .transB = Trans::Yes,
          .c = out, .ldc = O,
          .init = bias ? Init::Bias : Init::Zero, .bias = bias});
}

void linearBackward(float *dx, float *dw, float *db, const float *dOut, const float *x,
                    const float *w, std::size_t N, std::size_t K, std::size_t O)
{
    if (dx) { // dx [N, K] += dOut [N, O] * w [O, K]
        gemm({.m = N, .n = K, .k = O,
              .a = dOut, .lda = O, .transA = Trans::No,
              .b = w, .ldb = K, .transB = Trans::No,
              .c = dx, .ldc = K, .init = Init::Accumulate});
    }
    if (dw) { // dw [O, K] += dOut^T [O, N] * x [N, K]
        gemm({.m = O, .n = K, .k = N,
              .a = dOut, .lda = O, .transA = Trans::Yes,
              .b = x, .ldb = K, .transB = Trans::No,
              .c = dw, .ldc = K, .init = Init::Accumulate});
    }
    if (ElementDevice *d = db ? detail::activeElementDevice() : nullptr) {
        std::string error;
        return detail::checkDevice(d->biasGradient(db, dOut, N, O, &error), "bias gradient", error);
    }
    if (db) { // db[o] = db[o] + dOut[n, o], n in order; threads split o
        detail::parallelRange(O, 64, [&](std::size_t o0, std::size_t o1) {
            for (std::size_t n = 0; n < N; ++n) {
                const float *g = dOut + n * O;
                for (std::size_t o = o0; o < o1; ++o)
                    db[o] = db[o] + g[o];
            }
        });
    }
}

} // namespace idleforge::repro
