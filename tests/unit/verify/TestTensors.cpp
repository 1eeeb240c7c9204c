// Canonical buffer shapes against what the executor really produces, and the tensor wire form.
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/Training.h"
#include "task/TaskSpec.h"
#include "task/Templates.h"
#include "verify/Tensors.h"

#include <QTest>

using namespace idleforge;

namespace {

task::TaskSpec tinySpec(const QString &templateName)
{
    task::TemplateOptions o;
    o.templateName = templateName;
    o.layers = 1;
    o.dModel = 16;
    o.heads = 2;
    o.hidden = 32;
    o.context = 8;
    o.batch = 2;
    o.steps = 2;
    o.data.size = 4096;
    return task::parseTaskSpec(task::makeTemplateSpec(o).value()).value();
}

class ShapeChecker final : public graph::StepObserver {
public:
    explicit ShapeChecker(const graph::Graph &g) : m_g(g) {}
    int checked = 0;
    QStringList problems;
    void onNode(int, graph::StepPhase, std::string_view, std::string_view, std::span<graph::TensorView> outputs) override
    {
        for (const auto &o : outputs) {
            const auto shape = verify::bufferShape(m_g, o.name);
            ++checked;
            if (!shape || !std::equal(shape->begin(), shape->end(), o.shape.begin(), o.shape.end()))
                problems << QString::fromUtf8(o.name.data(), qsizetype(o.name.size()));
        }
    }

private:
    const graph::Graph &m_g;
};

} // namespace

class TestTensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shapesMatchTheExecutor_data()
    {
        QTest::addColumn<QString>("templateName");
        QTest::newRow("gpt") << QStringLiteral("gpt");
        QTest::newRow("mlp") << QStringLiteral("mlp");
    }

    void shapesMatchTheExecutor()
    {
        QFETCH(QString, templateName);
        const auto spec = tinySpec(templateName);
        graph::ReproExecutor exec(spec.graph);
        graph::TrainState s = graph::initialState(spec.graph);
        const auto shard = graph::syntheticText(4096);
        ShapeChecker checker(spec.graph);
        exec.step(s, graph::makeBatch(shard, 1, 0, 2, 8), &checker);
        QVERIFY(checker.checked > 10);
        QVERIFY2(checker.problems.isEmpty(), qPrintable(checker.problems.join(QStringLiteral(", "))));
        // Every input of every node has a canonical shape too.
        for (int i = 0; i < exec.nodeCount(); ++i)
            for (const auto &name : exec.nodeInfo(i).inputs)
                QVERIFY2(verify::bufferShape(spec.graph, name).has_value(), name.c_str());
        // zeroState has the graph's tensors.
        QVERIFY(graph::stateMatchesGraph(verify::zeroState(spec.graph, 0), spec.graph));
    }

    void wireFormRoundTripsAndRefusesNonsense()
    {
        const std::vector<float> f{1.0f, -2.5f};
        const std::vector<std::int32_t> ids{7, 8, 9};
        QByteArray blob;
        const QJsonArray list = verify::packTensors({verify::floatTensor("a", f), verify::intTensor("tokens", ids)}, blob);
        QCOMPARE(blob.size(), 20);
        const auto back = verify::unpackTensors(list, blob, 4);
        QVERIFY(back.ok());
        QCOMPARE(back->size(), size_t(2));
        QCOMPARE(verify::floats((*back)[0])[1], -2.5f);
        QVERIFY((*back)[1].isInt);
        QVERIFY(!verify::unpackTensors(list, blob.left(19), 4).ok());       // truncated
        QVERIFY(!verify::unpackTensors(list, blob + "xxxx", 4).ok());       // trailing bytes
        QVERIFY(!verify::unpackTensors(list, blob, 1).ok());                // too many tensors
        QVERIFY(!verify::unpackTensors(QJsonValue(3), blob, 4).ok());       // not a list
    }

    // A state packs straight from its tensors into what unpackTensors and stateFromTensors read
    // back bit for bit, after whatever the blob held already.
    void stateRoundTripsThroughTheWireForm()
    {
        const auto spec = tinySpec(QStringLiteral("gpt"));
        graph::TrainState s = verify::zeroState(spec.graph, 3);
        float x = 0.25f;
        for (auto &t : s.tensors)
            for (float &v : t.data)
                v = (x = -x * 1.0001f);
        QByteArray blob("head");
        const QJsonArray list = verify::packState(s, blob);
        QCOMPARE(list.size(), qsizetype(s.tensors.size()));
        QVERIFY(blob.startsWith("head"));
        const auto back = verify::unpackTensors(list, blob.mid(4), int(s.tensors.size()));
        QVERIFY(back.ok());
        const auto state = verify::stateFromTensors(spec.graph, 3, *back);
        QVERIFY(state.ok());
        QCOMPARE(graph::stateHash(*state), graph::stateHash(s));
    }

    // A verifier reads every opening's state into one TrainState: each the same bits as
    // stateFromTensors gives, whatever the state held before, and a state that does not fit the
    // task refused the same way. (That its buffers are reused is a speed matter, measured by
    // tests/bench/verify/cli-audit-cost.py; TestCheckpoint counts the page faults of the reader.)
    void openingsFillOneStateInPlace()
    {
        const auto spec = tinySpec(QStringLiteral("gpt"));
        graph::TrainState served;
        for (int round = 0; round < 3; ++round) {
            graph::TrainState s = verify::zeroState(spec.graph, round);
            float x = 0.5f + float(round);
            for (auto &t : s.tensors)
                for (float &v : t.data)
                    v = (x = -x * 1.001f);
            QByteArray blob;
            const QJsonArray list = verify::packState(s, blob);
            const auto slices = verify::sliceTensors(list, blob, int(s.tensors.size()));
            QVERIFY(slices.ok());
            QVERIFY(verify::stateFromWire(spec.graph, round, *slices, blob, served).ok());
            QCOMPARE(served.step, std::int64_t(round));
            QCOMPARE(graph::stateHash(served), graph::stateHash(s));
        }
        graph::TrainState s = verify::zeroState(spec.graph, 0);
        s.tensors.pop_back();
        QByteArray blob;
        const QJsonArray shortList = verify::packState(s, blob);
        const auto slices = verify::sliceTensors(shortList, blob, 100);
        QVERIFY(slices.ok());
        const auto refused = verify::stateFromWire(spec.graph, 0, *slices, blob, served);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QStringLiteral("tensors")));
        QVERIFY(!verify::sliceTensors(shortList, blob.left(blob.size() - 4), 100).ok()); // short blob
    }
};

QTEST_GUILESS_MAIN(TestTensors)
#include "TestTensors.moc"
