#include "task/Templates.h"

#include <QJsonArray>

#include <cmath>

namespace idleforge::task {

namespace {

// Accumulates params and nodes of a spec under construction.
struct SpecBuilder {
    QJsonArray params;
    QJsonArray nodes;

    QString param(const QString &name, QJsonArray shape, QJsonObject init)
    {
        params.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("shape"), shape}, {QStringLiteral("init"), init}});
        return name;
    }
    QString node(const QString &name, const char *op, QStringList inputs, QJsonObject attrs = {})
    {
        attrs.insert(QStringLiteral("name"), name);
        attrs.insert(QStringLiteral("op"), QString::fromLatin1(op));
        attrs.insert(QStringLiteral("inputs"), QJsonArray::fromStringList(inputs));
        nodes.append(attrs);
        return name;
    }
    static QJsonObject normal(double std) { return {{QStringLiteral("kind"), QStringLiteral("normal")}, {QStringLiteral("std"), std}}; }
    static QJsonObject constant(const char *kind) { return {{QStringLiteral("kind"), QString::fromLatin1(kind)}}; }

    QString linear(const QString &name, const QString &x, int in, int out, double std, bool bias = true)
    {
        QStringList inputs{x, param(name + QStringLiteral(".w"), {out, in}, normal(std))};
        if (bias)
            inputs << param(name + QStringLiteral(".b"), {out}, constant("zeros"));
        return node(name, "linear", inputs);
    }
    QString layerNorm(const QString &name, const QString &x, int width)
    {
        return node(name, "layernorm", {x, param(name + QStringLiteral(".w"), {width}, constant("ones")),
                                        param(name + QStringLiteral(".b"), {width}, constant("zeros"))});
    }
};

QString gptGraph(SpecBuilder &b, const TemplateOptions &o)
{
    const int d = o.dModel;
    const double residualStd = 0.02 / std::sqrt(2.0 * o.layers);
    QString x = b.node(QStringLiteral("x0"), "add",
                       {b.node(QStringLiteral("tok_emb"), "embedding", {QStringLiteral("tokens"), b.param(QStringLiteral("wte"), {256, d}, SpecBuilder::normal(0.02))}),
                        b.node(QStringLiteral("pos_emb"), "embedding", {QStringLiteral("positions"), b.param(QStringLiteral("wpe"), {o.context, d}, SpecBuilder::normal(0.01))})});
    for (int l = 0; l < o.layers; ++l) {
        const QString h = QStringLiteral("h%1.").arg(l);
        const QString ln1 = b.layerNorm(h + QStringLiteral("ln1"), x, d);
        const QString qkv = b.linear(h + QStringLiteral("attn.qkv"), ln1, d, 3 * d, 0.02);
        const QString att = b.node(h + QStringLiteral("attn"), "causal_attention", {qkv}, {{QStringLiteral("heads"), o.heads}});
        const QString proj = b.linear(h + QStringLiteral("attn.proj"), att, d, d, residualStd);
        x = b.node(h + QStringLiteral("res1"), "add", {x, proj});
        const QString ln2 = b.layerNorm(h + QStringLiteral("ln2"), x, d);
        const QString fc = b.linear(h + QStringLiteral("mlp.fc"), ln2, d, 4 * d, 0.02);
        const QString act = b.node(h + QStringLiteral("mlp.gelu"), "gelu", {fc});
        const QString down = b.linear(h + QStringLiteral("mlp.proj"), act, 4 * d, d, residualStd);
        x = b.node(h + QStringLiteral("res2"), "add", {x, down});
    }
    const QString lnf = b.layerNorm(QStringLiteral("ln_f"), x, d);
    const QString logits = b.linear(QStringLiteral("lm_head"), lnf, d, 256, 0.02, false);
    return b.node(QStringLiteral("loss"), "cross_entropy", {logits, QStringLiteral("targets")});
}

QString mlpGraph(SpecBuilder &b, const TemplateOptions &o)
{
    const int hidden = o.hidden > 0 ? o.hidden : 4 * o.dModel;
    QString x = b.node(QStringLiteral("tok_emb"), "embedding", {QStringLiteral("tokens"), b.param(QStringLiteral("wte"), {256, o.dModel}, SpecBuilder::normal(0.02))});
    int width = o.dModel;
    for (int l = 0; l < o.layers; ++l) {
        const QString name = QStringLiteral("fc%1").arg(l);
        x = b.node(name + QStringLiteral(".relu"), "relu", {b.linear(name, x, width, hidden, 1.0 / std::sqrt(double(width)))});
        width = hidden;
    }
    const QString logits = b.linear(QStringLiteral("out"), x, width, 256, 1.0 / std::sqrt(double(width)));
    return b.node(QStringLiteral("loss"), "cross_entropy", {logits, QStringLiteral("targets")});
}

} // namespace

QStringList templateNames() { return {QStringLiteral("gpt"), QStringLiteral("mlp")}; }

Result<QJsonObject> makeTemplateSpec(const TemplateOptions &o)
{
    if (!templateNames().contains(o.templateName))
        return makeError("task.unknown_template", QStringLiteral("unknown template \"%1\" (known: %2)").arg(o.templateName, templateNames().join(QStringLiteral(", "))));
    if (o.layers < (o.templateName == QLatin1String("gpt") ? 1 : 0) || o.layers > 64 || o.dModel < 1 || o.dModel > 8192
        || o.context < 1 || o.batch < 1 || o.steps < 1 || o.heads < 1 || o.hidden < 0)
        return makeError("task.bad_template_option", QStringLiteral("layers, d-model, heads, context, batch and steps must be positive (and layers <= 64, d-model <= 8192)"));
    if (o.templateName == QLatin1String("gpt") && o.dModel % o.heads != 0)
        return makeError("task.bad_template_option", QStringLiteral("heads (%1) must divide d-model (%2)").arg(o.heads).arg(o.dModel));

    SpecBuilder b;
    const QString loss = o.templateName == QLatin1String("gpt") ? gptGraph(b, o) : mlpGraph(b, o);
    QJsonObject data;
    if (o.data.kind == DatasetRef::Kind::Bytes)
        data = {{QStringLiteral("kind"), QStringLiteral("bytes")}, {QStringLiteral("hash"), hashHex(o.data.hash)}, {QStringLiteral("size"), double(o.data.size)}};
    else
        data = {{QStringLiteral("kind"), QStringLiteral("synthetic")}, {QStringLiteral("size"), double(o.data.size > 0 ? o.data.size : (1 << 20))}};
    QJsonObject optimizer{{QStringLiteral("kind"), o.optimizer}, {QStringLiteral("lr"), o.lr}, {QStringLiteral("weight_decay"), o.weightDecay}};
    if (o.optimizer == QLatin1String("adamw")) {
        optimizer.insert(QStringLiteral("beta1"), 0.9);
        optimizer.insert(QStringLiteral("beta2"), 0.999);
        optimizer.insert(QStringLiteral("eps"), 1e-8);
    }
    return QJsonObject{
        {QStringLiteral("format"), QStringLiteral("idleforge.task")},
        {QStringLiteral("version"), kSpecVersion},
        {QStringLiteral("name"), QStringLiteral("%1-%2x%3").arg(o.templateName).arg(o.layers).arg(o.dModel)},
        {QStringLiteral("backend"), o.backend},
        {QStringLiteral("data"), data},
        {QStringLiteral("params"), b.params},
        {QStringLiteral("nodes"), b.nodes},
        {QStringLiteral("loss"), loss},
        {QStringLiteral("optimizer"), optimizer},
        {QStringLiteral("training"), QJsonObject{{QStringLiteral("seed"), double(o.seed)},
                                                 {QStringLiteral("steps"), double(o.steps)},
                                                 {QStringLiteral("batch"), o.batch},
                                                 {QStringLiteral("context"), o.context},
                                                 {QStringLiteral("checkpoint_every"), double(std::min(o.checkpointEvery, o.steps))}}},
    };
}

} // namespace idleforge::task
