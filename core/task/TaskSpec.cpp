#include "task/TaskSpec.h"

#include "base/BoundedRead.h"
#include "task/SpecReader.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace idleforge::task {

namespace {

using graph::ValueRef;
using detail::at;
using detail::quoted;
using detail::SpecReader;

void readData(SpecReader &r, const QJsonObject &spec, const ValidationLimits &limits, DatasetRef &data)
{
    const QString path = QStringLiteral("data");
    const QJsonObject o = r.object(spec, {}, path);
    r.allowOnly(o, path, {"kind", "hash", "size"});
    const auto kind = r.choice(o, path, QStringLiteral("kind"), {QStringLiteral("bytes"), QStringLiteral("synthetic")});
    if (!kind)
        return;
    if (*kind == QLatin1String("bytes")) {
        data.kind = DatasetRef::Kind::Bytes;
        if (auto h = r.string(o, path, QStringLiteral("hash"))) {
            const auto parsed = crypto::hashFromHex(h->toStdString());
            if (!parsed || *h != h->toLower())
                r.fail(at(path, QStringLiteral("hash")), QStringLiteral("must be 64 lower-case hex digits (BLAKE2b-256)"));
            else
                data.hash = *parsed;
        }
        data.size = r.integer(o, path, QStringLiteral("size"), 2, limits.maxDatasetBytes).value_or(0);
    } else {
        data.kind = DatasetRef::Kind::Synthetic;
        if (o.contains(QStringLiteral("hash")))
            r.fail(at(path, QStringLiteral("hash")), QStringLiteral("synthetic data has no hash"));
        data.size = r.integer(o, path, QStringLiteral("size"), 2, qint64(64) << 20, qint64(1) << 20).value_or(0);
    }
}

void readTraining(SpecReader &r, const QJsonObject &spec, const ValidationLimits &limits, graph::TrainConfig &c)
{
    const QString path = QStringLiteral("training");
    const QJsonObject o = r.object(spec, {}, path);
    r.allowOnly(o, path, {"seed", "steps", "batch", "context", "checkpoint_every"});
    c.seed = std::uint64_t(r.integer(o, path, QStringLiteral("seed"), 0, (qint64(1) << 53), 0).value_or(0));
    const auto steps = r.integer(o, path, QStringLiteral("steps"), 1, std::min<qint64>(limits.maxSteps, 0xffffffffLL));
    c.steps = steps.value_or(limits.maxSteps); // when invalid, do not also flag checkpoint_every
    c.batch = r.integer(o, path, QStringLiteral("batch"), 1, 65536).value_or(1);
    c.context = r.integer(o, path, QStringLiteral("context"), 1, 65536).value_or(1);
    c.checkpointEvery = r.integer(o, path, QStringLiteral("checkpoint_every"), 0, c.steps, 0).value_or(0);
}

void readOptimizer(SpecReader &r, const QJsonObject &spec, graph::Optimizer &opt)
{
    const QString path = QStringLiteral("optimizer");
    const QJsonObject o = r.object(spec, {}, path);
    const auto kind = r.choice(o, path, QStringLiteral("kind"), {QStringLiteral("adamw"), QStringLiteral("sgd")});
    if (kind == QLatin1String("sgd")) {
        opt.kind = graph::Optimizer::Kind::Sgd;
        r.allowOnly(o, path, {"kind", "lr", "weight_decay"});
    } else {
        opt.kind = graph::Optimizer::Kind::AdamW;
        r.allowOnly(o, path, {"kind", "lr", "beta1", "beta2", "eps", "weight_decay"});
        opt.beta1 = r.number(o, path, QStringLiteral("beta1"), 0.0, 0.999999, false, 0.9).value_or(0.9f);
        opt.beta2 = r.number(o, path, QStringLiteral("beta2"), 0.0, 0.999999, false, 0.999).value_or(0.999f);
        opt.eps = r.number(o, path, QStringLiteral("eps"), 0.0, 1.0, true, 1e-8).value_or(1e-8f);
    }
    opt.lr = r.number(o, path, QStringLiteral("lr"), 0.0, 10.0, true).value_or(1e-3f);
    opt.weightDecay = r.number(o, path, QStringLiteral("weight_decay"), 0.0, 1.0, false, 0.0).value_or(0.0f);
}

void readParams(SpecReader &r, const QJsonObject &spec, const ValidationLimits &limits, graph::Graph &g, QHash<QString, QString> &names)
{
    const auto arr = r.array(spec, {}, QStringLiteral("params"), limits.maxParams);
    if (!arr)
        return;
    for (qsizetype i = 0; i < arr->size(); ++i) {
        const QString path = at(QStringLiteral("params"), i);
        if (!arr->at(i).isObject()) {
            r.fail(path, QStringLiteral("must be an object"));
            continue;
        }
        const QJsonObject o = arr->at(i).toObject();
        r.allowOnly(o, path, {"name", "shape", "init", "decay"});
        graph::ParamDef p;
        if (auto name = r.string(o, path, QStringLiteral("name")); name && r.validName(*name, at(path, QStringLiteral("name")))) {
            if (names.contains(*name))
                r.fail(at(path, QStringLiteral("name")), QStringLiteral("%1 is already used by %2").arg(quoted(*name), names.value(*name)));
            names.insert(*name, path);
            p.name = name->toStdString();
        }
        if (auto shape = r.array(o, path, QStringLiteral("shape"), 2)) {
            if (shape->isEmpty())
                r.fail(at(path, QStringLiteral("shape")), QStringLiteral("must have 1 or 2 dimensions"));
            for (qsizetype k = 0; k < shape->size(); ++k)
                p.shape.push_back(r.integerValue(shape->at(k), at(at(path, QStringLiteral("shape")), k), 1, qint64(1) << 31).value_or(1));
        }
        const QString ip = at(path, QStringLiteral("init"));
        const QJsonObject init = r.object(o, path, QStringLiteral("init"));
        const auto kind = r.choice(init, ip, QStringLiteral("kind"), {QStringLiteral("zeros"), QStringLiteral("ones"), QStringLiteral("normal"), QStringLiteral("uniform")});
        if (kind == QLatin1String("normal")) {
            r.allowOnly(init, ip, {"kind", "std"});
            p.init = {graph::ParamInit::Kind::Normal, r.number(init, ip, QStringLiteral("std"), 0.0, 10.0, true).value_or(0.02f)};
        } else if (kind == QLatin1String("uniform")) {
            r.allowOnly(init, ip, {"kind", "bound"});
            p.init = {graph::ParamInit::Kind::Uniform, r.number(init, ip, QStringLiteral("bound"), 0.0, 10.0, true).value_or(0.1f)};
        } else {
            r.allowOnly(init, ip, {"kind"});
            p.init = {kind == QLatin1String("ones") ? graph::ParamInit::Kind::Ones : graph::ParamInit::Kind::Zeros, 0.0f};
        }
        const QJsonValue decay = o.value(QStringLiteral("decay"));
        if (!decay.isUndefined() && !decay.isBool())
            r.fail(at(path, QStringLiteral("decay")), QStringLiteral("must be true or false"));
        p.weightDecay = decay.toBool(p.shape.size() == 2);
        g.params.push_back(std::move(p));
    }
}

void readNodes(SpecReader &r, const QJsonObject &spec, const ValidationLimits &limits, graph::Graph &g, QHash<QString, QString> &names)
{
    const auto arr = r.array(spec, {}, QStringLiteral("nodes"), limits.maxNodes);
    if (!arr)
        return;
    // All node names first, so a reference to a later node is reported as such (cycles).
    QHash<QString, qsizetype> nodeIndex;
    for (qsizetype i = 0; i < arr->size(); ++i) {
        const QString name = arr->at(i).toObject().value(QStringLiteral("name")).toString();
        if (!name.isEmpty() && !nodeIndex.contains(name))
            nodeIndex.insert(name, i);
    }
    QStringList opNames;
    for (const char *n : {"embedding", "linear", "add", "mul", "relu", "gelu", "layernorm", "softmax", "causal_attention", "cross_entropy"})
        opNames << QString::fromLatin1(n);
    for (qsizetype i = 0; i < arr->size(); ++i) {
        const QString path = at(QStringLiteral("nodes"), i);
        graph::NodeDef n;
        if (!arr->at(i).isObject()) {
            r.fail(path, QStringLiteral("must be an object"));
            g.nodes.push_back(n);
            continue;
        }
        const QJsonObject o = arr->at(i).toObject();
        if (auto name = r.string(o, path, QStringLiteral("name")); name && r.validName(*name, at(path, QStringLiteral("name")))) {
            if (names.contains(*name))
                r.fail(at(path, QStringLiteral("name")), QStringLiteral("%1 is already used by %2").arg(quoted(*name), names.value(*name)));
            names.insert(*name, path);
            n.name = name->toStdString();
        }
        const auto op = r.choice(o, path, QStringLiteral("op"), opNames);
        if (op)
            n.op = *graph::opFromName(op->toStdString());
        if (op == QLatin1String("causal_attention")) {
            r.allowOnly(o, path, {"name", "op", "inputs", "heads"});
            n.heads = int(r.integer(o, path, QStringLiteral("heads"), 1, 1024).value_or(1));
        } else if (op == QLatin1String("layernorm")) {
            r.allowOnly(o, path, {"name", "op", "inputs", "eps"});
            n.eps = r.number(o, path, QStringLiteral("eps"), 0.0, 0.5, true, 1e-5).value_or(1e-5f);
        } else {
            r.allowOnly(o, path, {"name", "op", "inputs"});
        }
        if (auto inputs = r.array(o, path, QStringLiteral("inputs"), 3)) {
            for (qsizetype k = 0; k < inputs->size(); ++k) {
                const QString ip = at(at(path, QStringLiteral("inputs")), k);
                if (!inputs->at(k).isString()) {
                    r.fail(ip, QStringLiteral("must be a string naming an input, parameter or earlier node"));
                    continue;
                }
                const QString ref = inputs->at(k).toString();
                ValueRef v;
                if (auto in = graph::inputFromName(ref.toStdString())) {
                    v = {ValueRef::Kind::Input, int(*in)};
                } else if (int p = g.findParam(ref.toStdString()); p >= 0) {
                    v = {ValueRef::Kind::Param, p};
                } else if (auto it = nodeIndex.find(ref); it != nodeIndex.end() && *it < i) {
                    v = {ValueRef::Kind::Node, int(*it)};
                } else if (it != nodeIndex.end()) {
                    r.fail(ip, QStringLiteral("node %1 is not defined before this one (nodes must be in topological order; cycles are not allowed)").arg(quoted(ref)));
                    continue;
                } else {
                    r.fail(ip, QStringLiteral("unknown value %1 (not an input, parameter or node)").arg(quoted(ref)));
                    continue;
                }
                n.inputs.push_back(v);
            }
        }
        g.nodes.push_back(std::move(n));
    }
}

QString issuePath(const graph::GraphIssue &issue)
{
    if (issue.node < 0)
        return {};
    const QString node = at(QStringLiteral("nodes"), issue.node);
    return issue.input < 0 ? node : at(at(node, QStringLiteral("inputs")), issue.input);
}

QString mib(qint64 bytes) { return QString::number(double(bytes) / double(1 << 20), 'f', 1) + QStringLiteral(" MiB"); }

} // namespace

QJsonObject TaskCost::toJson() const
{
    return {{QStringLiteral("flops_per_step"), flopsPerStep},   {QStringLiteral("total_flops"), totalFlops},
            {QStringLiteral("params"), double(paramCount)},      {QStringLiteral("state_bytes"), double(stateBytes)},
            {QStringLiteral("peak_bytes"), double(peakBytes)},   {QStringLiteral("tokens_per_step"), double(tokensPerStep)}};
}

QStringList validateTaskSpec(const QJsonObject &spec, const ValidationLimits &limits, TaskSpec *out)
{
    SpecReader r;
    TaskSpec t;
    r.allowOnly(spec, {}, {"format", "version", "name", "backend", "data", "params", "nodes", "loss", "optimizer", "training"});
    if (spec.value(QStringLiteral("format")).toString() != QLatin1String("idleforge.task"))
        r.fail(QStringLiteral("format"), QStringLiteral("must be \"idleforge.task\""));
    if (auto v = r.integer(spec, {}, QStringLiteral("version"), 1, 1'000'000); v && *v != kSpecVersion)
        r.fail(QStringLiteral("version"), QStringLiteral("unsupported version %1 (this build reads %2)").arg(*v).arg(kSpecVersion));
    t.name = r.string(spec, {}, QStringLiteral("name"), QString()).value_or(QString());
    if (t.name.size() > 128)
        r.fail(QStringLiteral("name"), QStringLiteral("longer than 128 characters"));
    t.backend = r.choice(spec, {}, QStringLiteral("backend"), {QStringLiteral("repro"), QStringLiteral("fast")}, QStringLiteral("repro"))
                    .value_or(QStringLiteral("repro"));
    readData(r, spec, limits, t.data);
    readTraining(r, spec, limits, t.graph.config);
    readOptimizer(r, spec, t.graph.config.optimizer);
    QHash<QString, QString> names; // name -> field path that defined it
    for (const char *builtin : {"tokens", "targets", "positions"})
        names.insert(QString::fromLatin1(builtin), QStringLiteral("a built-in input"));
    readParams(r, spec, limits, t.graph, names);
    readNodes(r, spec, limits, t.graph, names);
    if (auto loss = r.string(spec, {}, QStringLiteral("loss"))) {
        t.graph.lossNode = t.graph.findNode(loss->toStdString());
        if (t.graph.lossNode < 0)
            r.fail(QStringLiteral("loss"), QStringLiteral("unknown node %1").arg(quoted(*loss)));
    }
    if (r.issues.isEmpty()) {
        if (auto issue = graph::inferShapes(t.graph)) {
            QString path = issuePath(*issue);
            if (issue->node < 0)
                path = issue->message.find("batch") != std::string::npos ? QStringLiteral("training") : QStringLiteral("params");
            r.fail(path, QString::fromStdString(issue->message));
        }
    }
    if (r.issues.isEmpty()) {
        const auto c = graph::estimateCost(t.graph);
        t.cost = {c.flopsPerStep, c.flopsPerStep * double(t.graph.config.steps), c.paramCount, c.stateBytes, c.peakBytes,
                  t.graph.rows()};
        if (c.peakBytes > limits.maxMemoryBytes)
            r.fail(QStringLiteral("(budget)"), QStringLiteral("a step needs about %1, above the memory budget of %2").arg(mib(c.peakBytes), mib(limits.maxMemoryBytes)));
        if (c.flopsPerStep > limits.maxFlopsPerStep)
            r.fail(QStringLiteral("(budget)"), QStringLiteral("a step needs %1 FLOP, above the budget of %2").arg(c.flopsPerStep, 0, 'g', 3).arg(limits.maxFlopsPerStep, 0, 'g', 3));
        if (t.data.size <= t.graph.config.context)
            r.fail(QStringLiteral("data.size"), QStringLiteral("%1 bytes is too short for context %2").arg(t.data.size).arg(t.graph.config.context));
    }
    if (r.issues.isEmpty() && out) {
        t.json = spec;
        const QByteArray canonical = canonicalJson(spec);
        t.taskId = crypto::blake2b256(std::string_view(canonical.constData(), size_t(canonical.size())));
        *out = std::move(t);
    }
    return r.issues;
}

Result<TaskSpec> parseTaskSpec(const QJsonObject &spec, const ValidationLimits &limits)
{
    TaskSpec t;
    const QStringList issues = validateTaskSpec(spec, limits, &t);
    if (!issues.isEmpty())
        return makeError("task.invalid_spec", issues.join(QLatin1Char('\n')));
    return t;
}

Result<TaskSpec> loadTaskSpec(const QString &path, const ValidationLimits &limits)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError("task.read_failed", QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    // Bounded by bytes read: a FIFO or /dev/zero reports size 0 and never ends.
    auto bytes = readAtMost(f, 16 << 20);
    if (!bytes && bytes.error().code == QLatin1String("io.too_large"))
        return makeError("task.invalid_spec", QStringLiteral("%1 is larger than 16 MiB").arg(path));
    if (!bytes)
        return makeError("task.read_failed", QStringLiteral("cannot read %1: %2").arg(path, bytes.error().message));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &err);
    if (err.error != QJsonParseError::NoError)
        return makeError("task.invalid_spec", QStringLiteral("%1: not JSON (%2 at offset %3)").arg(path, err.errorString()).arg(err.offset));
    if (!doc.isObject())
        return makeError("task.invalid_spec", QStringLiteral("%1: the spec must be a JSON object").arg(path));
    return parseTaskSpec(doc.object(), limits);
}

QByteArray canonicalJson(const QJsonObject &obj) { return QJsonDocument(obj).toJson(QJsonDocument::Compact); }

QString hashHex(const crypto::Hash256 &h) { return QString::fromStdString(crypto::toHex(h)); }

Result<TaskSpec> parseNamedTaskSpec(const QJsonObject &spec, const QString &specHash, const ValidationLimits &limits)
{
    auto parsed = parseTaskSpec(spec, limits);
    if (parsed && hashHex(parsed->taskId) != specHash)
        return makeError("task.spec_hash", QStringLiteral("the spec does not match its hash %1 (it hashes to %2)")
                                               .arg(specHash.left(16), hashHex(parsed->taskId).left(16)));
    return parsed;
}

} // namespace idleforge::task
