#pragma once
// The repro element-wise ops on a Vulkan device (shaders/elementwise.comp: GELU forward and
// backward, AdamW, adds, ReLU, SGD, bias gradients, the embeddings; shaders/layernorm.comp: LayerNorm forward and backward with its fixed-order
// row sums; shaders/attention.comp: causal self-attention; shaders/crossentropy.comp), bit for bit the CPU's kernels; a repro::ElementDevice. `fmaMode` is the
// probe's, as for the GEMM: it picks the kernel whose tanh uses GLSL fma() or the binary64
// emulation. Operands are host memory, copied through buffers kept and grown between calls.
#include "compute/repro/ElementDevice.h"

#include <cstdint>
#include <memory>
#include <string>

namespace idleforge::compute::vulkan {

class Context;

class Elementwise final : public repro::ElementDevice {
public:
    static std::unique_ptr<Elementwise> create(Context &context, const std::string &fmaMode, std::string *error);
    ~Elementwise() override;

    bool geluForward(float *out, const float *x, std::size_t n, std::string *error) override;
    bool geluBackward(float *dx, const float *dOut, const float *x, std::size_t n, std::string *error) override;
    bool adamW(float *param, float *m, float *v, const float *grad, std::size_t n, const repro::detail::AdamWScalars &s,
               std::string *error) override;

    bool add(float *out, const float *a, const float *b, std::size_t n, std::string *error) override;
    bool accumulate(float *dst, const float *src, std::size_t n, std::string *error) override;
    bool reluForward(float *out, const float *x, std::size_t n, std::string *error) override;
    bool reluBackward(float *dx, const float *dOut, const float *x, std::size_t n, std::string *error) override;
    bool sgd(float *param, float *momentumBuf, const float *grad, std::size_t n, float lr, float momentum, float weightDecay,
             std::string *error) override;
    bool biasGradient(float *db, const float *dOut, std::size_t N, std::size_t O, std::string *error) override;
    bool embeddingForward(float *out, const std::uint32_t *ids, const float *table, std::size_t N, std::size_t V, std::size_t C,
                          std::string *error) override;
    bool embeddingBackward(float *dTable, const std::uint32_t *ids, const float *dOut, std::size_t N, std::size_t V, std::size_t C,
                           std::string *error) override;
    bool layerNormForward(float *out, float *mean, float *rstd, const float *x, const float *weight, const float *bias, std::size_t N,
                          std::size_t C, float eps, std::string *error) override;
    bool layerNormBackward(float *dx, float *dweight, float *dbias, const float *dOut, const float *x, const float *weight,
                           const float *mean, const float *rstd, std::size_t N, std::size_t C, std::string *error) override;

    bool crossEntropyForward(float *probs, float *losses, const float *logits, const std::uint32_t *targets, std::size_t N, std::size_t V,
                             std::string *error) override;
    bool crossEntropyBackward(float *dLogits, const float *probs, const std::uint32_t *targets, std::size_t N, std::size_t V, float scale,
                              std::string *error) override;
    bool attentionForward(float *out, float *att, const float *qkv, std::size_t B, std::size_t T, std::size_t C, std::size_t NH,
                          float scale, std::string *error) override;
    bool attentionBackward(float *dqkv, const float *dOut, const float *qkv, const float *att, std::size_t B, std::size_t T,
                           std::size_t C, std::size_t NH, float scale, std::string *error) override;

    std::uint64_t calls() const;

private:
    struct Impl;
    explicit Elementwise(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace idleforge::compute::vulkan
