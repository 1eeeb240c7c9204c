#include "compute/graph/Graph.h"

#include <array>
#include <utility>

namespace idleforge::graph {

namespace {

constexpr std::array<std::pair<Op, std::string_view>, 10> kOps{{
    {Op::Embedding, "embedding"},
    {Op::Linear, "linear"},
    {Op::Add, "add"},
    {Op::Mul, "mul"},
    {Op::Relu, "relu"},
    {Op::Gelu, "gelu"},
    {Op::LayerNorm, "layernorm"},
    {Op::Softmax, "softmax"},
    {Op::CausalAttention, "causal_attention"},
    {Op::CrossEntropy, "cross_entropy"},
}};

constexpr std::array<std::pair<Input, std::string_view>, 3> kInputs{{
    {Input::Tokens, "tokens"},
    {Input::Targets, "targets"},
    {Input::Positions, "positions"},
}};

// Largest element count of any one tensor we accept; keeps every size product far from
// int64 overflow whatever a spec says (2^36 floats = 256 GiB, beyond any budget anyway).
constexpr std::int64_t kMaxElements = std::int64_t(1) << 36;

using Shape = std::vector<std::int64_t>;

std::string shapeText(const Shape &s)
{
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i)
        out += (i ? "," : "") + std::to_string(s[i]);
    return out + "]";
}

} // namespace

std::string_view opName(Op op)
{
    for (const auto &[o, n] : kOps)
        if (o == op)
            return n;
    return "?";
}

std::optional<Op> opFromName(std::string_view name)
{
    for (const auto &[o, n] : kOps)
        if (n == name)
            return o;
    return std::nullopt;
}

std::string_view inputName(Input in)
{
    for (const auto &[i, n] : kInputs)
        if (i == in)
            return n;
    return "?";
}

std::optional<Input> inputFromName(std::string_view name)
{
    for (const auto &[i, n] : kInputs)
        if (n == name)
            return i;
    return std::nullopt;
}

std::int64_t ParamDef::numel() const
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

int Graph::findParam(std::string_view name) const
{
    for (size_t i = 0; i < params.size(); ++i)
        if (params[i].name == name)
            return int(i);
    return -1;
}

int Graph::findNode(std::string_view name) const
{
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].name == name)
            return int(i);
    return -1;
}

std::optional<GraphIssue> inferShapes(Graph &g)
{
    const auto &c = g.config;
    if (c.batch < 1 || c.context < 1 || c.batch > (1 << 20) || c.context > (1 << 20)
        || c.batch * c.context > (std::int64_t(1) << 24))
        return GraphIssue{-1, -1, "batch * context must be between 1 and 16777216"};
    if (g.vocab != 256)
        return GraphIssue{-1, -1, "vocab must be 256 (bytes as tokens)"};
    for (size_t p = 0; p < g.params.size(); ++p) {
        const auto &shape = g.params[p].shape;
        if (shape.empty() || shape.size() > 2)
            return GraphIssue{-1, -1, "parameter \"" + g.params[p].name + "\" must have 1 or 2 dimensions"};
        std::int64_t n = 1;
        for (auto d : shape) {
            if (d < 1 || d > kMaxElements || n > kMaxElements / d)
                return GraphIssue{-1, -1, "parameter \"" + g.params[p].name + "\" has a bad or too large shape"};
            n *= d;
        }
    }
    const std::int64_t rows = g.rows();
    // Shape of a value and whether it holds token ids (int32 [N]).
    auto valueShape = [&](const ValueRef &v, bool &ids) -> Shape {
        ids = false;
        switch (v.kind) {
        case ValueRef::Kind::Input: ids = true; return {rows};
        case ValueRef::Kind::Param: return g.params[size_t(v.index)].shape;
        case ValueRef::Kind::Node: return g.nodes[size_t(v.index)].shape;
        }
        return {};
    };
    for (size_t i = 0; i < g.nodes.size(); ++i) {
        NodeDef &node = g.nodes[i];
        const int ni = int(i);
        auto fail = [&](int input, std::string msg) { return GraphIssue{ni, input, std::move(msg)}; };
        size_t minIn = 1, maxIn = 1;
        switch (node.op) {
        case Op::Embedding: case Op::Add: case Op::Mul: case Op::CrossEntropy: minIn = maxIn = 2; break;
        case Op::Linear: minIn = 2; maxIn = 3; break;
        case Op::LayerNorm: minIn = maxIn = 3; break;
        default: break;
        }
        if (node.inputs.size() < minIn || node.inputs.size() > maxIn)
            return fail(-1, std::string(opName(node.op)) + " takes " + std::to_string(minIn)
                                + (maxIn != minIn ? " or " + std::to_string(maxIn) : std::string()) + " inputs, got "
                                + std::to_string(node.inputs.size()));
        std::vector<Shape> in;
        std::vector<bool> isIds;
        for (size_t k = 0; k < node.inputs.size(); ++k) {
            const ValueRef &v = node.inputs[k];
            const bool bad = (v.kind == ValueRef::Kind::Node && (v.index < 0 || v.index >= ni))
                || (v.kind == ValueRef::Kind::Param && (v.index < 0 || size_t(v.index) >= g.params.size()))
                || (v.kind == ValueRef::Kind::Input && (v.index < 0 || v.index > 2));
            if (bad)
                return fail(int(k), "reference to an unknown or later value");
            bool ids = false;
            in.push_back(valueShape(v, ids));
            isIds.push_back(ids);
            if (v.kind == ValueRef::Kind::Node && in.back().empty())
                return fail(int(k), "the scalar loss cannot feed another node");
        }
        auto needIds = [&](size_t k) -> std::optional<GraphIssue> {
            if (!isIds[k])
                return fail(int(k), "must be a built-in input (tokens, targets, positions)");
            return std::nullopt;
        };
        auto needMatrix = [&](size_t k) -> std::optional<GraphIssue> {
            if (isIds[k] || in[k].size() != 2 || node.inputs[k].kind != ValueRef::Kind::Node)
                return fail(int(k), "must be a node output (a [rows, cols] activation)");
            return std::nullopt;
        };
        auto needVector = [&](size_t k, std::int64_t len) -> std::optional<GraphIssue> {
            if (isIds[k] || in[k].size() != 1 || in[k][0] != len)
                return fail(int(k), "must be a parameter of shape [" + std::to_string(len) + "], got "
                                        + (isIds[k] ? std::string("token ids") : shapeText(in[k])));
            return std::nullopt;
        };
        std::optional<GraphIssue> issue;
        switch (node.op) {
        case Op::Embedding:
            if ((issue = needIds(0)))
                return issue;
            if (isIds[1] || in[1].size() != 2 || node.inputs[1].kind != ValueRef::Kind::Param)
                return fail(1, "must be a 2-d parameter (the table)");
            if (node.inputs[0].index == int(Input::Positions) ? in[1][0] < g.config.context : in[1][0] < g.vocab)
                return fail(1, "table has " + std::to_string(in[1][0]) + " rows, fewer than the ids it is indexed by");
            node.shape = {rows, in[1][1]};
            break;
        case Op::Linear: {
            if ((issue = needMatrix(0)))
                return issue;
            if (isIds[1] || in[1].size() != 2 || node.inputs[1].kind != ValueRef::Kind::Param)
                return fail(1, "must be a 2-d parameter [out, in]");
            if (in[1][1] != in[0][1])
                return fail(1, "weight " + shapeText(in[1]) + " does not match input width " + std::to_string(in[0][1]));
            if (node.inputs.size() == 3 && (issue = needVector(2, in[1][0])))
                return issue;
            node.shape = {rows, in[1][0]};
            break;
        }
        case Op::Add: case Op::Mul:
            if ((issue = needMatrix(0)) || (issue = needMatrix(1)))
                return issue;
            if (in[0] != in[1])
                return fail(1, "shape " + shapeText(in[1]) + " differs from " + shapeText(in[0]));
            node.shape = in[0];
            break;
        case Op::Relu: case Op::Gelu: case Op::Softmax:
            if ((issue = needMatrix(0)))
                return issue;
            node.shape = in[0];
            break;
        case Op::LayerNorm:
            if ((issue = needMatrix(0)) || (issue = needVector(1, in[0][1])) || (issue = needVector(2, in[0][1])))
                return issue;
            if (!(node.eps > 0.0f && node.eps < 1.0f))
                return fail(-1, "eps must be in (0, 1)");
            node.shape = in[0];
            break;
        case Op::CausalAttention: {
            if ((issue = needMatrix(0)))
                return issue;
            const std::int64_t w = in[0][1];
            if (w % 3 != 0)
                return fail(0, "width " + std::to_string(w) + " is not 3 * channels (q, k, v)");
            if (node.heads < 1 || (w / 3) % node.heads != 0)
                return fail(-1, "heads must divide the channel count " + std::to_string(w / 3));
            node.shape = {rows, w / 3};
            break;
        }
        case Op::CrossEntropy:
            if ((issue = needMatrix(0)) || (issue = needIds(1)))
                return issue;
            if (in[0][1] != g.vocab)
                return fail(0, "logits must have vocab (" + std::to_string(g.vocab) + ") columns");
            if (node.inputs[1].index != int(Input::Targets))
                return fail(1, "must be the targets input");
            node.shape = {};
            break;
        }
        if (node.shape.size() == 2 && node.shape[1] > kMaxElements / rows)
            return fail(-1, "output is too large");
    }
    if (g.lossNode < 0 || size_t(g.lossNode) >= g.nodes.size())
        return GraphIssue{-1, -1, "no loss node"};
    if (g.nodes[size_t(g.lossNode)].op != Op::CrossEntropy)
        return GraphIssue{g.lossNode, -1, "the loss must be a cross_entropy node"};
    return std::nullopt;
}

GraphCost estimateCost(const Graph &g)
{
    GraphCost cost;
    const double rows = double(g.rows());
    for (const auto &p : g.params)
        cost.paramCount += p.numel();
    const int stateCopies = g.config.optimizer.kind == Optimizer::Kind::AdamW ? 3 : 1;
    cost.stateBytes = cost.paramCount * 4 * stateCopies;
    double fwd = 0;
    std::int64_t act = 0;
    for (const auto &n : g.nodes) {
        const std::int64_t out = n.shape.size() == 2 ? n.shape[0] * n.shape[1] : 1;
        act += out;
        switch (n.op) {
        case Op::Linear: {
            const auto &w = g.params[size_t(n.inputs[1].index)].shape;
            fwd += 2.0 * rows * double(w[0]) * double(w[1]);
            break;
        }
        case Op::CausalAttention: {
            // q k^T and att v over causal pairs (about T/2 per row), plus the softmax buffers.
            const double ch = double(n.shape[1]);
            fwd += 2.0 * 2.0 * rows * (double(g.config.context) / 2.0) * ch;
            act += 2 * g.rows() * g.config.context * n.heads;
            break;
        }
        case Op::CrossEntropy: act += g.rows() * g.vocab; fwd += 5.0 * rows * double(g.vocab); break;
        default: fwd += 5.0 * double(out); break;
        }
    }
    cost.activationBytes = act * 4;
    cost.flopsPerStep = 3.0 * fwd + 10.0 * double(cost.paramCount);
    // Activations, their gradients, parameter gradients and the state.
    cost.peakBytes = cost.stateBytes + 2 * cost.activationBytes + cost.paramCount * 4;
    return cost;
}

} // namespace idleforge::graph
