#include "compute/graph/ReproExecutor.h"

#include "compute/repro/Ops.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace idleforge::graph {

namespace {

struct Buf {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> own; // empty for state buffers, which point into the TrainState
    float *ptr = nullptr;
    size_t n = 0;
};

struct PlanNode {
    ReproExecutor::NodeInfo info;
    int index = 0;            // graph node (forward/backward) or parameter (optimizer)
    std::vector<int> outBufs; // observer order
};

size_t numel(const std::vector<std::int64_t> &shape)
{
    size_t n = 1;
    for (auto d : shape)
        n *= size_t(d);
    return n;
}

} // namespace

struct ReproExecutor::Impl {
    Graph g;
    std::vector<Buf> bufs;
    std::map<std::string, int, std::less<>> byName;
    std::vector<int> pVal, pGrad, pM, pV;     // per parameter
    std::vector<int> nOut, nGrad, nAux1, nAux2; // per node (-1: none)
    std::vector<PlanNode> plan;
    const std::int32_t *ids[3] = {nullptr, nullptr, nullptr};
    std::int64_t step = 0;
    float loss = 0;

    int addBuf(std::string name, std::vector<std::int64_t> shape, bool owned)
    {
        Buf b;
        b.n = numel(shape);
        b.name = std::move(name);
        b.shape = std::move(shape);
        if (owned) {
            b.own.assign(b.n, 0.0f);
            b.ptr = b.own.data();
        }
        byName[b.name] = int(bufs.size());
        bufs.push_back(std::move(b));
        return int(bufs.size()) - 1;
    }
    float *P(int buf) { return buf < 0 ? nullptr : bufs[size_t(buf)].ptr; }

    // Buffer of an input value, and the buffer receiving its gradient (-1 for token ids).
    int valueBuf(const ValueRef &v) const
    {
        return v.kind == ValueRef::Kind::Param ? pVal[size_t(v.index)] : v.kind == ValueRef::Kind::Node ? nOut[size_t(v.index)] : -1;
    }
    int gradBuf(const ValueRef &v) const
    {
        return v.kind == ValueRef::Kind::Param ? pGrad[size_t(v.index)] : v.kind == ValueRef::Kind::Node ? nGrad[size_t(v.index)] : -1;
    }
    const float *in(const NodeDef &n, size_t k) { return P(valueBuf(n.inputs[k])); }
    float *din(const NodeDef &n, size_t k) { return P(gradBuf(n.inputs[k])); }
    const std::int32_t *idsOf(const NodeDef &n, size_t k) { return ids[n.inputs[k].index]; }
    // A node's output as [rows, cols] (cols 0 for a scalar) and its element count.
    struct Dims {
        size_t rows, cols, count;
    };
    Dims dimsOf(const NodeDef &n) const
    {
        const size_t rows = size_t(g.rows());
        const size_t cols = n.shape.size() == 2 ? size_t(n.shape[1]) : 0;
        return {rows, cols, rows * cols};
    }

    void build();
    void allocateParams(bool adam);
    std::vector<bool> reachingLoss() const;
    void allocateNodes(const std::vector<bool> &reaches);
    std::vector<std::string> namesOf(const std::vector<int> &bufIds) const;
    std::vector<std::string> inputNames(const NodeDef &n) const;
    void planForward();
    void planBackward(const std::vector<bool> &reaches);
    void planOptimizer(bool adam);
    void forward(int i);
    void backward(int i);
    void optimize(int p);
};

// Buffers first (parameters, then nodes, in graph order: the state layout and its hashes
// depend on it), then the plan: forward and loss, backward from the loss, the optimizer.
void ReproExecutor::Impl::build()
{
    const bool adam = g.config.optimizer.kind == Optimizer::Kind::AdamW;
    allocateParams(adam);
    const std::vector<bool> reaches = reachingLoss();
    allocateNodes(reaches);
    planForward();
    planBackward(reaches);
    planOptimizer(adam);
}

void ReproExecutor::Impl::allocateParams(bool adam)
{
    for (const auto &p : g.params) {
        pVal.push_back(addBuf(paramStateName(p.name), p.shape, false));
        pGrad.push_back(addBuf("grad/" + p.name, p.shape, true));
        pM.push_back(adam ? addBuf(adamMName(p.name), p.shape, false) : -1);
        pV.push_back(adam ? addBuf(adamVName(p.name), p.shape, false) : -1);
    }
}

std::vector<bool> ReproExecutor::Impl::reachingLoss() const
{
    std::vector<bool> reaches(g.nodes.size(), false);
    reaches[size_t(g.lossNode)] = true;
    for (int i = g.lossNode; i >= 0; --i)
        if (reaches[size_t(i)])
            for (const auto &v : g.nodes[size_t(i)].inputs)
                if (v.kind == ValueRef::Kind::Node)
                    reaches[size_t(v.index)] = true;
    return reaches;
}

void ReproExecutor::Impl::allocateNodes(const std::vector<bool> &reaches)
{
    const auto N = g.rows();
    for (size_t i = 0; i < g.nodes.size(); ++i) {
        const NodeDef &n = g.nodes[i];
        const bool isLoss = int(i) == g.lossNode;
        nOut.push_back(addBuf(n.name, isLoss ? std::vector<std::int64_t>{1} : n.shape, true));
        nGrad.push_back(isLoss || !reaches[i] ? -1 : addBuf("grad/" + n.name, n.shape, true));
        int a1 = -1, a2 = -1;
        if (n.op == Op::LayerNorm) {
            a1 = addBuf(n.name + "/mean", {N}, true);
            a2 = addBuf(n.name + "/rstd", {N}, true);
        } else if (n.op == Op::CausalAttention) {
            a1 = addBuf(n.name + "/att", {g.config.batch, n.heads, g.config.context, g.config.context}, true);
        } else if (n.op == Op::CrossEntropy) {
            a1 = addBuf(n.name + "/probs", {N, g.vocab}, true);
            a2 = addBuf(n.name + "/losses", {N}, true);
        }
        nAux1.push_back(a1);
        nAux2.push_back(a2);
    }
}

std::vector<std::string> ReproExecutor::Impl::namesOf(const std::vector<int> &bufIds) const
{
    std::vector<std::string> out;
    for (int b : bufIds)
        out.push_back(bufs[size_t(b)].name);
    return out;
}

std::vector<std::string> ReproExecutor::Impl::inputNames(const NodeDef &n) const
{
    std::vector<std::string> out;
    for (const auto &v : n.inputs)
        out.push_back(v.kind == ValueRef::Kind::Input ? std::string(inputName(Input(v.index))) : bufs[size_t(valueBuf(v))].name);
    return out;
}

void ReproExecutor::Impl::planForward()
{
    for (size_t i = 0; i < g.nodes.size(); ++i) {
        const NodeDef &n = g.nodes[i];
        std::vector<int> outs{nOut[i]};
        for (int a : {nAux1[i], nAux2[i]})
            if (a >= 0)
                outs.push_back(a);
        const StepPhase phase = int(i) == g.lossNode ? StepPhase::Loss : StepPhase::Forward;
        plan.push_back({{phase, std::string(opName(n.op)), n.name, inputNames(n), namesOf(outs)}, int(i), outs});
    }
}

void ReproExecutor::Impl::planBackward(const std::vector<bool> &reaches)
{
    for (int i = g.lossNode; i >= 0; --i) {
        if (!reaches[size_t(i)])
            continue;
        const NodeDef &n = g.nodes[size_t(i)];
        std::vector<int> outs;
        for (const auto &v : n.inputs) {
            const int gb = gradBuf(v);
            if (gb >= 0 && std::find(outs.begin(), outs.end(), gb) == outs.end())
                outs.push_back(gb);
        }
        std::vector<std::string> ins = inputNames(n);
        if (nGrad[size_t(i)] >= 0)
            ins.push_back(bufs[size_t(nGrad[size_t(i)])].name);
        for (int a : {nOut[size_t(i)], nAux1[size_t(i)], nAux2[size_t(i)]})
            if (a >= 0)
                ins.push_back(bufs[size_t(a)].name);
        for (const auto &o : namesOf(outs))
            ins.push_back(o); // accumulated into
        plan.push_back({{StepPhase::Backward, std::string(opName(n.op)) + "_backward", n.name + "/backward", ins, namesOf(outs)}, i, outs});
    }
}

void ReproExecutor::Impl::planOptimizer(bool adam)
{
    for (size_t p = 0; p < g.params.size(); ++p) {
        std::vector<int> outs{pVal[p]};
        if (adam) {
            outs.push_back(pM[p]);
            outs.push_back(pV[p]);
        }
        std::vector<std::string> ins = namesOf(outs);
        ins.push_back(bufs[size_t(pGrad[p])].name);
        plan.push_back({{StepPhase::Optimizer, adam ? "adamw" : "sgd", g.params[p].name + "/update", ins, namesOf(outs)}, int(p), outs});
    }
}

void ReproExecutor::Impl::forward(int i)
{
    const NodeDef &n = g.nodes[size_t(i)];
    float *out = P(nOut[size_t(i)]);
    const auto [N, cols, count] = dimsOf(n);
    switch (n.op) {
    case Op::Embedding: {
        const auto &t = g.params[size_t(n.inputs[1].index)].shape;
        repro::embeddingForward(out, idsOf(n, 0), in(n, 1), N, size_t(t[0]), size_t(t[1]));
        break;
    }
    case Op::Linear: {
        const auto &w = g.params[size_t(n.inputs[1].index)].shape;
        repro::linearForward(out, in(n, 0), in(n, 1), n.inputs.size() == 3 ? in(n, 2) : nullptr, N, size_t(w[1]), size_t(w[0]));
        break;
    }
    case Op::Add: repro::addForward(out, in(n, 0), in(n, 1), count); break;
    case Op::Mul: repro::mulForward(out, in(n, 0), in(n, 1), count); break;
    case Op::Relu: repro::reluForward(out, in(n, 0), count); break;
    case Op::Gelu: repro::geluForward(out, in(n, 0), count); break;
    case Op::LayerNorm:
        repro::layerNormForward(out, P(nAux1[size_t(i)]), P(nAux2[size_t(i)]), in(n, 0), in(n, 1), in(n, 2), N, cols, n.eps);
        break;
    case Op::Softmax: repro::softmaxForward(out, in(n, 0), N, cols); break;
    case Op::CausalAttention:
        repro::attentionForward(out, P(nAux1[size_t(i)]), in(n, 0), size_t(g.config.batch), size_t(g.config.context),
                                cols, size_t(n.heads));
        break;
    case Op::CrossEntropy:
        out[0] = repro::crossEntropyForward(P(nAux1[size_t(i)]), P(nAux2[size_t(i)]), in(n, 0), idsOf(n, 1), N, size_t(g.vocab));
        loss = out[0];
        break;
    }
}

void ReproExecutor::Impl::backward(int i)
{
    const NodeDef &n = g.nodes[size_t(i)];
    const float *dout = P(nGrad[size_t(i)]);
    const auto [N, cols, count] = dimsOf(n);
    switch (n.op) {
    case Op::Embedding: {
        const auto &t = g.params[size_t(n.inputs[1].index)].shape;
        repro::embeddingBackward(din(n, 1), idsOf(n, 0), dout, N, size_t(t[0]), size_t(t[1]));
        break;
    }
    case Op::Linear: {
        const auto &w = g.params[size_t(n.inputs[1].index)].shape;
        repro::linearBackward(din(n, 0), din(n, 1), n.inputs.size() == 3 ? din(n, 2) : nullptr, dout, in(n, 0), in(n, 1), N,
                              size_t(w[1]), size_t(w[0]));
        break;
    }
    case Op::Add: repro::addBackward(din(n, 0), din(n, 1), dout, count); break;
    case Op::Mul: repro::mulBackward(din(n, 0), din(n, 1), dout, in(n, 0), in(n, 1), count); break;
    case Op::Relu: repro::reluBackward(din(n, 0), dout, in(n, 0), count); break;
    case Op::Gelu: repro::geluBackward(din(n, 0), dout, in(n, 0), count); break;
    case Op::LayerNorm:
        repro::layerNormBackward(din(n, 0), din(n, 1), din(n, 2), dout, in(n, 0), in(n, 1), P(nAux1[size_t(i)]),
                                 P(nAux2[size_t(i)]), N, cols);
        break;
    case Op::Softmax: repro::softmaxBackward(din(n, 0), dout, P(nOut[size_t(i)]), N, cols); break;
    case Op::CausalAttention:
        repro::attentionBackward(din(n, 0), dout, in(n, 0), P(nAux1[size_t(i)]), size_t(g.config.batch),
                                 size_t(g.config.context), cols, size_t(n.heads));
        break;
    case Op::CrossEntropy:
        repro::crossEntropyBackward(din(n, 0), P(nAux1[size_t(i)]), idsOf(n, 1), N, size_t(g.vocab), 1.0f);
        break;
    }
}

void ReproExecutor::Impl::optimize(int p)
{
    const auto &o = g.config.optimizer;
    const size_t n = bufs[size_t(pVal[size_t(p)])].n;
    const float wd = g.params[size_t(p)].weightDecay ? o.weightDecay : 0.0f;
    if (o.kind == Optimizer::Kind::AdamW) {
        repro::adamWUpdate(P(pVal[size_t(p)]), P(pM[size_t(p)]), P(pV[size_t(p)]), P(pGrad[size_t(p)]), n,
                           std::uint32_t(step + 1), repro::AdamWParams{o.lr, o.beta1, o.beta2, o.eps, wd});
    } else {
        repro::sgdUpdate(P(pVal[size_t(p)]), nullptr, P(pGrad[size_t(p)]), n, repro::SgdParams{o.lr, 0.0f, wd});
    }
}

ReproExecutor::ReproExecutor(const Graph &g, int threads) : d(std::make_unique<Impl>())
{
    d->g = g;
    if (g.lossNode < 0 || g.nodes.empty() || g.nodes[size_t(g.lossNode)].op != Op::CrossEntropy)
        throw std::invalid_argument("graph has no cross_entropy loss (run inferShapes first)");
    if (threads > 0)
        repro::setThreadCount(threads);
    d->build();
}

ReproExecutor::~ReproExecutor() = default;

int ReproExecutor::cpuThreads() const { return repro::threadCount(); }

int ReproExecutor::nodeCount() const { return int(d->plan.size()); }
const ReproExecutor::NodeInfo &ReproExecutor::nodeInfo(int index) const { return d->plan.at(size_t(index)).info; }

std::span<float> ReproExecutor::buffer(const std::string &name)
{
    const auto it = d->byName.find(name);
    if (it == d->byName.end() || !d->bufs[size_t(it->second)].ptr)
        return {};
    const Buf &b = d->bufs[size_t(it->second)];
    return {b.ptr, b.n};
}

void ReproExecutor::bind(TrainState &state, const Batch &batch)
{
    if (batch.tokens.size() != size_t(d->g.rows()) || batch.targets.size() != batch.tokens.size()
        || batch.positions.size() != batch.tokens.size())
        throw std::invalid_argument("batch does not match the graph's batch * context");
    d->ids[int(Input::Tokens)] = batch.tokens.data();
    d->ids[int(Input::Targets)] = batch.targets.data();
    d->ids[int(Input::Positions)] = batch.positions.data();
    for (auto &b : d->bufs) {
        if (!b.own.empty())
            continue;
        StateTensor *t = state.find(b.name);
        if (!t || t->data.size() != b.n)
            throw std::invalid_argument("state lacks tensor " + b.name + " or it has the wrong size");
        b.ptr = t->data.data();
    }
    d->step = state.step;
}

float ReproExecutor::runNode(int index)
{
    const PlanNode &node = d->plan.at(size_t(index));
    switch (node.info.phase) {
    case StepPhase::Forward: case StepPhase::Loss: d->forward(node.index); break;
    case StepPhase::Backward: d->backward(node.index); break;
    case StepPhase::Optimizer: d->optimize(node.index); break;
    }
    return d->loss;
}

float ReproExecutor::step(TrainState &state, const Batch &batch, StepObserver *observer)
{
    bind(state, batch);
    for (auto &b : d->bufs)
        if (!b.own.empty() && b.name.starts_with("grad/"))
            repro::zeroGrad(b.ptr, b.n);
    std::vector<TensorView> views;
    bool optimizing = false;
    for (int i = 0; i < nodeCount(); ++i) {
        if (observer && !optimizing && d->plan[size_t(i)].info.phase == StepPhase::Optimizer) {
            optimizing = true;
            observer->beforeOptimizer();
        }
        runNode(i);
        if (!observer)
            continue;
        const PlanNode &node = d->plan[size_t(i)];
        views.clear();
        for (int b : node.outBufs) {
            Buf &buf = d->bufs[size_t(b)];
            views.push_back({buf.name, buf.shape, {buf.ptr, buf.n}});
        }
        observer->onNode(i, node.info.phase, node.info.op, node.info.name, views);
    }
    ++state.step;
    return d->loss;
}

} // namespace idleforge::graph
