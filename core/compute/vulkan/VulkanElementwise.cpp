#include "compute/vulkan/VulkanElementwise.h"

#include "compute/vulkan/Shaders.h"
#include "compute/vulkan/VulkanContext.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <vector>

namespace idleforge::compute::vulkan {

namespace {

struct Params {
    std::uint32_t op, n;
    std::uint32_t lr, beta1, beta2, eps, oneMinusBeta1, oneMinusBeta2, bc1, bc2, decay;
};

std::uint32_t bitsOf(float f)
{
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

// One operand of a call: host memory in (may be null: not read), host memory out (may be null).
struct Operand {
    const float *in = nullptr;
    float *out = nullptr;
};

} // namespace

struct Elementwise::Impl {
    Context *context = nullptr;
    std::unique_ptr<Context::Kernel> kernel;
    std::array<std::unique_ptr<Context::Buffer>, 4> buffers;
    std::uint64_t calls = 0;

    // Copies the operands in, runs `p` over n elements, copies the outputs back.
    bool run(Params p, std::size_t n, const std::array<Operand, 4> &ops, std::string *error)
    {
        if (n == 0)
            return true;
        if (n > std::numeric_limits<std::uint32_t>::max() / 8) {
            if (error)
                *error = "tensor over the shader's 32-bit indexing";
            return false;
        }
        const std::size_t bytes = n * sizeof(float);
        std::vector<Context::Buffer *> bound;
        for (std::size_t i = 0; i < buffers.size(); ++i) {
            std::unique_ptr<Context::Buffer> &b = buffers[i];
            if (!b || b->size() < bytes) {
                b.reset();
                b = context->buffer(bytes + bytes / 4, error);
                if (!b)
                    return false;
            }
            if (ops[i].in)
                std::memcpy(b->data(), ops[i].in, bytes);
            bound.push_back(b.get());
        }
        p.n = std::uint32_t(n);
        if (!context->run(*kernel, bound, &p, std::uint32_t((n + 63) / 64), 1, 1, error))
            return false;
        for (std::size_t i = 0; i < buffers.size(); ++i)
            if (ops[i].out)
                std::memcpy(ops[i].out, buffers[i]->data(), bytes);
        ++calls;
        return true;
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
    const shaders::Spirv spirv = fmaMode == "native" ? shaders::elementwise() : shaders::elementwiseFma64();
    auto impl = std::make_unique<Impl>();
    impl->context = &context;
    impl->kernel = context.kernel(spirv.words, spirv.count, 4, sizeof(Params), {}, error);
    if (!impl->kernel)
        return nullptr;
    return std::unique_ptr<Elementwise>(new Elementwise(std::move(impl)));
}

bool Elementwise::geluForward(float *out, const float *x, std::size_t n, std::string *error)
{
    return m_impl->run(Params{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, n, {Operand{nullptr, out}, Operand{x, nullptr}, {}, {}}, error);
}

bool Elementwise::geluBackward(float *dx, const float *dOut, const float *x, std::size_t n, std::string *error)
{
    return m_impl->run(Params{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, n, {Operand{dx, dx}, Operand{dOut, nullptr}, Operand{x, nullptr}, {}},
                       error);
}

bool Elementwise::adamW(float *param, float *m, float *v, const float *grad, std::size_t n, const repro::detail::AdamWScalars &s,
                        std::string *error)
{
    const Params p{2, 0, bitsOf(s.lr), bitsOf(s.beta1), bitsOf(s.beta2), bitsOf(s.eps), bitsOf(s.oneMinusBeta1),
                   bitsOf(s.oneMinusBeta2), bitsOf(s.bc1), bitsOf(s.bc2), bitsOf(s.decay)};
    return m_impl->run(p, n, {Operand{param, param}, Operand{m, m}, Operand{v, v}, Operand{grad, nullptr}}, error);
}

std::uint64_t Elementwise::calls() const { return m_impl->calls; }

} // namespace idleforge::compute::vulkan
