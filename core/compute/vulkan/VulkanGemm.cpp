#include "compute/vulkan/VulkanGemm.h"

#include "compute/vulkan/Shaders.h"
#include "compute/vulkan/VulkanContext.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

namespace idleforge::compute::vulkan {

namespace {

struct Params {
    std::uint32_t m, n, k, lda, ldb, ldc, transA, transB, init;
};

// Elements a row-major operand of `rows` x `cols` with leading dimension `ld` spans.
std::size_t span(std::size_t rows, std::size_t cols, std::size_t ld) { return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols; }

} // namespace

struct Gemm::Impl {
    Context *context = nullptr;
    std::unique_ptr<Context::Kernel> kernel;
    std::unique_ptr<Context::Buffer> buffers[4]; // a, b, c, bias: reused while big enough
    std::uint64_t calls = 0;
    double flops = 0;

    Context::Buffer *room(int slot, std::size_t bytes, std::string *error) { return context->reuse(buffers[slot], bytes, error); }
};

Gemm::Gemm(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Gemm::~Gemm() = default;

std::unique_ptr<Gemm> Gemm::create(Context &context, const std::string &fmaMode, std::string *error)
{
    if (fmaMode != "native" && fmaMode != "fma64") {
        if (error)
            *error = context.facts().name + " does not meet the repro contract (probe: fma mode '" + fmaMode + "')";
        return nullptr;
    }
    const shaders::Spirv spirv = fmaMode == "native" ? shaders::gemm() : shaders::gemmFma64();
    auto impl = std::make_unique<Impl>();
    impl->context = &context;
    impl->kernel = context.kernel(spirv.words, spirv.count, 4, sizeof(Params), {}, error);
    if (!impl->kernel)
        return nullptr;
    return std::unique_ptr<Gemm>(new Gemm(std::move(impl)));
}

bool Gemm::run(const repro::GemmArgs &g, std::string *error)
{
    constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max() / 2;
    if (g.m > kMax || g.n > kMax || g.k > kMax || g.lda > kMax || g.ldb > kMax || g.ldc > kMax) {
        if (error)
            *error = "GEMM dimensions over the shader's 32-bit indexing";
        return false;
    }
    if (g.m == 0 || g.n == 0)
        return true;
    const std::size_t aElems = g.transA == repro::Trans::No ? span(g.m, g.k, g.lda) : span(g.k, g.m, g.lda);
    const std::size_t bElems = g.transB == repro::Trans::No ? span(g.k, g.n, g.ldb) : span(g.n, g.k, g.ldb);
    const std::size_t cElems = span(g.m, g.n, g.ldc);
    if (aElems * sizeof(float) > kMax || bElems * sizeof(float) > kMax || cElems * sizeof(float) > kMax) {
        if (error)
            *error = "GEMM operands over the shader's 32-bit indexing";
        return false;
    }
    Context &ctx = *m_impl->context;
    Context::Buffer *a = m_impl->room(0, aElems * sizeof(float), error);
    Context::Buffer *b = a ? m_impl->room(1, bElems * sizeof(float), error) : nullptr;
    Context::Buffer *c = b ? m_impl->room(2, cElems * sizeof(float), error) : nullptr;
    Context::Buffer *bias = c ? m_impl->room(3, g.init == repro::Init::Bias ? g.n * sizeof(float) : 4, error) : nullptr;
    if (!bias)
        return false;
    if (aElems)
        std::memcpy(a->data(), g.a, aElems * sizeof(float));
    if (bElems)
        std::memcpy(b->data(), g.b, bElems * sizeof(float));
    if (g.init == repro::Init::Accumulate)
        std::memcpy(c->data(), g.c, cElems * sizeof(float));
    if (g.init == repro::Init::Bias)
        std::memcpy(bias->data(), g.bias, g.n * sizeof(float));
    const Params p{std::uint32_t(g.m), std::uint32_t(g.n), std::uint32_t(g.k), std::uint32_t(g.lda), std::uint32_t(g.ldb),
                   std::uint32_t(g.ldc), g.transA == repro::Trans::Yes ? 1u : 0u, g.transB == repro::Trans::Yes ? 1u : 0u,
                   g.init == repro::Init::Zero ? 0u : g.init == repro::Init::Bias ? 1u : 2u};
    if (!ctx.run(*m_impl->kernel, {a, b, c, bias}, &p, std::uint32_t((g.n + 15) / 16),
                 std::uint32_t((g.m + 15) / 16), 1, error))
        return false;
    // Only the m x n outputs: the gaps between rows (ldc > n) are the caller's and stay as they were.
    const float *out = static_cast<const float *>(c->data());
    for (std::size_t i = 0; i < g.m; ++i)
        std::memcpy(g.c + i * g.ldc, out + i * g.ldc, g.n * sizeof(float));
    ++m_impl->calls;
    m_impl->flops += 2.0 * double(g.m) * double(g.n) * double(g.k);
    return true;
}

std::uint64_t Gemm::calls() const { return m_impl->calls; }

double Gemm::flops() const { return m_impl->flops; }

} // namespace idleforge::compute::vulkan
