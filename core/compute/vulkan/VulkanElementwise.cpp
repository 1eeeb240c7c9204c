#include "compute/vulkan/VulkanElementwise.h"

#include "compute/repro/Math.h"
#include "compute/vulkan/Shaders.h"
#include "compute/vulkan/VulkanContext.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <vector>

namespace idleforge::compute::vulkan {

namespace {

using repro::math::bits;

struct Params {
    std::uint32_t op, n;
    std::uint32_t lr, beta1, beta2, eps, oneMinusBeta1, oneMinusBeta2, bc1, bc2, decay;
    std::uint32_t momentum, weightDecay, flags, rows;
};

// One operand of a call: `count` floats of host memory copied in from `in` (null: not read)
// and back out to `out` (null: not written).
struct Operand {
    const float *in = nullptr;
    float *out = nullptr;
    std::size_t count = 0;
};

struct LayerNormParams {
    std::uint32_t op, rows, C, eps, flags;
};

struct CrossEntropyParams {
    std::uint32_t op, N, V, scale;
};

struct AttentionParams {
    std::uint32_t op, B, T, C, NH, hs, scale;
};

// B, T, C, NH within the shader's 32-bit indexing (and C a multiple of NH, checked by the caller).
bool attentionShapeOk(std::size_t B, std::size_t T, std::size_t C, std::size_t NH, std::string *error)
{
    const double biggest = std::max(double(B) * double(T) * 3.0 * double(C), double(B) * double(NH) * double(T) * double(T));
    if (NH == 0 || C % NH != 0 || biggest > double(std::numeric_limits<std::uint32_t>::max() / 8)) {
        if (error)
            *error = "attention shape over the shader's limits";
        return false;
    }
    return true;
}

} // namespace

struct Elementwise::Impl {
    Context *context = nullptr;
    std::unique_ptr<Context::Kernel> kernel, layerNorm, attention, crossEntropy;
    std::array<std::unique_ptr<Context::Buffer>, 6> buffers;
    std::uint64_t calls = 0;

    // Copies the operands in, runs `kernel` with `push` over `groups` workgroups of 64, copies
    // the outputs back.
    bool run(Context::Kernel &k, const void *push, std::size_t invocations, const std::vector<Operand> &ops, std::string *error)
    {
        if (invocations == 0)
            return true;
        std::vector<Context::Buffer *> bound;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            if (ops[i].count > std::numeric_limits<std::uint32_t>::max() / 8) {
                if (error)
                    *error = "tensor over the shader's 32-bit indexing";
                return false;
            }
            Context::Buffer *b = context->reuse(buffers[i], ops[i].count * sizeof(float), error);
            if (!b)
                return false;
            if (ops[i].in)
                std::memcpy(b->data(), ops[i].in, ops[i].count * sizeof(float));
            bound.push_back(b);
        }
        if (!context->run(k, bound, push, std::uint32_t((invocations + 63) / 64), 1, 1, error))
            return false;
        for (std::size_t i = 0; i < ops.size(); ++i)
            if (ops[i].out)
                std::memcpy(ops[i].out, buffers[i]->data(), ops[i].count * sizeof(float));
        ++calls;
        return true;
    }

    // One invocation per element; run() bounds n (every operand has n elements).
    bool element(Params p, std::size_t n, std::vector<Operand> ops, std::string *error)
    {
        p.n = std::uint32_t(n);
        for (Operand &o : ops)
            o.count = n;
        return run(*kernel, &p, n, ops, error);
    }
};

Elementwise::Elementwise(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Elementwise::~Elementwise() = default;

std::unique_ptr<Elementwise> Elementwise::create(Context &context, const std::string &fmaMode, std::string *error)
{
    if (fmaMode != "native" && fmaMode != "fma64") {
        if (error)
            *error = context.facts().name + " does not meet the repro contract (probe: fma mode '" + fmaMode + "')";
        return nullptr;
    }
    const bool native = fmaMode == "native";
    auto impl = std::make_unique<Impl>();
    impl->context = &context;
    const struct {
        std::unique_ptr<Context::Kernel> &kernel;
        shaders::Spirv spirv;
        int bindings;
        std::uint32_t pushBytes;
    } kernels[] = {
        {impl->kernel, native ? shaders::elementwise() : shaders::elementwiseFma64(), 4, sizeof(Params)},
        {impl->layerNorm, native ? shaders::layerNorm() : shaders::layerNormFma64(), 6, sizeof(LayerNormParams)},
        {impl->attention, native ? shaders::attention() : shaders::attentionFma64(), 5, sizeof(AttentionParams)},
        {impl->crossEntropy, native ? shaders::crossEntropy() : shaders::crossEntropyFma64(), 4, sizeof(CrossEntropyParams)},
    };
    for (const auto &k : kernels) {
        k.kernel = context.kernel(k.spirv.words, k.spirv.count, k.bindings, k.pushBytes, {}, error);
        if (!k.kernel)
            return nullptr;
    }
    return std::unique_ptr<Elementwise>(new Elementwise(std::move(impl)));
}

bool Elementwise::geluForward(float *out, const float *x, std::size_t n, std::string *error)
{
    return m_impl->element(Params{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, n, {{nullptr, out}, {x, nullptr}, {}, {}}, error);
}

bool Elementwise::geluBackward(float *dx, const float *dOut, const float *x, std::size_t n, std::string *error)
{
    return m_impl->element(Params{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, n, {{dx, dx}, {dOut, nullptr}, {x, nullptr}, {}}, error);
}

bool Elementwise::adamW(float *param, float *m, float *v, const float *grad, std::size_t n, const repro::detail::AdamWScalars &s,
                        std::string *error)
{
    const Params p{2, 0, bits(s.lr), bits(s.beta1), bits(s.beta2), bits(s.eps), bits(s.oneMinusBeta1),
                   bits(s.oneMinusBeta2), bits(s.bc1), bits(s.bc2), bits(s.decay)};
    return m_impl->element(p, n, {{param, param}, {m, m}, {v, v}, {grad, nullptr}}, error);
}

bool Elementwise::add(float *out, const float *a, const float *b, std::size_t n, std::string *error)
{
    return m_impl->element(Params{3, 0}, n, {{nullptr, out}, {a, nullptr}, {b, nullptr}, {}}, error);
}

bool Elementwise::accumulate(float *dst, const float *src, std::size_t n, std::string *error)
{
    return m_impl->element(Params{4, 0}, n, {{dst, dst}, {src, nullptr}, {}, {}}, error);
}

bool Elementwise::reluForward(float *out, const float *x, std::size_t n, std::string *error)
{
    return m_impl->element(Params{5, 0}, n, {{nullptr, out}, {x, nullptr}, {}, {}}, error);
}

bool Elementwise::reluBackward(float *dx, const float *dOut, const float *x, std::size_t n, std::string *error)
{
    return m_impl->element(Params{6, 0}, n, {{dx, dx}, {dOut, nullptr}, {x, nullptr}, {}}, error);
}

bool Elementwise::sgd(float *param, float *momentumBuf, const float *grad, std::size_t n, float lr, float momentum, float weightDecay,
                      std::string *error)
{
    Params p{7, 0};
    p.lr = bits(lr);
    p.momentum = bits(momentum);
    p.weightDecay = bits(weightDecay);
    p.flags = (weightDecay != 0.0f ? 1u : 0u) | (momentum != 0.0f ? 2u : 0u);
    float *buf = momentum != 0.0f ? momentumBuf : nullptr;
    return m_impl->element(p, n, {{param, param}, {buf, buf}, {}, {grad, nullptr}}, error);
}

// The ids travel as raw 32-bit words in a float operand (the buffers hold bits).
namespace {
const float *idWords(const std::uint32_t *ids) { return reinterpret_cast<const float *>(ids); }
} // namespace

bool Elementwise::embeddingForward(float *out, const std::uint32_t *ids, const float *table, std::size_t N, std::size_t V,
                                   std::size_t C, std::string *error)
{
    if (N == 0 || C == 0)
        return true;
    Params p{9, std::uint32_t(N * C)};
    p.rows = std::uint32_t(C);
    // run() refuses any operand over the 32-bit indexing, so N * C and V * C fit.
    return m_impl->run(*m_impl->kernel, &p, N * C,
                       {{nullptr, out, N * C}, {table, nullptr, V * C}, {idWords(ids), nullptr, N}, {nullptr, nullptr, 1}}, error);
}

bool Elementwise::embeddingBackward(float *dTable, const std::uint32_t *ids, const float *dOut, std::size_t N, std::size_t V,
                                    std::size_t C, std::string *error)
{
    if (N == 0 || C == 0)
        return true;
    Params p{10, std::uint32_t(C)};
    p.rows = std::uint32_t(N);
    return m_impl->run(*m_impl->kernel, &p, C,
                       {{dTable, dTable, V * C}, {dOut, nullptr, N * C}, {idWords(ids), nullptr, N}, {nullptr, nullptr, 1}}, error);
}

bool Elementwise::biasGradient(float *db, const float *dOut, std::size_t N, std::size_t O, std::string *error)
{
    if (O == 0)
        return true;
    if (double(N) * double(O) > double(std::numeric_limits<std::uint32_t>::max() / 8)) {
        if (error)
            *error = "bias gradient shape over the shader's limits";
        return false;
    }
    Params p{8, std::uint32_t(O)};
    p.rows = std::uint32_t(N);
    return m_impl->run(*m_impl->kernel, &p, O, {{db, db, O}, {dOut, nullptr, N * O}, {nullptr, nullptr, 1}, {nullptr, nullptr, 1}},
                       error);
}

bool Elementwise::layerNormForward(float *out, float *mean, float *rstd, const float *x, const float *weight, const float *bias,
                                   std::size_t N, std::size_t C, float eps, std::string *error)
{
    if (N > (1u << 24) || C > (1u << 24)) {
        if (error)
            *error = "layernorm shape over the shader's limits";
        return false;
    }
    const std::size_t NC = N * C;
    const LayerNormParams p{0, std::uint32_t(N), std::uint32_t(C), bits(eps), 0};
    return m_impl->run(*m_impl->layerNorm, &p, N,
                       {{nullptr, out, NC}, {nullptr, mean, N}, {nullptr, rstd, N}, {x, nullptr, NC}, {weight, nullptr, C}, {bias, nullptr, C}},
                       error);
}

bool Elementwise::layerNormBackward(float *dx, float *dweight, float *dbias, const float *dOut, const float *x, const float *weight,
                                    const float *mean, const float *rstd, std::size_t N, std::size_t C, std::string *error)
{
    if (N > (1u << 24) || C > (1u << 24)) {
        if (error)
            *error = "layernorm shape over the shader's limits";
        return false;
    }
    const std::size_t NC = N * C;
    if (dx) {
        const LayerNormParams p{1, std::uint32_t(N), std::uint32_t(C), 0, 0};
        if (!m_impl->run(*m_impl->layerNorm, &p, N,
                         {{dx, dx, NC}, {dOut, nullptr, NC}, {mean, nullptr, N}, {x, nullptr, NC}, {weight, nullptr, C}, {rstd, nullptr, N}},
                         error))
            return false;
    }
    if (!dweight && !dbias)
        return true;
    const LayerNormParams p{2, std::uint32_t(N), std::uint32_t(C), 0, (dweight ? 1u : 0u) | (dbias ? 2u : 0u)};
    return m_impl->run(*m_impl->layerNorm, &p, C,
                       {{dweight, dweight, C}, {dbias, dbias, C}, {dOut, nullptr, NC}, {x, nullptr, NC}, {mean, nullptr, N}, {rstd, nullptr, N}},
                       error);
}

bool Elementwise::crossEntropyForward(float *probs, float *losses, const float *logits, const std::uint32_t *targets, std::size_t N,
                                      std::size_t V, std::string *error)
{
    if (V == 0 || double(N) * double(V) > double(std::numeric_limits<std::uint32_t>::max() / 8)) {
        if (error)
            *error = "cross-entropy shape over the shader's limits";
        return false;
    }
    const CrossEntropyParams p{0, std::uint32_t(N), std::uint32_t(V), 0};
    static_assert(sizeof(std::uint32_t) == sizeof(float));
    return m_impl->run(*m_impl->crossEntropy, &p, N,
                       {{nullptr, probs, N * V}, {nullptr, losses, N}, {logits, nullptr, N * V},
                        {reinterpret_cast<const float *>(targets), nullptr, N}}, // the ids' bits, copied as they are
                       error);
}

bool Elementwise::crossEntropyBackward(float *dLogits, const float *probs, const std::uint32_t *targets, std::size_t N, std::size_t V,
                                       float scale, std::string *error)
{
    if (V == 0 || double(N) * double(V) > double(std::numeric_limits<std::uint32_t>::max() / 8)) {
        if (error)
            *error = "cross-entropy shape over the shader's limits";
        return false;
    }
    const CrossEntropyParams p{1, std::uint32_t(N), std::uint32_t(V), bits(scale)};
    return m_impl->run(*m_impl->crossEntropy, &p, N * V,
                       {{dLogits, dLogits, N * V}, {nullptr, nullptr, 1}, {probs, nullptr, N * V},
                        {reinterpret_cast<const float *>(targets), nullptr, N}},
                       error);
}

bool Elementwise::attentionForward(float *out, float *att, const float *qkv, std::size_t B, std::size_t T, std::size_t C,
                                   std::size_t NH, float scale, std::string *error)
{
    if (!attentionShapeOk(B, T, C, NH, error))
        return false;
    const AttentionParams p{0, std::uint32_t(B), std::uint32_t(T), std::uint32_t(C), std::uint32_t(NH), std::uint32_t(C / NH), bits(scale)};
    const std::size_t heads = B * NH, btc = B * T * C;
    return m_impl->run(*m_impl->attention, &p, heads * T,
                       {{nullptr, out, btc}, {nullptr, att, heads * T * T}, {qkv, nullptr, 3 * btc}, {nullptr, nullptr, 1}, {nullptr, nullptr, 1}},
                       error);
}

bool Elementwise::attentionBackward(float *dqkv, const float *dOut, const float *qkv, const float *att, std::size_t B, std::size_t T,
                                    std::size_t C, std::size_t NH, float scale, std::string *error)
{
    if (!attentionShapeOk(B, T, C, NH, error))
        return false;
    AttentionParams p{1, std::uint32_t(B), std::uint32_t(T), std::uint32_t(C), std::uint32_t(NH), std::uint32_t(C / NH), bits(scale)};
    const std::size_t heads = B * NH, btc = B * T * C, tt = heads * T * T;
    // Rows first (dS into the device's scratch buffer 4), then the gradients from it: the
    // operands stay in their buffers between the two dispatches (same sizes, no copy).
    if (!m_impl->run(*m_impl->attention, &p, heads * T,
                     {{nullptr, nullptr, 3 * btc}, {att, nullptr, tt}, {qkv, nullptr, 3 * btc}, {dOut, nullptr, btc}, {nullptr, nullptr, tt}},
                     error))
        return false;
    p.op = 2;
    return m_impl->run(*m_impl->attention, &p, heads * T * (C / NH),
                       {{dqkv, dqkv, 3 * btc}, {nullptr, nullptr, tt}, {nullptr, nullptr, 3 * btc}, {nullptr, nullptr, btc}, {nullptr, nullptr, tt}},
                       error);
}

std::uint64_t Elementwise::calls() const { return m_impl->calls; }

} // namespace idleforge::compute::vulkan
