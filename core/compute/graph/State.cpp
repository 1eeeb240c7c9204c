#include "compute/graph/State.h"

#include "crypto/Blake3.h"
#include "crypto/Merkle.h"
#include "compute/repro/Philox.h"
#include "compute/repro/ThreadPool.h"

#include <algorithm>
#include <bit>
#include <cstring>

static_assert(std::endian::native == std::endian::little,
              "tensor bytes are hashed as stored; a big-endian port must byte-swap here");

namespace idleforge::graph {

namespace {

void putU32(crypto::Blake3Hasher &h, std::uint32_t v)
{
    std::uint8_t b[4];
    std::memcpy(b, &v, 4);
    h.update(std::span<const std::uint8_t>(b, 4));
}

void putI64(crypto::Blake3Hasher &h, std::int64_t v)
{
    std::uint8_t b[8];
    std::memcpy(b, &v, 8);
    h.update(std::span<const std::uint8_t>(b, 8));
}

std::span<const std::uint8_t> asBytes(std::span<const float> f)
{
    return {reinterpret_cast<const std::uint8_t *>(f.data()), f.size_bytes()};
}

} // namespace

StateTensor *TrainState::find(std::string_view name)
{
    auto it = std::lower_bound(tensors.begin(), tensors.end(), name,
                               [](const StateTensor &t, std::string_view n) { return t.name < n; });
    return it != tensors.end() && it->name == name ? &*it : nullptr;
}

const StateTensor *TrainState::find(std::string_view name) const
{
    return const_cast<TrainState *>(this)->find(name);
}

std::string paramStateName(std::string_view param) { return "param/" + std::string(param); }
std::string adamMName(std::string_view param) { return "adam_m/" + std::string(param); }
std::string adamVName(std::string_view param) { return "adam_v/" + std::string(param); }

TrainState initialState(const Graph &g)
{
    TrainState s;
    for (size_t i = 0; i < g.params.size(); ++i) {
        const ParamDef &p = g.params[i];
        StateTensor t{paramStateName(p.name), p.shape, std::vector<float>(size_t(p.numel()), 0.0f)};
        const repro::RandomStream stream{g.config.seed, repro::RandomPurpose::ParamInit, std::uint32_t(i)};
        switch (p.init.kind) {
        case ParamInit::Kind::Zeros: break;
        case ParamInit::Kind::Ones: std::fill(t.data.begin(), t.data.end(), 1.0f); break;
        case ParamInit::Kind::Normal: repro::fillNormal(t.data.data(), t.data.size(), stream, 0.0f, p.init.scale); break;
        case ParamInit::Kind::Uniform:
            repro::fillUniform(t.data.data(), t.data.size(), stream, -p.init.scale, p.init.scale);
            break;
        }
        s.tensors.push_back(std::move(t));
        if (g.config.optimizer.kind == Optimizer::Kind::AdamW) {
            s.tensors.push_back({adamMName(p.name), p.shape, std::vector<float>(size_t(p.numel()), 0.0f)});
            s.tensors.push_back({adamVName(p.name), p.shape, std::vector<float>(size_t(p.numel()), 0.0f)});
        }
    }
    std::sort(s.tensors.begin(), s.tensors.end(),
              [](const StateTensor &a, const StateTensor &b) { return a.name < b.name; });
    return s;
}

void copyStateInto(TrainState &dst, const TrainState &src)
{
    dst.step = src.step;
    dst.tensors.resize(src.tensors.size());
    for (size_t i = 0; i < src.tensors.size(); ++i) {
        StateTensor &d = dst.tensors[i];
        const StateTensor &s = src.tensors[i];
        if (d.name != s.name)
            d.name = s.name;
        d.shape = s.shape;
        d.data.assign(s.data.begin(), s.data.end());
    }
}

Hash256 tensorLeafHash(std::string_view name, std::string_view dtype, std::span<const std::int64_t> shape,
                       std::span<const std::uint8_t> bytes)
{
    crypto::Blake3Hasher h;
    putU32(h, std::uint32_t(name.size()));
    h.update(name);
    putU32(h, std::uint32_t(dtype.size()));
    h.update(dtype);
    putU32(h, std::uint32_t(shape.size()));
    for (auto d : shape)
        putI64(h, d);
    h.update(bytes);
    return h.finish();
}

Hash256 floatTensorLeafHash(std::string_view name, std::span<const std::int64_t> shape, std::span<const float> data)
{
    return tensorLeafHash(name, "f32", shape, asBytes(data));
}

namespace {
// The tree's leaves from the tensors' (tensorLeaves[i] of s.tensors[i]) and the step counter's.
std::vector<Hash256> leavesInTreeOrder(const TrainState &s, std::span<const Hash256> tensorLeaves, std::int64_t step)
{
    // "step" sorts after "adam_*" and "param/*"; keep the leaves in full name order anyway.
    std::vector<std::pair<std::string_view, Hash256>> named;
    named.reserve(s.tensors.size() + 1);
    for (size_t i = 0; i < s.tensors.size(); ++i)
        named.emplace_back(s.tensors[i].name, tensorLeaves[i]);
    std::uint8_t stepBytes[8];
    std::memcpy(stepBytes, &step, 8);
    named.emplace_back("step", tensorLeafHash("step", "i64", {}, std::span<const std::uint8_t>(stepBytes, 8)));
    std::sort(named.begin(), named.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<Hash256> leaves;
    leaves.reserve(named.size());
    for (auto &[n, h] : named)
        leaves.push_back(h);
    return leaves;
}
} // namespace

std::vector<Hash256> stateLeaves(const TrainState &s, bool parallel)
{
    // Leaves are independent: hash them on the kernel pool (the order of the result is fixed).
    std::vector<Hash256> tensorLeaves(s.tensors.size());
    const auto leaf = [&](size_t i) {
        const StateTensor &t = s.tensors[i];
        tensorLeaves[i] = floatTensorLeafHash(t.name, t.shape, t.data);
    };
    if (parallel) {
        repro::parallelFor(s.tensors.size(), leaf);
    } else {
        for (size_t i = 0; i < s.tensors.size(); ++i)
            leaf(i);
    }
    return leavesInTreeOrder(s, tensorLeaves, s.step);
}

Hash256 stateHashFromLeaves(const TrainState &s, std::span<const Hash256> tensorLeaves, std::int64_t step)
{
    return crypto::merkleRoot(leavesInTreeOrder(s, tensorLeaves, step));
}

Hash256 stateHash(const TrainState &s, bool parallel)
{
    const auto leaves = stateLeaves(s, parallel);
    return crypto::merkleRoot(leaves);
}

Hash256 modelHash(const TrainState &s)
{
    std::vector<Hash256> leaves;
    for (const auto &t : s.tensors)
        if (t.name.starts_with("param/"))
            leaves.push_back(floatTensorLeafHash(t.name, t.shape, t.data));
    return crypto::merkleRoot(leaves);
}

bool stateMatchesGraph(const TrainState &s, const Graph &g)
{
    const size_t perParam = g.config.optimizer.kind == Optimizer::Kind::AdamW ? 3 : 1;
    if (s.tensors.size() != g.params.size() * perParam)
        return false;
    for (const auto &p : g.params) {
        for (const auto &name : {paramStateName(p.name), adamMName(p.name), adamVName(p.name)}) {
            if (perParam == 1 && !name.starts_with("param/"))
                continue;
            const StateTensor *t = s.find(name);
            if (!t || t->shape != p.shape || t->data.size() != size_t(p.numel()))
                return false;
        }
    }
    return true;
}

} // namespace idleforge::graph
