#include "compute/torch/TorchBackend.h"

#include <torch/torch.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace idleforge::graph {

namespace {
// The state's parameters (and AdamW moments) as tensors on the backend's device.
struct StepTensors {
    bool adam = false;
    std::vector<torch::Tensor> params, ms, vs;
    std::vector<StateTensor *> paramState;
};
} // namespace

struct TorchBackend::Impl {
    Graph g;
    torch::Device device = torch::kCPU;

    // A state tensor on the device: the state's own memory on CPU (no copy), a copy on CUDA.
    torch::Tensor wrap(StateTensor &t) const
    {
        auto cpu = torch::from_blob(t.data.data(), t.shape, torch::kFloat32);
        return device.is_cpu() ? cpu : cpu.to(device);
    }
    torch::Tensor ids(const std::vector<std::int32_t> &v) const
    {
        auto cpu = torch::from_blob(const_cast<std::int32_t *>(v.data()), {std::int64_t(v.size())}, torch::kInt32);
        return cpu.to(device, torch::kInt64);
    }
    torch::Tensor attention(const torch::Tensor &qkv, int heads) const
    {
        const std::int64_t B = g.config.batch, T = g.config.context, C = qkv.size(1) / 3, hs = C / heads;
        auto parts = qkv.view({B, T, 3, heads, hs}).permute({2, 0, 3, 1, 4}); // [3, B, NH, T, hs]
        auto q = parts[0], k = parts[1], v = parts[2];
        auto scores = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(hs)));
        auto mask = torch::ones({T, T}, torch::TensorOptions().dtype(torch::kBool).device(device)).triu(1);
        auto att = torch::softmax(scores.masked_fill(mask, -std::numeric_limits<float>::infinity()), -1);
        return torch::matmul(att, v).transpose(1, 2).contiguous().view({B * T, C});
    }
    StepTensors bindState(TrainState &state) const;
    torch::Tensor forwardLoss(const StepTensors &t, const Batch &batch) const;
};

TorchBackend::TorchBackend(const Graph &g, int threads, Device device) : d(std::make_unique<Impl>())
{
    d->g = g;
    if (g.lossNode < 0)
        throw std::invalid_argument("graph has no loss (run inferShapes first)");
    if (threads > 0)
        torch::set_num_threads(threads);
    const bool cuda = device == Device::Cuda || (device == Device::Auto && torch::cuda::is_available());
    if (cuda && !torch::cuda::is_available())
        throw std::runtime_error("CUDA requested but not available");
    d->device = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

TorchBackend::~TorchBackend() = default;

std::string TorchBackend::deviceName() const { return d->device.str(); }


StepTensors TorchBackend::Impl::bindState(TrainState &state) const
{
    StepTensors t;
    t.adam = g.config.optimizer.kind == Optimizer::Kind::AdamW;
    for (const auto &p : g.params) {
        StateTensor *st = state.find(paramStateName(p.name));
        if (!st)
            throw std::invalid_argument("state lacks parameter " + p.name);
        t.paramState.push_back(st);
        t.params.push_back(wrap(*st).requires_grad_(true));
        if (t.adam) {
            StateTensor *m = state.find(adamMName(p.name)), *v = state.find(adamVName(p.name));
            if (!m || !v)
                throw std::invalid_argument("state lacks AdamW moments of " + p.name);
            t.ms.push_back(wrap(*m));
            t.vs.push_back(wrap(*v));
        }
    }
    return t;
}

torch::Tensor TorchBackend::Impl::forwardLoss(const StepTensors &t, const Batch &batch) const
{
    const torch::Tensor inputs[3] = {ids(batch.tokens), ids(batch.targets), ids(batch.positions)};
    std::vector<torch::Tensor> out(g.nodes.size());
    auto value = [&](const ValueRef &v) -> const torch::Tensor & {
        return v.kind == ValueRef::Kind::Param ? t.params[size_t(v.index)]
             : v.kind == ValueRef::Kind::Node  ? out[size_t(v.index)]
                                               : inputs[v.index];
    };
    for (size_t i = 0; i < g.nodes.size() && int(i) <= g.lossNode; ++i) {
        const NodeDef &n = g.nodes[i];
        auto in = [&](size_t k) -> const torch::Tensor & { return value(n.inputs[k]); };
        switch (n.op) {
        case Op::Embedding: out[i] = torch::embedding(in(1), in(0)); break;
        case Op::Linear: out[i] = torch::linear(in(0), in(1), n.inputs.size() == 3 ? in(2) : torch::Tensor()); break;
        case Op::Add: out[i] = in(0) + in(1); break;
        case Op::Mul: out[i] = in(0) * in(1); break;
        case Op::Relu: out[i] = torch::relu(in(0)); break;
        case Op::Gelu: out[i] = torch::gelu(in(0), "tanh"); break;
        case Op::LayerNorm: out[i] = torch::layer_norm(in(0), {n.shape[1]}, in(1), in(2), n.eps); break;
        case Op::Softmax: out[i] = torch::softmax(in(0), -1); break;
        case Op::CausalAttention: out[i] = attention(in(0), n.heads); break;
        case Op::CrossEntropy: out[i] = torch::nll_loss(torch::log_softmax(in(0), -1), in(1)); break;
        }
    }
    return out[size_t(g.lossNode)];
}

static void optimize(const Graph &g, StepTensors &t, double step)
{
    torch::NoGradGuard noGrad;
    const auto &o = g.config.optimizer;
    for (size_t p = 0; p < t.params.size(); ++p) {
        torch::Tensor &w = t.params[p];
        torch::Tensor grad = w.grad().defined() ? w.grad() : torch::zeros_like(w);
        const double wd = g.params[p].weightDecay ? o.weightDecay : 0.0;
        if (t.adam) {
            // PyTorch AdamW order, matching repro::adamWUpdate.
            const double bc1 = 1.0 - std::pow(double(o.beta1), step), bc2 = 1.0 - std::pow(double(o.beta2), step);
            w.mul_(1.0 - double(o.lr) * wd);
            t.ms[p].mul_(o.beta1).add_(grad, 1.0 - double(o.beta1));
            t.vs[p].mul_(o.beta2).addcmul_(grad, grad, 1.0 - double(o.beta2));
            auto denom = (t.vs[p] / bc2).sqrt_().add_(o.eps);
            w.sub_((t.ms[p] / bc1) / denom * double(o.lr));
        } else {
            if (wd != 0.0)
                grad = grad + w * wd;
            w.sub_(grad * double(o.lr));
        }
    }
}

// On a GPU the tensors are copies: the new values go back into the state.
static void copyBack(const Graph &g, const StepTensors &t, TrainState &state)
{
    auto copy = [](const torch::Tensor &src, StateTensor &dst) {
        auto cpu = src.detach().to(torch::kCPU).contiguous();
        std::memcpy(dst.data.data(), cpu.data_ptr<float>(), dst.data.size() * 4);
    };
    for (size_t p = 0; p < t.params.size(); ++p) {
        copy(t.params[p], *t.paramState[p]);
        if (t.adam) {
            copy(t.ms[p], *state.find(adamMName(g.params[p].name)));
            copy(t.vs[p], *state.find(adamVName(g.params[p].name)));
        }
    }
}

float TorchBackend::step(TrainState &state, const Batch &batch, StepObserver *)
{
    StepTensors t = d->bindState(state);
    torch::Tensor loss = d->forwardLoss(t, batch);
    loss.backward();
    const float lossValue = loss.item<float>();
    optimize(d->g, t, double(state.step + 1));
    if (!d->device.is_cpu())
        copyBack(d->g, t, state);
    ++state.step;
    return lossValue;
}

} // namespace idleforge::graph
