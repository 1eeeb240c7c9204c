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

// A name table's lookups, both ways ("?" and none when not there).
template <class E, std::size_t K>
std::string_view nameIn(const std::array<std::pair<E, std::string_view>, K> &table, E value)
{
    for (const auto &[v, name] : table)
        if (v == value)
            return name;
    return "?";
}

template <class E, std::size_t K>
std::optional<E> valueIn(const std::array<std::pair<E, std::string_view>, K> &table, std::string_view name)
{
    for (const auto &[v, n] : table)
        if (n == name)
            return v;
    return std::nullopt;
}

// Largest element count of any one tensor we accept; keeps every size product far from
// int64 overflow whatever a spec says (2^36 floats = 256 GiB, beyond any budget anyway).
constexpr std::int64_t kMaxElements = std::int64_t(1) << 36;

using Shape = std::vector<std::int64_t>;

std::string shapeText(const Shape &s)
{
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i) {
        if (i)
            out += ',';
        out += std::to_string(s[i]);
    }
    out += ']';
    return out;
}

} // namespace

std::string_view opName(Op op) { return nameIn(kOps, op); }
std::optional<Op> opFromName(std::string_view name) { return valueIn(kOps, name); }
std::string_view inputName(Input in) { return nameIn(kInputs, in); }
std::optional<Input> inputFromName(std::string_view name) { return valueIn(kInputs, name); }

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

namespace {

std::optional<GraphIssue> checkConfigAndParams(const Graph &g)
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
    return std::nullopt;
}

// Checks one node's inputs and sets its output shape. Nodes are checked in order, so every
// input it references already has its shape.
class NodeShapes {
public:
    NodeShapes(const Graph &g, NodeDef &node, int index) : m_g(g), m_node(node), m_index(index), m_rows(g.rows()) {}

    std::optional<GraphIssue> infer()
    {
        if (auto issue = gatherInputs())
            return issue;
        if (auto issue = byOp())
            return issue;
        if (m_node.shape.size() == 2 && m_node.shape[1] > kMaxElements / m_rows)
            return fail(-1, "output is too large");
        return std::nullopt;
    }

private:
    using Issue = std::optional<GraphIssue>;

    GraphIssue fail(int input, std::string msg) const { return GraphIssue{m_index, input, std::move(msg)}; }

    Issue gatherInputs()
    {
        size_t minIn = 1, maxIn = 1;
        switch (m_node.op) {
        case Op::Embedding: case Op::Add: case Op::Mul: case Op::CrossEntropy: minIn = maxIn = 2; break;
        case Op::Linear: minIn = 2; maxIn = 3; break;
        case Op::LayerNorm: minIn = maxIn = 3; break;
        default: break;
        }
        if (m_node.inputs.size() < minIn || m_node.inputs.size() > maxIn)
            return fail(-1, std::string(opName(m_node.op)) + " takes " + std::to_string(minIn)
                                + (maxIn != minIn ? " or " + std::to_string(maxIn) : std::string()) + " inputs, got "
                                + std::to_string(m_node.inputs.size()));
        for (size_t k = 0; k < m_node.inputs.size(); ++k) {
            const ValueRef &v = m_node.inputs[k];
            const bool bad = (v.kind == ValueRef::Kind::Node && (v.index < 0 || v.index >= m_index))
                || (v.kind == ValueRef::Kind::Param && (v.index < 0 || size_t(v.index) >= m_g.params.size()))
                || (v.kind == ValueRef::Kind::Input && (v.index < 0 || v.index > 2));
            if (bad)
                return fail(int(k), "reference to an unknown or later value");
            m_isIds.push_back(v.kind == ValueRef::Kind::Input);
            m_in.push_back(v.kind == ValueRef::Kind::Input   ? Shape{m_rows}
                           : v.kind == ValueRef::Kind::Param ? m_g.params[size_t(v.index)].shape
                                                             : m_g.nodes[size_t(v.index)].shape);
            if (v.kind == ValueRef::Kind::Node && m_in.back().empty())
                return fail(int(k), "the scalar loss cannot feed another node");
        }
        return std::nullopt;
    }

    Issue needIds(size_t k) const
    {
        if (!m_isIds[k])
            return fail(int(k), "must be a built-in input (tokens, targets, positions)");
        return std::nullopt;
    }
    Issue needMatrix(size_t k) const
    {
        if (m_isIds[k] || m_in[k].size() != 2 || m_node.inputs[k].kind != ValueRef::Kind::Node)
            return fail(int(k), "must be a node output (a [rows, cols] activation)");
        return std::nullopt;
    }
    Issue needVector(size_t k, std::int64_t len) const
    {
        if (m_isIds[k] || m_in[k].size() != 1 || m_in[k][0] != len)
            return fail(int(k), "must be a parameter of shape [" + std::to_string(len) + "], got "
                                    + (m_isIds[k] ? std::string("token ids") : shapeText(m_in[k])));
        return std::nullopt;
    }
    Issue needTable(size_t k, const char *what) const
    {
        if (m_isIds[k] || m_in[k].size() != 2 || m_node.inputs[k].kind != ValueRef::Kind::Param)
            return fail(int(k), what);
        return std::nullopt;
    }

    Issue byOp()
    {
        switch (m_node.op) {
        case Op::Embedding: return embedding();
        case Op::Linear: return linear();
        case Op::Add: case Op::Mul: return elementwise();
        case Op::Relu: case Op::Gelu: case Op::Softmax: return unary();
        case Op::LayerNorm: return layerNorm();
        case Op::CausalAttention: return attention();
        case Op::CrossEntropy: return crossEntropy();
        }
        return std::nullopt;
    }

    Issue embedding()
    {
        if (auto issue = needIds(0); issue || (issue = needTable(1, "must be a 2-d parameter (the table)")))
            return issue;
        if (m_node.inputs[0].index == int(Input::Positions) ? m_in[1][0] < m_g.config.context : m_in[1][0] < m_g.vocab)
            return fail(1, "table has " + std::to_string(m_in[1][0]) + " rows, fewer than the ids it is indexed by");
        m_node.shape = {m_rows, m_in[1][1]};
        return std::nullopt;
    }
    Issue linear()
    {
        if (auto issue = needMatrix(0); issue || (issue = needTable(1, "must be a 2-d parameter [out, in]")))
            return issue;
        if (m_in[1][1] != m_in[0][1])
            return fail(1, "weight " + shapeText(m_in[1]) + " does not match input width " + std::to_string(m_in[0][1]));
        if (m_node.inputs.size() == 3)
            if (auto issue = needVector(2, m_in[1][0]))
                return issue;
        m_node.shape = {m_rows, m_in[1][0]};
        return std::nullopt;
    }
    Issue elementwise()
    {
        if (auto issue = needMatrix(0); issue || (issue = needMatrix(1)))
            return issue;
        if (m_in[0] != m_in[1])
            return fail(1, "shape " + shapeText(m_in[1]) + " differs from " + shapeText(m_in[0]));
        m_node.shape = m_in[0];
        return std::nullopt;
    }
    Issue unary()
    {
        if (auto issue = needMatrix(0))
            return issue;
        m_node.shape = m_in[0];
        return std::nullopt;
    }
    Issue layerNorm()
    {
        if (auto issue = needMatrix(0); issue || (issue = needVector(1, m_in[0][1])) || (issue = needVector(2, m_in[0][1])))
            return issue;
        if (!(m_node.eps > 0.0f && m_node.eps < 1.0f))
            return fail(-1, "eps must be in (0, 1)");
        m_node.shape = m_in[0];
        return std::nullopt;
    }
    Issue attention()
    {
        if (auto issue = needMatrix(0))
            return issue;
        const std::int64_t w = m_in[0][1];
        if (w % 3 != 0)
            return fail(0, "width " + std::to_string(w) + " is not 3 * channels (q, k, v)");
        if (m_node.heads < 1 || (w / 3) % m_node.heads != 0)
            return fail(-1, "heads must divide the channel count " + std::to_string(w / 3));
        m_node.shape = {m_rows, w / 3};
        return std::nullopt;
    }
    Issue crossEntropy()
    {
        if (auto issue = needMatrix(0); issue || (issue = needIds(1)))
            return issue;
        if (m_in[0][1] != m_g.vocab)
            return fail(0, "logits must have vocab (" + std::to_string(m_g.vocab) + ") columns");
        if (m_node.inputs[1].index != int(Input::Targets))
            return fail(1, "must be the targets input");
        m_node.shape = {};
        return std::nullopt;
    }

    const Graph &m_g;
    NodeDef &m_node;
    const int m_index;
    const std::int64_t m_rows;
    std::vector<Shape> m_in;
    std::vector<bool> m_isIds;
};

} // namespace

std::optional<GraphIssue> inferShapes(Graph &g)
{
    if (auto issue = checkConfigAndParams(g))
        return issue;
    for (size_t i = 0; i < g.nodes.size(); ++i)
        if (auto issue = NodeShapes(g, g.nodes[i], int(i)).infer())
            return issue;
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
