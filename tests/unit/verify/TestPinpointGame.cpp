// The pinpoint game on real tiny runs: it names the exact step and node of an injected bit flip,
// pins every other fault kind to its step, the referee rules for the honest party whichever side
// it plays, and equal commitments are no dispute.
#include "VerifyTestUtil.h"
#include "compute/repro/Runtime.h"
#include "verify/GameDriver.h"
#include "verify/Pinpoint.h"

#include <cmath>

using namespace idleforge;

class TestPinpointGame : public QObject {
    Q_OBJECT

    static constexpr int kEmbeddingBackward = -100; // resolved to that node's index in the plan

    task::TaskSpec m_spec = vtest::tinyMlp(24, 4);
    verify::TaskContext m_ctx = vtest::context(m_spec);
    QTemporaryDir m_tmp;
    QString m_honestDir;
    int m_planSize = 0;

    struct Game {
        verify::PinpointOutcome outcome;
        verify::Traffic traffic;
    };

    Game play(const QString &dirA, const QString &dirB)
    {
        auto a = vtest::open(m_ctx, dirA);
        auto b = vtest::open(m_ctx, dirB);
        verify::PinpointParty pa(QStringLiteral("a"), *a, m_ctx, QStringLiteral("g1"));
        verify::PinpointParty pb(QStringLiteral("b"), *b, m_ctx, QStringLiteral("g1"));
        verify::PinpointReferee referee(m_ctx, QStringLiteral("g1"));
        Game g;
        g.traffic = verify::runPinpoint(referee, pa, pb);
        g.outcome = referee.outcome();
        return g;
    }

    QString cheatingRun(const QString &fault)
    {
        const QString dir = m_tmp.filePath(fault);
        vtest::train(m_ctx, dir, fault);
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_honestDir = m_tmp.filePath(QStringLiteral("honest"));
        vtest::train(m_ctx, m_honestDir);
        m_planSize = graph::ReproExecutor(m_ctx.graph).nodeCount();
        QVERIFY(m_planSize > 8);
    }

    void bitFlipIsPinnedToStepAndNode_data()
    {
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("node");
        QTest::addColumn<bool>("honestIsA");
        // Forward nodes (embedding, logits), a backward node and optimizer nodes, both orientations.
        // (A flip the next ops erase, e.g. in a value relu clamps, changes no state: no dispute.)
        for (bool honestIsA : {true, false}) {
            for (auto [step, node] : {std::pair{0, 0}, std::pair{5, 3}, std::pair{8, kEmbeddingBackward}, std::pair{11, -3}, std::pair{23, -1}, std::pair{17, -5}}) {
                QTest::addRow("step%d-node%d-honest-%s", step, node, honestIsA ? "a" : "b") << step << node << honestIsA;
            }
        }
    }

    void bitFlipIsPinnedToStepAndNode()
    {
        QFETCH(int, step);
        QFETCH(int, node);
        QFETCH(bool, honestIsA);
        graph::ReproExecutor plan(m_ctx.graph);
        if (node == kEmbeddingBackward) {
            for (int i = 0; i < plan.nodeCount(); ++i)
                if (plan.nodeInfo(i).op == "embedding_backward")
                    node = i;
        } else if (node < 0) {
            node += m_planSize; // counted from the end: the optimizer nodes
        }
        const QString cheat = cheatingRun(QStringLiteral("bitflip:step=%1,node=%2").arg(step).arg(node));
        const auto g = honestIsA ? play(m_honestDir, cheat) : play(cheat, m_honestDir);
        const auto &o = g.outcome;
        QVERIFY2(o.finished, qPrintable(o.reason));
        QVERIFY(o.dispute);
        QCOMPARE(o.step, std::int64_t(step));
        QCOMPARE(o.node, node);
        QCOMPARE(o.winner, honestIsA ? QStringLiteral("a") : QStringLiteral("b"));
        QCOMPARE(o.refereeOps, 1);
        QVERIFY(g.traffic.rejected.isEmpty());
        QVERIFY(o.stepRounds <= int(std::ceil(std::log2(m_spec.graph.config.steps + 1))));
        QVERIFY(o.nodeRounds <= int(std::ceil(std::log2(m_planSize + 1))));
        QCOMPARE(o.op, QString::fromStdString(plan.nodeInfo(node).op));
    }

    void otherFaultsArePinnedToTheirStep_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("step");
        QTest::addColumn<bool>("stateCommit"); // decided at the state_commit pseudo-node
        QTest::newRow("skip-update") << QStringLiteral("skip-update:step=9") << 9 << true;
        QTest::newRow("fabricate") << QStringLiteral("fabricate:from=6,to=12") << 6 << true;
        QTest::newRow("wrong-batch") << QStringLiteral("wrong-batch:step=14") << 14 << false;
    }

    void otherFaultsArePinnedToTheirStep()
    {
        QFETCH(QString, fault);
        QFETCH(int, step);
        QFETCH(bool, stateCommit);
        const QString cheat = cheatingRun(fault);
        for (bool honestIsA : {true, false}) {
            const auto g = honestIsA ? play(m_honestDir, cheat) : play(cheat, m_honestDir);
            QVERIFY2(g.outcome.finished, qPrintable(g.outcome.reason));
            QCOMPARE(g.outcome.step, std::int64_t(step));
            QCOMPARE(g.outcome.winner, honestIsA ? QStringLiteral("a") : QStringLiteral("b"));
            if (stateCommit)
                QCOMPARE(g.outcome.op, QStringLiteral("state_commit"));
            else
                QVERIFY2(g.outcome.reason.contains(QStringLiteral("batch")), qPrintable(g.outcome.reason));
        }
    }

    void honestRunsAreNeverDisputed_data()
    {
        QTest::addColumn<QString>("isa");
        QTest::addColumn<int>("threads");
        QTest::newRow("generic-1-thread") << QStringLiteral("generic") << 1;
        QTest::newRow("generic-2-threads") << QStringLiteral("generic") << 2;
        QTest::newRow("avx2-1-thread") << QStringLiteral("avx2") << 1;
        QTest::newRow("avx512-2-threads") << QStringLiteral("avx512") << 2;
    }

    // The honest run was trained on the best ISA path with the default thread count; another
    // path and thread count commit to the same bytes, so the game ends before its first round.
    void honestRunsAreNeverDisputed()
    {
        QFETCH(QString, isa);
        QFETCH(int, threads);
        const auto path = repro::parseIsa(isa.toStdString());
        if (!path || !repro::isaSupported(*path))
            QSKIP("this CPU or build lacks the ISA path");
        QVERIFY(repro::forceIsa(*path));
        const int threadsBefore = repro::threadCount();
        const QString other = m_tmp.filePath(QStringLiteral("honest-") + isa + QString::number(threads));
        vtest::train(m_ctx, other, {}, threads);
        repro::resetIsa();
        repro::setThreadCount(threadsBefore);
        const auto g = play(m_honestDir, other);
        QVERIFY(g.outcome.finished);
        QVERIFY2(!g.outcome.dispute, qPrintable(g.outcome.reason));
        QCOMPARE(g.outcome.stepRounds, 0);
        QCOMPARE(g.outcome.refereeOps, 0);
        QCOMPARE(g.outcome.winner, QString());
    }
};

QTEST_GUILESS_MAIN(TestPinpointGame)
#include "TestPinpointGame.moc"
