// Templates emit specs that validate, with the requested shapes.
#include "task/TaskSpec.h"
#include "task/Templates.h"

#include <QJsonArray>
#include <QTest>

using namespace idleforge;

class TestTemplates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsValidate_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("gpt") << QStringLiteral("gpt");
        QTest::newRow("mlp") << QStringLiteral("mlp");
    }
    void defaultsValidate()
    {
        QFETCH(QString, name);
        task::TemplateOptions o;
        o.templateName = name;
        const auto json = task::makeTemplateSpec(o);
        QVERIFY(json.ok());
        const auto spec = task::parseTaskSpec(json.value());
        QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().message));
        QCOMPARE(spec->graph.config.context, 64);
        QCOMPARE(spec->data.kind, task::DatasetRef::Kind::Synthetic);
    }

    void gptHasTheRequestedShape()
    {
        task::TemplateOptions o;
        o.layers = 3;
        o.dModel = 96;
        o.heads = 6;
        o.context = 32;
        const auto spec = task::parseTaskSpec(task::makeTemplateSpec(o).value());
        QVERIFY(spec.ok());
        int attention = 0;
        for (const auto &n : spec->graph.nodes)
            if (n.op == graph::Op::CausalAttention) {
                ++attention;
                QCOMPARE(n.heads, 6);
                QCOMPARE(n.shape, (std::vector<std::int64_t>{o.batch * 32, 96}));
            }
        QCOMPARE(attention, 3);
        // 12 d^2 + 13 d per block, plus embeddings, final norm and the untied head.
        const qint64 d = 96;
        QCOMPARE(spec->cost.paramCount, 3 * (12 * d * d + 13 * d) + 256 * d + 32 * d + 2 * d + 256 * d);
    }

    void badOptionsAreRefused()
    {
        task::TemplateOptions o;
        o.heads = 5; // does not divide 128
        QCOMPARE(task::makeTemplateSpec(o).error().code, QStringLiteral("task.bad_template_option"));
        o = {};
        o.templateName = QStringLiteral("resnet");
        QCOMPARE(task::makeTemplateSpec(o).error().code, QStringLiteral("task.unknown_template"));
    }
};

QTEST_GUILESS_MAIN(TestTemplates)
#include "TestTemplates.moc"
