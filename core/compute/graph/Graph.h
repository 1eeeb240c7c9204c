#pragma once
// The model graph of a training task, as plain data (no Qt): core/task fills it from a spec,
// the executors run it. A graph is a list of parameters and a list of nodes in topological
// order; every activation is a row-major [rows, cols] fp32 matrix with rows = batch * context
// (one row per token), except the loss, a scalar.
//
// Built-in inputs, one int32 per token row: "tokens" (byte values), "targets" (the next byte)
// and "positions" (the row's position inside its sequence, 0..context-1).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idleforge::graph {

enum class Op : std::uint8_t {
    Embedding,       // (ids, table[V,C]) -> [N,C]
    Linear,          // (x[N,K], w[O,K] [, b[O]]) -> x w^T + b, [N,O]
    Add,             // (a, b) same shape -> a + b
    Mul,             // (a, b) same shape -> a * b
    Relu,            // (x) -> max(x, 0)
    Gelu,            // (x) -> tanh-form GELU
    LayerNorm,       // (x[N,C], w[C], b[C]) -> [N,C], attribute eps
    Softmax,         // (x[N,C]) -> softmax over C
    CausalAttention, // (qkv[N,3C]) -> [N,C], attribute heads; sequences of `context` rows
    CrossEntropy,    // (logits[N,V], targets) -> scalar mean loss
};

std::string_view opName(Op op);
std::optional<Op> opFromName(std::string_view name);

enum class Input : std::uint8_t { Tokens, Targets, Positions };
std::string_view inputName(Input in);
std::optional<Input> inputFromName(std::string_view name);

// What a node input refers to.
struct ValueRef {
    enum class Kind : std::uint8_t { Input, Param, Node } kind = Kind::Node;
    int index = 0; // Input enum value, parameter index or node index
    bool operator==(const ValueRef &) const = default;
};

struct ParamInit {
    // Normal and Uniform draw from the repro Philox stream (seed, ParamInit, parameter index).
    enum class Kind : std::uint8_t { Zeros, Ones, Normal, Uniform } kind = Kind::Zeros;
    float scale = 0.0f; // Normal: standard deviation; Uniform: values in [-scale, scale)
};

struct ParamDef {
    std::string name;
    std::vector<std::int64_t> shape; // 1 or 2 dims
    ParamInit init;
    bool weightDecay = true; // AdamW decays this parameter
    std::int64_t numel() const;
};

struct NodeDef {
    std::string name;
    Op op = Op::Add;
    std::vector<ValueRef> inputs;
    int heads = 0;       // CausalAttention
    float eps = 1e-5f;   // LayerNorm
    // Filled by inferShapes: {rows, cols}, or {} for the scalar loss.
    std::vector<std::int64_t> shape;
};

struct Optimizer {
    enum class Kind : std::uint8_t { Sgd, AdamW } kind = Kind::AdamW;
    float lr = 1e-3f;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    float weightDecay = 0.0f;
};

struct TrainConfig {
    std::uint64_t seed = 0;
    std::int64_t steps = 0;
    std::int64_t batch = 1;
    std::int64_t context = 1;
    std::int64_t checkpointEvery = 0; // 0: only the final state
    Optimizer optimizer;
};

struct Graph {
    std::int64_t vocab = 256;
    std::vector<ParamDef> params;
    std::vector<NodeDef> nodes;
    int lossNode = -1;
    TrainConfig config;

    std::int64_t rows() const { return config.batch * config.context; }
    int findParam(std::string_view name) const;
    int findNode(std::string_view name) const;
};

// A problem found by inferShapes, located so core/task can name the spec field.
struct GraphIssue {
    int node = -1;  // node index, or -1 for the graph as a whole
    int input = -1; // input index inside the node, or -1
    std::string message;
};

// Checks arities, references (only earlier nodes), shapes and the loss; fills NodeDef::shape.
std::optional<GraphIssue> inferShapes(Graph &g);

// Multiply-adds and bytes, for the cost estimate and budgets.
struct GraphCost {
    double flopsPerStep = 0;       // forward + backward + optimizer, 2 flops per multiply-add
    std::int64_t paramCount = 0;
    std::int64_t stateBytes = 0;   // parameters + optimizer state
    std::int64_t activationBytes = 0;
    std::int64_t peakBytes = 0;    // state + activations + gradients, roughly what a step holds
};
GraphCost estimateCost(const Graph &g); // requires inferShapes to have succeeded

} // namespace idleforge::graph
