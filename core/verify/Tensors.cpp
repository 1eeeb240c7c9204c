#include "verify/Tensors.h"

#include "verify/Message.h"

#include <QJsonObject>

#include <cstring>

namespace idleforge::verify {

QJsonArray packTensors(const std::vector<WireTensor> &tensors, QByteArray &blob)
{
    qsizetype total = blob.size();
    for (const auto &t : tensors)
        total += qsizetype(t.bytes.size());
    blob.reserve(total); // one allocation, not a doubling per append
    QJsonArray list;
    for (const auto &t : tensors) {
        list.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(t.name)},
                                {QStringLiteral("dtype"), t.isInt ? QStringLiteral("i32") : QStringLiteral("f32")},
                                {QStringLiteral("bytes"), double(t.bytes.size())}});
        blob.append(reinterpret_cast<const char *>(t.bytes.data()), qsizetype(t.bytes.size()));
    }
    return list;
}

Result<std::vector<WireSlice>> sliceTensors(const QJsonValue &value, const QByteArray &blob, int maxCount)
{
    if (!value.isArray() || value.toArray().size() > maxCount)
        return malformed(QStringLiteral("\"tensors\" must be a list of at most %1 tensors").arg(maxCount));
    std::vector<WireSlice> out;
    qint64 offset = 0;
    for (const auto &e : value.toArray()) {
        const QJsonObject o = e.toObject();
        const QString name = o.value(QStringLiteral("name")).toString();
        const QString dtype = o.value(QStringLiteral("dtype")).toString();
        auto bytes = intField(o, "bytes", 0, blob.size() - offset);
        if (name.isEmpty() || name.size() > 256 || (dtype != QLatin1String("f32") && dtype != QLatin1String("i32")) || !bytes || *bytes % 4)
            return malformed(QStringLiteral("tensor entry %1 needs a name, dtype f32|i32 and a byte count (multiple of 4) inside the blob").arg(out.size()));
        out.push_back({name.toStdString(), dtype == QLatin1String("i32"), offset, *bytes});
        offset += *bytes;
    }
    if (offset != blob.size())
        return malformed(QStringLiteral("the blob has %1 bytes no tensor claims").arg(blob.size() - offset));
    return out;
}

Result<std::vector<WireTensor>> unpackTensors(const QJsonValue &value, const QByteArray &blob, int maxCount)
{
    auto slices = sliceTensors(value, blob, maxCount);
    if (!slices)
        return slices.error();
    std::vector<WireTensor> out;
    for (auto &s : *slices) {
        const auto *at = reinterpret_cast<const std::uint8_t *>(blob.constData() + s.offset);
        out.push_back({std::move(s.name), s.isInt, std::vector<std::uint8_t>(at, at + s.bytes)});
    }
    return out;
}

WireTensor floatTensor(std::string name, std::span<const float> data)
{
    WireTensor t{std::move(name), false, std::vector<std::uint8_t>(data.size() * 4)};
    std::memcpy(t.bytes.data(), data.data(), t.bytes.size());
    return t;
}

WireTensor intTensor(std::string name, std::span<const std::int32_t> data)
{
    WireTensor t{std::move(name), true, std::vector<std::uint8_t>(data.size() * 4)};
    std::memcpy(t.bytes.data(), data.data(), t.bytes.size());
    return t;
}

std::span<const float> floats(const WireTensor &t)
{
    return {reinterpret_cast<const float *>(t.bytes.data()), t.bytes.size() / 4};
}

std::optional<std::vector<std::int64_t>> bufferShape(const graph::Graph &g, std::string_view name)
{
    using graph::Op;
    const std::int64_t N = g.rows();
    if (name == "tokens" || name == "targets" || name == "positions")
        return std::vector<std::int64_t>{N};
    for (std::string_view prefix : {"param/", "adam_m/", "adam_v/", "grad/"}) {
        if (!name.starts_with(prefix))
            continue;
        const std::string_view rest = name.substr(prefix.size());
        if (const int p = g.findParam(rest); p >= 0)
            return g.params[size_t(p)].shape;
        if (prefix == "grad/")
            if (const int n = g.findNode(rest); n >= 0 && n != g.lossNode)
                return g.nodes[size_t(n)].shape;
        return std::nullopt;
    }
    if (const int n = g.findNode(name); n >= 0)
        return n == g.lossNode ? std::vector<std::int64_t>{1} : g.nodes[size_t(n)].shape;
    const size_t slash = name.rfind('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    const int n = g.findNode(name.substr(0, slash));
    if (n < 0)
        return std::nullopt;
    const auto &node = g.nodes[size_t(n)];
    const std::string_view aux = name.substr(slash + 1);
    if (node.op == Op::LayerNorm && (aux == "mean" || aux == "rstd"))
        return std::vector<std::int64_t>{N};
    if (node.op == Op::CausalAttention && aux == "att")
        return std::vector<std::int64_t>{g.config.batch, node.heads, g.config.context, g.config.context};
    if (node.op == Op::CrossEntropy && aux == "probs")
        return std::vector<std::int64_t>{N, g.vocab};
    if (node.op == Op::CrossEntropy && aux == "losses")
        return std::vector<std::int64_t>{N};
    return std::nullopt;
}

graph::TrainState zeroState(const graph::Graph &g, std::int64_t step)
{
    graph::TrainState s;
    s.step = step;
    const bool adam = g.config.optimizer.kind == graph::Optimizer::Kind::AdamW;
    for (const auto &p : g.params) {
        const size_t n = size_t(p.numel());
        s.tensors.push_back({graph::paramStateName(p.name), p.shape, std::vector<float>(n, 0.0f)});
        if (adam) {
            s.tensors.push_back({graph::adamMName(p.name), p.shape, std::vector<float>(n, 0.0f)});
            s.tensors.push_back({graph::adamVName(p.name), p.shape, std::vector<float>(n, 0.0f)});
        }
    }
    std::sort(s.tensors.begin(), s.tensors.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return s;
}

QJsonArray packState(const graph::TrainState &s, QByteArray &blob)
{
    qsizetype total = blob.size();
    for (const auto &t : s.tensors)
        total += qsizetype(t.data.size() * sizeof(float));
    blob.reserve(total);
    QJsonArray list;
    for (const auto &t : s.tensors) {
        const qsizetype bytes = qsizetype(t.data.size() * sizeof(float));
        list.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(t.name)},
                                {QStringLiteral("dtype"), QStringLiteral("f32")},
                                {QStringLiteral("bytes"), double(bytes)}});
        blob.append(reinterpret_cast<const char *>(t.data.data()), bytes);
    }
    return list;
}

namespace {
// s_t at `step` in `into` from `count` wire tensors, tensor(i) giving each one's name, kind and
// bytes: zeroState's names and shapes, the buffers `into` has reused where it has them already.
template <typename Tensor>
Result<void> fillState(const graph::Graph &g, std::int64_t step, size_t count, const Tensor &tensor, graph::TrainState &into)
{
    if (!graph::stateMatchesGraph(into, g))
        into = zeroState(g, step);
    into.step = step;
    if (count != into.tensors.size())
        return malformed(QStringLiteral("a state of this task has %1 tensors, not %2").arg(into.tensors.size()).arg(count));
    for (size_t i = 0; i < count; ++i) {
        auto &dst = into.tensors[i];
        const auto [name, isInt, bytes] = tensor(i);
        if (name != dst.name || isInt || bytes.size() != dst.data.size() * 4)
            return malformed(QStringLiteral("state tensor %1 should be \"%2\" with %3 f32 values").arg(i).arg(QString::fromStdString(dst.name)).arg(dst.data.size()));
        if (!bytes.empty()) // an empty tensor's data() may be null, which memcpy must never get
            std::memcpy(dst.data.data(), bytes.data(), bytes.size());
    }
    return {};
}

struct TensorBytes {
    const std::string &name;
    bool isInt;
    std::span<const std::uint8_t> bytes;
};
} // namespace

Result<graph::TrainState> stateFromTensors(const graph::Graph &g, std::int64_t step, const std::vector<WireTensor> &tensors)
{
    graph::TrainState s;
    const auto tensor = [&](size_t i) { return TensorBytes{tensors[i].name, tensors[i].isInt, tensors[i].bytes}; };
    if (auto ok = fillState(g, step, tensors.size(), tensor, s); !ok)
        return ok.error();
    return s;
}

Result<void> stateFromWire(const graph::Graph &g, std::int64_t step, const std::vector<WireSlice> &slices,
                           const QByteArray &blob, graph::TrainState &into)
{
    const auto *base = reinterpret_cast<const std::uint8_t *>(blob.constData());
    const auto tensor = [&](size_t i) {
        const WireSlice &s = slices[i];
        return TensorBytes{s.name, s.isInt, std::span<const std::uint8_t>(base + s.offset, size_t(s.bytes))};
    };
    return fillState(g, step, slices.size(), tensor, into);
}

} // namespace idleforge::verify
