// Benchmark: each repro op (forward + backward) against the same op through libtorch autograd
// on the CPU, same thread count, shapes of the gpt template's layer (default: batch 8,
// context 64, d 128, 4 heads, vocab 256). Prints one JSON document; ratio = torch time / repro
// time (>= 1: repro is faster).
//
//   bench_repro_ops [--threads N] [--batch B] [--context T] [--d-model C] [--heads H]

#include "compute/repro/Ops.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace idleforge::repro;

namespace {

using Vec = std::vector<float>;

double seconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double bestTime(const std::function<void()> &fn)
{
    fn();
    double best = 1e30, spent = 0.0;
    for (int run = 0; (run < 5 || spent < 0.2) && run < 2000; ++run) {
        const double t0 = seconds();
        fn();
        const double dt = seconds() - t0;
        best = std::min(best, dt);
        spent += dt;
    }
    return best;
}

Vec random(std::size_t n, std::uint32_t tag, float lo = -1.0f, float hi = 1.0f)
{
    Vec v(n);
    fillUniform(v.data(), n, {.seed = 3, .purpose = RandomPurpose::Test, .step = tag}, lo, hi);
    return v;
}

torch::Tensor leaf(const Vec &v, std::vector<std::int64_t> shape)
{
    return torch::from_blob(const_cast<float *>(v.data()), shape).clone().requires_grad_(true);
}

torch::Tensor plain(const Vec &v, std::vector<std::int64_t> shape)
{
    return torch::from_blob(const_cast<float *>(v.data()), shape).clone();
}

struct Row {
    std::string name;
    double repro = 0.0, torch = 0.0;
};

} // namespace

int main(int argc, char **argv)
{
    long threads = 2, B = 8, T = 64, C = 128, NH = 4;
    const long V = 256;
    for (int i = 1; i + 1 < argc; i += 2) {
        const long value = std::atol(argv[i + 1]);
        if (!std::strcmp(argv[i], "--threads")) threads = value;
        else if (!std::strcmp(argv[i], "--batch")) B = value;
        else if (!std::strcmp(argv[i], "--context")) T = value;
        else if (!std::strcmp(argv[i], "--d-model")) C = value;
        else if (!std::strcmp(argv[i], "--heads")) NH = value;
    }
    setThreadCount(int(threads));
    torch::set_num_threads(int(threads));
    const long N = B * T;
    std::vector<Row> rows;

    { // linear C -> 4C and 4C -> C
        for (auto [K, O] : {std::pair{C, 3 * C}, std::pair{C, 4 * C}, std::pair{4 * C, C}, std::pair{C, V}}) {
            const Vec x = random(std::size_t(N * K), 1), w = random(std::size_t(O * K), 2),
                      b = random(std::size_t(O), 3), g = random(std::size_t(N * O), 4);
            Vec out(std::size_t(N * O)), dx(x.size()), dw(w.size()), db(b.size());
            Row r{"linear_" + std::to_string(K) + "x" + std::to_string(O)};
            r.repro = bestTime([&] {
                linearForward(out.data(), x.data(), w.data(), b.data(), N, K, O);
                linearBackward(dx.data(), dw.data(), db.data(), g.data(), x.data(), w.data(), N, K, O);
            });
            auto tx = leaf(x, {N, K}), tw = leaf(w, {O, K}), tb = leaf(b, {O});
            const auto tg = plain(g, {N, O});
            r.torch = bestTime([&] { torch::nn::functional::linear(tx, tw, tb).backward(tg); });
            rows.push_back(r);
        }
    }
    { // layernorm
        const Vec x = random(std::size_t(N * C), 5), w = random(std::size_t(C), 6),
                  b = random(std::size_t(C), 7), g = random(std::size_t(N * C), 8);
        Vec out(x.size()), mu(static_cast<std::size_t>(N)), rs(static_cast<std::size_t>(N)), dx(x.size()), dw(w.size()), db(b.size());
        Row r{"layernorm"};
        r.repro = bestTime([&] {
            layerNormForward(out.data(), mu.data(), rs.data(), x.data(), w.data(), b.data(), N, C);
            layerNormBackward(dx.data(), dw.data(), db.data(), g.data(), x.data(), w.data(), mu.data(), rs.data(), N, C);
        });
        auto tx = leaf(x, {N, C}), tw = leaf(w, {C}), tb = leaf(b, {C});
        const auto tg = plain(g, {N, C});
        r.torch = bestTime([&] { torch::layer_norm(tx, {C}, tw, tb, 1e-5).backward(tg); });
        rows.push_back(r);
    }
    { // gelu on the 4C activation
        const Vec x = random(std::size_t(N * 4 * C), 9, -4.0f, 4.0f), g = random(x.size(), 10);
        Vec out(x.size()), dx(x.size());
        Row r{"gelu"};
        r.repro = bestTime([&] {
            geluForward(out.data(), x.data(), x.size());
            geluBackward(dx.data(), g.data(), x.data(), x.size());
        });
        auto tx = leaf(x, {long(x.size())});
        const auto tg = plain(g, {long(x.size())});
        r.torch = bestTime([&] { torch::gelu(tx, "tanh").backward(tg); });
        rows.push_back(r);
    }
    { // residual add
        const Vec a = random(std::size_t(N * C), 11), b = random(std::size_t(N * C), 12), g = random(a.size(), 13);
        Vec out(a.size()), da(a.size()), db(a.size());
        Row r{"add"};
        r.repro = bestTime([&] {
            addForward(out.data(), a.data(), b.data(), a.size());
            addBackward(da.data(), db.data(), g.data(), a.size());
        });
        auto ta = leaf(a, {long(a.size())}), tb = leaf(b, {long(b.size())});
        const auto tg = plain(g, {long(a.size())});
        r.torch = bestTime([&] { (ta + tb).backward(tg); });
        rows.push_back(r);
    }
    { // causal attention
        const long hs = C / NH;
        const Vec qkv = random(std::size_t(N * 3 * C), 14), g = random(std::size_t(N * C), 15);
        Vec out(std::size_t(N * C)), att(std::size_t(B * NH * T * T)), d(qkv.size());
        Row r{"attention"};
        r.repro = bestTime([&] {
            attentionForward(out.data(), att.data(), qkv.data(), B, T, C, NH);
            attentionBackward(d.data(), g.data(), qkv.data(), att.data(), B, T, C, NH);
        });
        auto tqkv = leaf(qkv, {B, T, 3 * C});
        const auto tg = plain(g, {B, T, C});
        const auto mask = torch::ones({T, T}, torch::kBool).triu(1);
        r.torch = bestTime([&] {
            auto parts = tqkv.split(C, 2);
            auto heads = [&](const torch::Tensor &t) { return t.view({B, T, NH, hs}).transpose(1, 2); };
            auto s = torch::matmul(heads(parts[0]), heads(parts[1]).transpose(-2, -1)) * (1.0 / std::sqrt(double(hs)));
            auto p = torch::softmax(s.masked_fill(mask, -INFINITY), -1);
            torch::matmul(p, heads(parts[2])).transpose(1, 2).contiguous().view({B, T, C}).backward(tg);
        });
        rows.push_back(r);
    }
    { // cross-entropy over the vocabulary
        const Vec logits = random(std::size_t(N * V), 16, -4.0f, 4.0f);
        std::vector<std::int32_t> t(static_cast<std::size_t>(N));
        for (long i = 0; i < N; ++i)
            t[std::size_t(i)] = std::int32_t((i * 31) % V);
        Vec probs(logits.size()), losses(static_cast<std::size_t>(N)), d(logits.size());
        Row r{"cross_entropy"};
        r.repro = bestTime([&] {
            crossEntropyForward(probs.data(), losses.data(), logits.data(), t.data(), N, V);
            crossEntropyBackward(d.data(), probs.data(), t.data(), N, V);
        });
        auto tl = leaf(logits, {N, V});
        const auto tt = torch::from_blob(t.data(), {N}, torch::kInt32).to(torch::kLong);
        r.torch = bestTime([&] { torch::nn::functional::cross_entropy(tl, tt).backward(); });
        rows.push_back(r);
    }
    { // AdamW over a layer's worth of parameters (12 C^2)
        const std::size_t n = std::size_t(12 * C * C);
        Vec p = random(n, 17), m(n, 0.0f), v(n, 0.0f);
        const Vec g = random(n, 18);
        Row r{"adamw"};
        std::uint32_t step = 0;
        r.repro = bestTime([&] { adamWUpdate(p.data(), m.data(), v.data(), g.data(), n, ++step, {}); });
        auto tp = leaf(p, {long(n)});
        tp.mutable_grad() = plain(g, {long(n)});
        torch::optim::AdamW opt({tp}, torch::optim::AdamWOptions(1e-3));
        r.torch = bestTime([&] { opt.step(); });
        rows.push_back(r);
    }

    double reproTotal = 0.0, torchTotal = 0.0;
    std::printf("{\n  \"benchmark\": \"repro_ops_vs_torch\",\n  \"threads\": %ld,\n  \"isa\": \"%s\",\n"
                "  \"shape\": {\"batch\": %ld, \"context\": %ld, \"d_model\": %ld, \"heads\": %ld, \"vocab\": %ld},\n"
                "  \"ops\": [\n", threads, std::string(isaName(activeIsa())).c_str(), B, T, C, NH, V);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row &r = rows[i];
        reproTotal += r.repro;
        torchTotal += r.torch;
        std::printf("    {\"op\": \"%s\", \"repro_us\": %.1f, \"torch_us\": %.1f, \"ratio\": %.3f}%s\n",
                    r.name.c_str(), r.repro * 1e6, r.torch * 1e6, r.torch / r.repro,
                    i + 1 < rows.size() ? "," : "");
    }
    std::printf("  ],\n  \"repro_total_us\": %.1f,\n  \"torch_total_us\": %.1f,\n  \"ratio_total\": %.3f\n}\n",
                reproTotal * 1e6, torchTotal * 1e6, torchTotal / reproTotal);
    return 0;
}
