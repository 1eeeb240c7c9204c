#pragma once
// A device that runs the repro element-wise ops in place of the CPU's kernels (compute/vulkan's
// Elementwise is one): GELU forward and backward, the AdamW update, LayerNorm, causal
// attention, the embeddings, element for element the sequences of ElementKernelsImpl.h, OpsNorm.cpp and
// OpsAttention.cpp, so the same bits. Like GemmDevice (Gemm.h): process-wide,
// set before kernels run; while set, the op functions of Ops.h send whole tensors to it (not the
// per-thread chunks), and a device failure throws std::runtime_error, which fails the step.
#include "compute/repro/ElementKernels.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace idleforge::repro {

class ElementDevice {
public:
    virtual ~ElementDevice() = default;
    virtual bool geluForward(float *out, const float *x, std::size_t n, std::string *error) = 0;
    virtual bool geluBackward(float *dx, const float *dOut, const float *x, std::size_t n, std::string *error) = 0;
    virtual bool adamW(float *param, float *m, float *v, const float *grad, std::size_t n, const detail::AdamWScalars &s,
                       std::string *error) = 0;
    // out = a + b; dst = dst + src; ReLU (x > 0 ? x : +0; backward dx + (x > 0 ? dOut : +0)).
    virtual bool add(float *out, const float *a, const float *b, std::size_t n, std::string *error) = 0;
    virtual bool accumulate(float *dst, const float *src, std::size_t n, std::string *error) = 0;
    virtual bool reluForward(float *out, const float *x, std::size_t n, std::string *error) = 0;
    virtual bool reluBackward(float *dx, const float *dOut, const float *x, std::size_t n, std::string *error) = 0;
    // sgdUpdate of Ops.h; `momentumBuf` is used (and must be given) only when momentum != 0.
    virtual bool sgd(float *param, float *momentumBuf, const float *grad, std::size_t n, float lr, float momentum, float weightDecay,
                     std::string *error) = 0;
    // The embedding of Ops.h with `ids` checked to be < V: out[n, :] = table[ids[n], :] (the bits
    // copied); backward dTable[ids[n], c] = dTable[ids[n], c] + dOut[n, c] for n in order.
    virtual bool embeddingForward(float *out, const std::uint32_t *ids, const float *table, std::size_t N, std::size_t V,
                                  std::size_t C, std::string *error) = 0;
    virtual bool embeddingBackward(float *dTable, const std::uint32_t *ids, const float *dOut, std::size_t N, std::size_t V,
                                   std::size_t C, std::string *error) = 0;
    // db[o] = db[o] + dOut[n, o] for n in order (the linear layer's bias gradient).
    virtual bool biasGradient(float *db, const float *dOut, std::size_t N, std::size_t O, std::string *error) = 0;
    // The whole op of Ops.h (rows and, backward, the parameter gradients over n in order).
    virtual bool layerNormForward(float *out, float *mean, float *rstd, const float *x, const float *weight, const float *bias,
                                  std::size_t N, std::size_t C, float eps, std::string *error) = 0;
    virtual bool layerNormBackward(float *dx, float *dweight, float *dbias, const float *dOut, const float *x, const float *weight,
                                   const float *mean, const float *rstd, std::size_t N, std::size_t C, std::string *error) = 0;
    // Cross-entropy of Ops.h, without the mean over rows (the caller takes repro::mean of `losses`);
    // `targets` checked to be < V. Backward: `scale` = dLoss / float(N), as the CPU computes it.
    virtual bool crossEntropyForward(float *probs, float *losses, const float *logits, const std::uint32_t *targets, std::size_t N,
                                     std::size_t V, std::string *error) = 0;
    virtual bool crossEntropyBackward(float *dLogits, const float *probs, const std::uint32_t *targets, std::size_t N, std::size_t V,
                                      float scale, std::string *error) = 0;
    // Causal self-attention of Ops.h (`scale` = 1 / sqrt(float(C / NH)), as the CPU computes it).
    virtual bool attentionForward(float *out, float *att, const float *qkv, std::size_t B, std::size_t T, std::size_t C,
                                  std::size_t NH, float scale, std::string *error) = 0;
    virtual bool attentionBackward(float *dqkv, const float *dOut, const float *qkv, const float *att, std::size_t B, std::size_t T,
                                   std::size_t C, std::size_t NH, float scale, std::string *error) = 0;
};

void setElementDevice(ElementDevice *device);
ElementDevice *elementDevice(); // null: the CPU

namespace detail {
// The device to use now: the one set, unless this runs inside a kernel-pool task.
ElementDevice *activeElementDevice();
// Throws std::runtime_error("<what> on the device failed: <error>") when !ok.
void checkDevice(bool ok, const char *what, const std::string &error);
} // namespace detail

} // namespace idleforge::repro
