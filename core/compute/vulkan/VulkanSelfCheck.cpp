#include "compute/vulkan/VulkanSelfCheck.h"

#include "compute/repro/ElementDevice.h"
#include "compute/repro/Gemm.h"
#include "compute/repro/Ops.h"
#include "compute/vulkan/VulkanElementwise.h"
#include "compute/vulkan/VulkanGemm.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <stdexcept>
#include <vector>

namespace idleforge::compute::vulkan {

namespace {

using Outputs = std::vector<std::vector<float>>;

std::vector<float> values(std::size_t n, std::uint32_t seed, float scale)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-scale, scale);
    std::vector<float> v(n);
    for (float &x : v)
        x = dist(rng);
    const float awkward[] = {0.0f, -0.0f, 1e-40f, -3e-39f, 1e-30f, 9.0f, -20.0f};
    for (std::size_t i = 0; i < std::size(awkward) && i * 13 < n; ++i)
        v[i * 13] = awkward[i];
    return v;
}

struct Devices { // installs the device for the op functions while it lives, then restores
    Devices(Gemm &g, Elementwise &e) : gemm(repro::gemmDevice()), element(repro::elementDevice())
    {
        repro::setGemmDevice(&g);
        repro::setElementDevice(&e);
    }
    ~Devices()
    {
        repro::setGemmDevice(gemm);
        repro::setElementDevice(element);
    }
    repro::GemmDevice *gemm;
    repro::ElementDevice *element;
};

struct Cpu { // the CPU's kernels while it lives
    Cpu() : gemm(repro::gemmDevice()), element(repro::elementDevice())
    {
        repro::setGemmDevice(nullptr);
        repro::setElementDevice(nullptr);
    }
    ~Cpu()
    {
        repro::setGemmDevice(gemm);
        repro::setElementDevice(element);
    }
    repro::GemmDevice *gemm;
    repro::ElementDevice *element;
};

bool sameBits(float a, float b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, 4) == 0; }

// Runs `op` on the CPU and on the device; false with `error` at the first differing bits.
bool compare(const char *name, Gemm &gemm, Elementwise &ops, const std::function<Outputs()> &op, std::string *error)
{
    Outputs cpu, dev;
    {
        Cpu onCpu;
        cpu = op();
    }
    try {
        Devices onDevice(gemm, ops);
        dev = op();
    } catch (const std::exception &e) {
        if (error)
            *error = std::string(name) + " failed on the device: " + e.what();
        return false;
    }
    for (std::size_t o = 0; o < cpu.size(); ++o)
        for (std::size_t i = 0; i < cpu[o].size(); ++i)
            if (!sameBits(cpu[o][i], dev[o][i])) {
                if (error)
                    *error = std::string(name) + " differs from the CPU (output " + std::to_string(o) + ", element " +
                             std::to_string(i) + ")";
                return false;
            }
    return true;
}

// The linear layer: forward from the bias, backward dx, dw (accumulating) and the bias gradient.
Outputs linear()
{
    const std::size_t N = 19, K = 70, O = 23;
    const std::vector<float> x = values(N * K, 1, 2.0f), w = values(O * K, 2, 1.0f), b = values(O, 3, 1.0f), g = values(N * O, 4, 1.0f);
    std::vector<float> out(N * O), dx(N * K), dw = values(O * K, 5, 0.1f), db = values(O, 6, 0.1f);
    repro::linearForward(out.data(), x.data(), w.data(), b.data(), N, K, O);
    repro::linearBackward(dx.data(), dw.data(), db.data(), g.data(), x.data(), w.data(), N, K, O);
    return {out, dx, dw, db};
}

Outputs pointwise()
{
    const std::size_t n = 1031;
    const std::vector<float> a = values(n, 7, 6.0f), b = values(n, 8, 3.0f), g = values(n, 9, 1.0f);
    std::vector<float> gelu(n), dGelu = values(n, 10, 1.0f), sum(n), acc = b, relu(n), dRelu = g;
    repro::geluForward(gelu.data(), a.data(), n);
    repro::geluBackward(dGelu.data(), g.data(), a.data(), n);
    repro::addForward(sum.data(), a.data(), b.data(), n);
    repro::accumulate(acc.data(), a.data(), n);
    repro::reluForward(relu.data(), a.data(), n);
    repro::reluBackward(dRelu.data(), b.data(), a.data(), n);
    std::vector<float> p = b, m = values(n, 11, 0.1f), v = values(n, 12, 0.0f), sp = b, buf = values(n, 13, 0.1f);
    for (float &x : v)
        x = x * x;
    repro::adamWUpdate(p.data(), m.data(), v.data(), g.data(), n, 3, repro::AdamWParams{});
    repro::sgdUpdate(sp.data(), buf.data(), g.data(), n, repro::SgdParams{0.05f, 0.9f, 0.01f});
    return {gelu, dGelu, sum, acc, relu, dRelu, p, m, v, sp, buf};
}

Outputs rows()
{
    const std::size_t N = 9, C = 33;
    const std::vector<float> x = values(N * C, 14, 3.0f), w = values(C, 15, 1.0f), b = values(C, 16, 1.0f), g = values(N * C, 17, 1.0f);
    std::vector<float> out(N * C), mean(N), rstd(N), dx(N * C), dw(C), db(C);
    repro::layerNormForward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), N, C);
    repro::layerNormBackward(dx.data(), dw.data(), db.data(), g.data(), x.data(), w.data(), mean.data(), rstd.data(), N, C);
    const std::size_t V = 11;
    const std::vector<float> logits = values(N * V, 18, 4.0f);
    const std::vector<std::int32_t> targets{0, 3, 10, 5, 5, 1, 7, 2, 9};
    std::vector<float> probs(N * V), losses(N), dLogits(N * V);
    const float loss = repro::crossEntropyForward(probs.data(), losses.data(), logits.data(), targets.data(), N, V);
    repro::crossEntropyBackward(dLogits.data(), probs.data(), targets.data(), N, V);
    const std::vector<float> table = values(V * C, 19, 1.0f);
    std::vector<float> emb(N * C), dTable = values(V * C, 20, 0.1f);
    repro::embeddingForward(emb.data(), targets.data(), table.data(), N, V, C);
    repro::embeddingBackward(dTable.data(), targets.data(), g.data(), N, V, C);
    return {out, mean, rstd, dx, dw, db, probs, losses, dLogits, {loss}, emb, dTable};
}

Outputs attention()
{
    const std::size_t B = 2, T = 7, C = 12, NH = 3;
    const std::vector<float> qkv = values(B * T * 3 * C, 21, 2.0f), g = values(B * T * C, 22, 1.0f);
    std::vector<float> out(B * T * C), att(B * NH * T * T), dqkv(B * T * 3 * C);
    repro::attentionForward(out.data(), att.data(), qkv.data(), B, T, C, NH);
    repro::attentionBackward(dqkv.data(), g.data(), qkv.data(), att.data(), B, T, C, NH);
    return {out, att, dqkv};
}

} // namespace

bool selfCheck(Gemm &gemm, Elementwise &ops, std::string *error)
{
    return compare("the linear layer", gemm, ops, linear, error) && compare("GELU, adds, ReLU, AdamW or SGD", gemm, ops, pointwise, error) &&
           compare("LayerNorm, cross-entropy or the embeddings", gemm, ops, rows, error) &&
           compare("attention", gemm, ops, attention, error);
}

} // namespace idleforge::compute::vulkan
