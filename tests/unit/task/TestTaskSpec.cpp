// Spec validation: every broken or hostile spec is refused with the offending field's path,
// and nothing crashes.
#include "task/TaskSpec.h"
#include "task/Templates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace idleforge;

namespace {

QJsonObject smallGpt()
{
    task::TemplateOptions o;
    o.layers = 1;
    o.dModel = 16;
    o.heads = 2;
    o.context = 8;
    o.steps = 10;
    o.batch = 2;
    return task::makeTemplateSpec(o).value();
}

// Applies a JSON-pointer-ish edit: path like "nodes/3/inputs/1" set to value (or removed).
QJsonValue edit(QJsonValue root, QStringList path, const QJsonValue &value, bool remove)
{
    if (path.isEmpty())
        return value;
    const QString key = path.takeFirst();
    if (root.isArray()) {
        QJsonArray a = root.toArray();
        const int i = key.toInt();
        if (remove && path.isEmpty())
            a.removeAt(i);
        else
            a[i] = edit(a.at(i), path, value, remove);
        return a;
    }
    QJsonObject o = root.toObject();
    if (remove && path.isEmpty())
        o.remove(key);
    else
        o[key] = edit(o.value(key), path, value, remove);
    return o;
}

QJsonObject with(const QString &path, const QJsonValue &value)
{
    return edit(smallGpt(), path.split(QLatin1Char('/')), value, false).toObject();
}

QJsonObject without(const QString &path) { return edit(smallGpt(), path.split(QLatin1Char('/')), {}, true).toObject(); }

int nodeIndex(const QJsonObject &spec, const QString &name)
{
    const QJsonArray nodes = spec.value(QStringLiteral("nodes")).toArray();
    for (int i = 0; i < nodes.size(); ++i)
        if (nodes[i].toObject().value(QStringLiteral("name")).toString() == name)
            return i;
    return -1;
}

} // namespace

class TestTaskSpec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validSpecParses()
    {
        const auto spec = task::parseTaskSpec(smallGpt());
        QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().message));
        QCOMPARE(spec->backend, QStringLiteral("repro"));
        QCOMPARE(spec->graph.config.steps, 10);
        QCOMPARE(spec->graph.nodes[size_t(spec->graph.lossNode)].op, graph::Op::CrossEntropy);
        QVERIFY(spec->cost.flopsPerStep > 0);
        QVERIFY(spec->cost.paramCount > 0);
        // The task id is the hash of the canonical JSON: stable, and any change moves it.
        const auto again = task::parseTaskSpec(QJsonDocument::fromJson(QJsonDocument(smallGpt()).toJson()).object());
        QCOMPARE(again->taskId, spec->taskId);
        const auto other = task::parseTaskSpec(with(QStringLiteral("training/seed"), 2));
        QVERIFY(other->taskId != spec->taskId);
    }

    void brokenSpecsNameTheField_data()
    {
        QTest::addColumn<QJsonObject>("spec");
        QTest::addColumn<QString>("expected"); // a substring of one reported problem

        const QJsonObject base = smallGpt();
        const int qkv = nodeIndex(base, QStringLiteral("h0.attn.qkv"));
        const int att = nodeIndex(base, QStringLiteral("h0.attn"));
        const QString qkvInputs = QStringLiteral("nodes/%1/inputs").arg(qkv);
        QTest::newRow("unknown input name") << with(qkvInputs + QStringLiteral("/0"), QStringLiteral("x"))
                                            << QStringLiteral("nodes[%1].inputs[0]: unknown value \"x\"").arg(qkv);
        QTest::newRow("forward reference (cycle)") << with(qkvInputs + QStringLiteral("/0"), QStringLiteral("loss"))
                                                   << QStringLiteral("nodes[%1].inputs[0]: node \"loss\" is not defined before").arg(qkv);
        QTest::newRow("self reference") << with(qkvInputs + QStringLiteral("/0"), QStringLiteral("h0.attn.qkv"))
                                        << QStringLiteral("nodes[%1].inputs[0]: node \"h0.attn.qkv\" is not defined before").arg(qkv);
        QTest::newRow("unknown op") << with(QStringLiteral("nodes/%1/op").arg(att), QStringLiteral("system"))
                                    << QStringLiteral("nodes[%1].op: unknown value \"system\"").arg(att);
        QTest::newRow("op not a string") << with(QStringLiteral("nodes/0/op"), 3) << QStringLiteral("nodes[0].op: must be a string");
        QTest::newRow("node not an object") << with(QStringLiteral("nodes/2"), 7) << QStringLiteral("nodes[2]: must be an object");
        QTest::newRow("unknown node field") << with(QStringLiteral("nodes/0/exec"), QStringLiteral("rm -rf /"))
                                            << QStringLiteral("nodes[0].exec: unknown field");
        QTest::newRow("unknown top-level field") << with(QStringLiteral("script"), QStringLiteral("x")) << QStringLiteral("script: unknown field");
        QTest::newRow("too many inputs") << with(qkvInputs, QJsonArray{QStringLiteral("x0"), QStringLiteral("x0"), QStringLiteral("x0"), QStringLiteral("x0")})
                                         << QStringLiteral("nodes[%1].inputs: too many entries").arg(qkv);
        QTest::newRow("wrong weight shape") << with(QStringLiteral("params/4/shape"), QJsonArray{48, 17})
                                            << QStringLiteral("does not match input width");
        QTest::newRow("huge shape") << with(QStringLiteral("params/0/shape"), QJsonArray{256, 2147483647})
                                    << QStringLiteral("params: parameter \"wte\" has a bad or too large shape");
        QTest::newRow("shape too large per dim") << with(QStringLiteral("params/0/shape"), QJsonArray{256, 1e18})
                                                 << QStringLiteral("params[0].shape[1]: must be between 1 and");
        QTest::newRow("negative dim") << with(QStringLiteral("params/0/shape"), QJsonArray{-1, 16}) << QStringLiteral("params[0].shape[0]: must be between");
        QTest::newRow("fractional dim") << with(QStringLiteral("params/0/shape"), QJsonArray{2.5, 16}) << QStringLiteral("params[0].shape[0]: must be an integer");
        QTest::newRow("three dims") << with(QStringLiteral("params/0/shape"), QJsonArray{1, 2, 3}) << QStringLiteral("params[0].shape: too many entries");
        QTest::newRow("duplicate name") << with(QStringLiteral("nodes/1/name"), QStringLiteral("tok_emb")) << QStringLiteral("nodes[1].name: \"tok_emb\" is already used by nodes[0]");
        QTest::newRow("name shadows input") << with(QStringLiteral("params/0/name"), QStringLiteral("tokens")) << QStringLiteral("params[0].name: \"tokens\" is already used");
        QTest::newRow("path-like name") << with(QStringLiteral("params/0/name"), QStringLiteral("../../etc/passwd")) << QStringLiteral("params[0].name: invalid name");
        QTest::newRow("heads do not divide") << with(QStringLiteral("nodes/%1/heads").arg(att), 5) << QStringLiteral("nodes[%1]: heads must divide").arg(att);
        QTest::newRow("heads on the wrong op") << with(QStringLiteral("nodes/0/heads"), 2) << QStringLiteral("nodes[0].heads: unknown field");
        QTest::newRow("missing loss") << without(QStringLiteral("loss")) << QStringLiteral("loss: missing");
        QTest::newRow("loss not cross entropy") << with(QStringLiteral("loss"), QStringLiteral("x0")) << QStringLiteral("the loss must be a cross_entropy node");
        QTest::newRow("unknown loss") << with(QStringLiteral("loss"), QStringLiteral("nope")) << QStringLiteral("loss: unknown node \"nope\"");
        QTest::newRow("bad hash") << with(QStringLiteral("data"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("bytes")}, {QStringLiteral("hash"), QStringLiteral("../../../etc/passwd")}, {QStringLiteral("size"), 100}})
                                  << QStringLiteral("data.hash: must be 64 lower-case hex digits");
        QTest::newRow("data path field") << with(QStringLiteral("data/path"), QStringLiteral("/etc/shadow")) << QStringLiteral("data.path: unknown field");
        QTest::newRow("data too short") << with(QStringLiteral("data/size"), 8) << QStringLiteral("data.size: 8 bytes is too short for context 8");
        QTest::newRow("zero steps") << with(QStringLiteral("training/steps"), 0) << QStringLiteral("training.steps: must be between 1 and");
        QTest::newRow("steps as string") << with(QStringLiteral("training/steps"), QStringLiteral("10")) << QStringLiteral("training.steps: must be an integer");
        QTest::newRow("huge batch") << edit(with(QStringLiteral("training/batch"), 65536), {QStringLiteral("training"), QStringLiteral("context")}, 65536, false).toObject()
                                    << QStringLiteral("training: batch * context must be between 1 and 16777216");
        QTest::newRow("checkpoint after end") << with(QStringLiteral("training/checkpoint_every"), 11) << QStringLiteral("training.checkpoint_every: must be between 0 and 10");
        QTest::newRow("negative lr") << with(QStringLiteral("optimizer/lr"), -1) << QStringLiteral("optimizer.lr: must be in (0");
        QTest::newRow("unknown optimizer") << with(QStringLiteral("optimizer/kind"), QStringLiteral("lion")) << QStringLiteral("optimizer.kind: unknown value \"lion\"");
        QTest::newRow("wrong version") << with(QStringLiteral("version"), 2) << QStringLiteral("version: unsupported version 2");
        QTest::newRow("wrong format") << with(QStringLiteral("format"), QStringLiteral("pytorch")) << QStringLiteral("format: must be \"idleforge.task\"");
        QTest::newRow("unknown backend") << with(QStringLiteral("backend"), QStringLiteral("cuda-raw")) << QStringLiteral("backend: unknown value");
        QTest::newRow("bad init") << with(QStringLiteral("params/0/init"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("normal")}, {QStringLiteral("std"), -3}})
                                  << QStringLiteral("params[0].init.std: must be in (0");
        QTest::newRow("embedding of a node") << with(QStringLiteral("nodes/0/inputs/0"), QStringLiteral("wpe")) << QStringLiteral("nodes[0].inputs[0]: must be a built-in input");
        QTest::newRow("targets not for cross entropy") << with(QStringLiteral("nodes/%1/inputs/1").arg(nodeIndex(base, QStringLiteral("loss"))), QStringLiteral("tokens"))
                                                       << QStringLiteral("must be the targets input");
        QTest::newRow("params not an array") << with(QStringLiteral("params"), QStringLiteral("all")) << QStringLiteral("params: must be an array");
        QTest::newRow("empty spec") << QJsonObject{} << QStringLiteral("format: must be");
    }

    void brokenSpecsNameTheField()
    {
        QFETCH(QJsonObject, spec);
        QFETCH(QString, expected);
        const QStringList issues = task::validateTaskSpec(spec);
        QVERIFY2(!issues.isEmpty(), "spec was accepted");
        bool found = false;
        for (const auto &i : issues)
            found = found || i.contains(expected);
        QVERIFY2(found, qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, issues.join(QLatin1Char('\n')))));
        const auto parsed = task::parseTaskSpec(spec);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, QStringLiteral("task.invalid_spec"));
    }

    void budgetsAreConfigurable()
    {
        task::ValidationLimits tight;
        tight.maxMemoryBytes = 1024;
        const QStringList issues = task::validateTaskSpec(smallGpt(), tight);
        QCOMPARE(issues.size(), 1);
        QVERIFY(issues[0].startsWith(QStringLiteral("(budget): a step needs about")));
        tight = {};
        tight.maxFlopsPerStep = 1000;
        QVERIFY(task::validateTaskSpec(smallGpt(), tight).value(0).contains(QStringLiteral("FLOP")));
    }

    // Random mutations of a valid spec (values replaced by odd JSON) never crash the validator.
    void mutationsNeverCrash()
    {
        const QJsonObject base = smallGpt();
        const QJsonValue odd[] = {QJsonValue(), QJsonValue(-1), QJsonValue(1e308), QJsonValue(QStringLiteral("")), QJsonValue(true),
                                  QJsonArray{}, QJsonObject{}, QJsonArray{QJsonArray{1}}, QJsonValue(0.5), QJsonValue(4294967296.0)};
        QStringList paths;
        const QJsonArray nodes = base.value(QStringLiteral("nodes")).toArray();
        for (int i = 0; i < nodes.size(); ++i)
            for (const QString &k : nodes[i].toObject().keys())
                paths << QStringLiteral("nodes/%1/%2").arg(i).arg(k) << QStringLiteral("nodes/%1/inputs/0").arg(i);
        for (int i = 0; i < base.value(QStringLiteral("params")).toArray().size(); ++i)
            paths << QStringLiteral("params/%1/shape/0").arg(i) << QStringLiteral("params/%1/init").arg(i) << QStringLiteral("params/%1/name").arg(i);
        for (const QString &k : base.keys())
            paths << k;
        paths << QStringLiteral("training/batch") << QStringLiteral("training/context") << QStringLiteral("optimizer/beta1") << QStringLiteral("data/size");
        int refused = 0;
        for (const auto &p : paths)
            for (const auto &v : odd)
                refused += task::validateTaskSpec(with(p, v)).isEmpty() ? 0 : 1;
        QVERIFY(refused > paths.size() * 5); // most odd values are refused; none crashed
    }
};

QTEST_GUILESS_MAIN(TestTaskSpec)
#include "TestTaskSpec.moc"
