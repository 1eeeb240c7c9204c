#pragma once

// idleforge::repro — the reproducible CPU kernels: one forward and one backward function per
// op on raw row-major fp32 buffers. Every output's arithmetic is a written sequence of IEEE
// binary32 operations (README.md in this folder is the contract); ISA path and thread count
// never change a bit.
//
// Conventions for every function below:
// - Forward functions OVERWRITE their outputs.
// - Backward functions ACCUMULATE into gradient buffers: g = g + term, with the term's own
//   rounding first (so a caller zeroes gradients with zeroGrad() once per step, and a tensor
//   used twice simply receives two accumulations in graph order). A null gradient pointer
//   means "not needed" and is skipped.
// - Outputs must not alias inputs unless stated.
// - Sizes: N rows (= B*T positions), C channels, V vocabulary, K/O in/out features,
//   B batch, T sequence length, NH heads. Shapes are given as [rows, cols].
// - "sum" always means the fixed-order reduction of Reduce.h.
// - Token ids out of range throw std::invalid_argument before anything is written.

#include "compute/repro/Gemm.h"
#include "compute/repro/Math.h"
#include "compute/repro/Philox.h"
#include "compute/repro/Reduce.h"
#include "compute/repro/Runtime.h"

#include <cstddef>
#include <cstdint>

namespace idleforge::repro {

// ---- Embedding -----------------------------------------------------------------------------
// ids [N], table [V, C] -> out [N, C]:  out[n, :] = table[ids[n], :]  (copy)
void embeddingForward(float *out, const std::int32_t *ids, const float *table, std::size_t N,
                      std::size_t V, std::size_t C);
void embeddingForward(float *out, const std::uint8_t *ids, const float *table, std::size_t N,
                      std::size_t V, std::size_t C);
// dTable[ids[n], c] = dTable[ids[n], c] + dOut[n, c], for n = 0 .. N-1 in this order.
void embeddingBackward(float *dTable, const std::int32_t *ids, const float *dOut, std::size_t N,
                       std::size_t V, std::size_t C);
void embeddingBackward(float *dTable, const std::uint8_t *ids, const float *dOut, std::size_t N,
                       std::size_t V, std::size_t C);

// ---- Linear (GEMM + bias) ------------------------------------------------------------------
// x [N, K], w [O, K] (PyTorch layout), bias [O] or null -> out [N, O]
//   out[n, o]: c = bias[o] (0 when bias is null); c = fma(x[n, k], w[o, k], c) for k = 0..K-1
void linearForward(float *out, const float *x, const float *w, const float *bias, std::size_t N,
                   std::size_t K, std::size_t O);
// dOut [N, O] ->
//   dx[n, k]: c = dx[n, k]; c = fma(dOut[n, o], w[o, k], c) for o = 0..O-1
//   dw[o, k]: c = dw[o, k]; c = fma(dOut[n, o], x[n, k], c) for n = 0..N-1
//   db[o]:    c = db[o];    c = c + dOut[n, o]             for n = 0..N-1
void linearBackward(float *dx, float *dw, float *db, const float *dOut, const float *x,
                    const float *w, std::size_t N, std::size_t K, std::size_t O);

// ---- Element-wise (n elements) -------------------------------------------------------------
void addForward(float *out, const float *a, const float *b, std::size_t n); // out = a + b
// da = da + dOut; then db = db + dOut (a and b may be the same tensor: two accumulations).
void addBackward(float *da, float *db, const float *dOut, std::size_t n);
void mulForward(float *out, const float *a, const float *b, std::size_t n); // out = a * b
// da = da + (dOut * b); then db = db + (dOut * a)
void mulBackward(float *da, float *db, const float *dOut, const float *a, const float *b,
                 std::size_t n);
// dst = dst + src (gradient accumulation between graph nodes)
void accumulate(float *dst, const float *src, std::size_t n);

void reluForward(float *out, const float *x, std::size_t n); // x > 0 ? x : +0
// dx = dx + (x > 0 ? dOut : +0)
void reluBackward(float *dx, const float *dOut, const float *x, std::size_t n);

// GELU, tanh form:  u = s * (x + a * x^3), out = 0.5 * x * (1 + tanh(u)),
// s = sqrt(2/pi), a = 0.044715; exact float sequence in Ops.cpp / README.md.
void geluForward(float *out, const float *x, std::size_t n);
void geluBackward(float *dx, const float *dOut, const float *x, std::size_t n);

// ---- LayerNorm over the last dimension -----------------------------------------------------
// x [N, C], weight [C], bias [C] -> out [N, C]; saves mean [N], rstd [N] for backward.
//   mean = sum(x)/C; xm = x - mean; var = sum(xm*xm)/C; rstd = 1 / sqrt(var + eps)
//   out = ((xm * rstd) * weight) + bias
void layerNormForward(float *out, float *mean, float *rstd, const float *x, const float *weight,
                      const float *bias, std::size_t N, std::size_t C, float eps = 1e-5f);
void layerNormBackward(float *dx, float *dweight, float *dbias, const float *dOut,
                       const float *x, const float *weight, const float *mean,
                       const float *rstd, std::size_t N, std::size_t C);

// ---- Softmax over rows ---------------------------------------------------------------------
// x [N, C] -> out [N, C]: m = max(x); e = exp(x - m); out = e / sum(e)
void softmaxForward(float *out, const float *x, std::size_t N, std::size_t C);
// dx = dx + out * (dOut - sum(dOut * out))
void softmaxBackward(float *dx, const float *dOut, const float *out, std::size_t N,
                     std::size_t C);

// ---- Causal self-attention -----------------------------------------------------------------
// qkv [B*T, 3C] (columns: q | k | v; head h owns columns h*hs .. h*hs+hs-1 of each part,
// hs = C / NH) -> out [B*T, C]; saves att [B, NH, T, T] (softmax probabilities, exactly 0
// above the diagonal) for backward. Per (b, h):
//   score[t, s] = dot(q_t, k_s) * scale  (dot: fma chain over hs from 0; scale = 1/sqrt(hs))
//   att[t, :]   = softmax over s <= t, 0 for s > t
//   out[t, :]   = chain over s = 0..T-1 of fma(att[t, s], v_s, c) from 0
// C must be a multiple of NH.
void attentionForward(float *out, float *att, const float *qkv, std::size_t B, std::size_t T,
                      std::size_t C, std::size_t NH);
void attentionBackward(float *dqkv, const float *dOut, const float *qkv, const float *att,
                       std::size_t B, std::size_t T, std::size_t C, std::size_t NH);

// ---- Cross-entropy (softmax + negative log-likelihood), mean over positions ----------------
// logits [N, V], targets [N] -> probs [N, V] (saved), losses [N]; returns mean(losses).
//   m = max(row); s = sum(exp(row - m)); losses[n] = (m + log(s)) - logits[n, t];
//   probs = exp(row - m) / s
float crossEntropyForward(float *probs, float *losses, const float *logits,
                          const std::int32_t *targets, std::size_t N, std::size_t V);
float crossEntropyForward(float *probs, float *losses, const float *logits,
                          const std::uint8_t *targets, std::size_t N, std::size_t V);
// dLogits[n, v] = dLogits[n, v] + ((probs[n, v] - (v == t ? 1 : 0)) * (dLoss / N))
void crossEntropyBackward(float *dLogits, const float *probs, const std::int32_t *targets,
                          std::size_t N, std::size_t V, float dLoss = 1.0f);
void crossEntropyBackward(float *dLogits, const float *probs, const std::uint8_t *targets,
                          std::size_t N, std::size_t V, float dLoss = 1.0f);

// ---- Optimizers ------------------------------------------------------------------------------
struct SgdParams {
    float lr = 1e-2f;
    float momentum = 0.0f;    // 0: no buffer needed; else momentumBuf is required (throws)
    float weightDecay = 0.0f; // L2, added to the gradient
};
// g' = grad + (wd * p)            (only when wd != 0)
// buf = (momentum * buf) + g'; g' = buf   (only when momentum != 0; buf starts at 0)
// p = p - (lr * g')
void sgdUpdate(float *param, float *momentumBuf, const float *grad, std::size_t n,
               const SgdParams &params);

struct AdamWParams {
    float lr = 1e-3f;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    float weightDecay = 0.01f; // decoupled (PyTorch AdamW order)
};
// step t >= 1 (1 for the first update). Scalars once per call:
//   b1t = beta1^t, b2t = beta2^t (square-and-multiply in fp32, see README.md)
//   bc1 = 1 - b1t; bc2 = 1 - b2t; decay = 1 - (lr * wd)
// Per element, in this order:
//   p = p * decay
//   m = (beta1 * m) + ((1 - beta1) * g)
//   v = (beta2 * v) + ((1 - beta2) * (g * g))
//   p = p - (lr * ((m / bc1) / (sqrt(v / bc2) + eps)))
void adamWUpdate(float *param, float *m, float *v, const float *grad, std::size_t n,
                 std::uint32_t step, const AdamWParams &params);

// g = +0.0f everywhere.
void zeroGrad(float *grad, std::size_t n);

} // namespace idleforge::repro
