// Sample counts, the exact catch probability, reputation discounts and the sample draw.
#include "verify/AuditPolicy.h"
#include "verify/SampleSelection.h"

#include <QTest>

#include <cmath>
#include <set>
#include <vector>

using namespace idleforge::verify;

class TestAuditPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // k* = ceil(sqrt(2 w N / m)), then raised so that N/k checkpoints fit the disk budget.
    void suggestedCheckpointInterval()
    {
        QCOMPARE(suggestedCheckpointEvery(1000, 44, 0, 0), 7);         // sqrt(45.45) = 6.74
        QCOMPARE(suggestedCheckpointEvery(1000, 4, 0, 0), 23);         // sqrt(500) = 22.4
        QCOMPARE(suggestedCheckpointEvery(1000, 44, 0, 0, 0.25), 4);   // cheap writes: smaller k
        QCOMPARE(suggestedCheckpointEvery(10000, 44, 0, 0), 22);
        // 1,000 checkpoints of 5.6 MB in 256 MiB: k >= 1000 x 5.6e6 / 2^28 = 20.9
        QCOMPARE(suggestedCheckpointEvery(1000, 44, 5'600'000, qint64(256) << 20), 21);
        QCOMPARE(suggestedCheckpointEvery(40, 44, 0, 0), 2);           // m capped at N: sqrt(2)
        QCOMPARE(suggestedCheckpointEvery(1, 44, 0, 0), 1);
        QCOMPARE(suggestedCheckpointEvery(100, 44, qint64(1) << 40, 1 << 20), 100); // never more than N
    }

    // The solver's extras in memory: k' = max(the cheaper of floor and ceil of k* = sqrt(2 x 0.1 x
    // N / m), ceil(N S / A)), only where that is denser than the task's own k.
    void extraCheckpointIntervalInMemory()
    {
        const qint64 S = 5'600'000, GiB = qint64(1) << 30;
        // 1,000 steps: k* = sqrt(200 / 44) = 2.13, and 2 costs 500 x 0.1 + 44 x 0.5 = 72 steps
        // against 77 for 3; but 2 GiB hold 1000 x 5.6e6 / 2^31 = 2.6 -> 3 a state every 3 steps.
        QCOMPARE(extraCheckpointEvery(1000, 21, 44, S, 2 * GiB), 3);
        QCOMPARE(extraCheckpointEvery(1000, 21, 44, S, 3 * GiB), 2); // 1.74 -> 2: the cost decides
        QCOMPARE(extraCheckpointEvery(1000, 21, 4, S, 8 * GiB), 7);  // k* = 7.07: 7 costs 26.3, 8 26.5
        // 512 MiB: 10.4 -> 11, still denser than 21.
        QCOMPARE(extraCheckpointEvery(1000, 21, 44, S, GiB / 2), 11);
        // 10,000 steps in 2 GiB: 26.1 -> 27, denser than the task's 211.
        QCOMPARE(extraCheckpointEvery(10000, 211, 44, S, 2 * GiB), 27);
        // A task that checkpoints every 3 already: nothing to add; every 2 would be denser.
        QCOMPARE(extraCheckpointEvery(1000, 3, 44, S, 2 * GiB), 0);
        // 40 steps (m capped at 40): sqrt(2 x 0.1) -> 1, every step, where the task has 2 or 5.
        QCOMPARE(extraCheckpointEvery(40, 2, 44, S, 2 * GiB), 1);
        QCOMPARE(extraCheckpointEvery(40, 5, 44, S, 2 * GiB), 1);
        QCOMPARE(extraCheckpointEvery(40, 1, 44, S, 2 * GiB), 0);
        // A task with the final state only (k = 0) counts as k = N.
        QCOMPARE(extraCheckpointEvery(1000, 0, 44, S, 2 * GiB), 3);
        // No room for one state, no state, one step: none.
        QCOMPARE(extraCheckpointEvery(1000, 21, 44, S, S - 1), 0);
        QCOMPARE(extraCheckpointEvery(1000, 21, 44, 0, 2 * GiB), 0);
        QCOMPARE(extraCheckpointEvery(1, 1, 44, S, 2 * GiB), 0);
    }

    // With the write cost measured (w steps an extra): k* = sqrt(2 w N / m), and no extras where
    // their writes between the task's own, N w (1/k' - 1/k), exceed the replays they spare,
    // m (k - k') / 2.
    void extraCheckpointIntervalAtAMeasuredCost()
    {
        const qint64 S = 5'600'000, GiB = qint64(1) << 30;
        // w = 0.4 (this VM): k* = sqrt(800 / 44) = 4.26; 4 costs 100 + 66 = 166, 5 costs 80 + 88 = 168.
        QCOMPARE(extraCheckpointEvery(1000, 22, 44, S, 3 * GiB, 0.4), 4);
        // w = 0.02 (fast memory): k* = 0.95 -> 1 (memory allows 2): every 2 steps.
        QCOMPARE(extraCheckpointEvery(1000, 22, 44, S, 3 * GiB, 0.02), 2);
        // A reputable host (m = 4) at w = 0.4: k* = 14.1 -> 14: writes 1000 x 0.4 x (1/14 - 1/22) =
        // 10.4 steps against 4 x 8 / 2 = 16 spared: worth it. At w = 1: k* = 22.4, none denser.
        QCOMPARE(extraCheckpointEvery(1000, 22, 4, S, 3 * GiB, 0.4), 14);
        QCOMPARE(extraCheckpointEvery(1000, 22, 4, S, 3 * GiB, 1.0), 0);
        // Dear writes: at m = 44 and w = 6, k* = 16.5, and 17 costs 704.9 steps against 705.0 for
        // 16; its writes, 1000 x 6 x (1/17 - 1/22) = 80 steps, spare 44 x 5 / 2 = 110. At w = 30
        // k* = 36.9, none denser than 22.
        QCOMPARE(extraCheckpointEvery(1000, 22, 44, S, 2 * GiB, 6.0), 17);
        QCOMPARE(extraCheckpointEvery(1000, 22, 44, S, 2 * GiB, 30.0), 0);
        QCOMPARE(extraCheckpointEvery(1000, 22, 44, S, 2 * GiB, 0.0), 0); // no cost measured is no cost model
    }

    void measuredWriteCost()
    {
        // 100 extras in 2 s against 500 steps in 20 s: 20 ms an extra, 40 ms a step.
        QCOMPARE(*measuredWriteSteps(2.0, 100, 20.0, 500), 0.5);
        QVERIFY(!measuredWriteSteps(2.0, 4, 20.0, 500));   // too few extras to tell
        QVERIFY(!measuredWriteSteps(2.0, 100, 20.0, 4));   // too few steps
        QVERIFY(!measuredWriteSteps(2.0, 100, 0.0, 500));  // no time
        QVERIFY(!measuredWriteSteps(-1.0, 100, 20.0, 500)); // an old worker: no extra_checkpoint_s
    }

    void samplesForTarget()
    {
        // m = ceil(log(1-P)/log(1-f)), worked by hand: log(0.01)/log(0.9) = 43.7, /log(0.5) = 6.64,
        // /log(0.99) = 458.2.
        QCOMPARE(samplesFor(0.99, 0.10), 44);
        QCOMPARE(samplesFor(0.99, 0.50), 7);
        QCOMPARE(samplesFor(0.99, 0.01), 459);
        QCOMPARE(samplesFor(0.75, 0.50), 2); // exactly 2: no rounding up past an integer
        QCOMPARE(samplesFor(0.99, 1.0), 1);
        for (double f : {0.01, 0.1, 0.5}) {
            const int m = samplesFor(0.99, f);
            QVERIFY(1 - std::pow(1 - f, m) >= 0.99);
            QVERIFY(1 - std::pow(1 - f, m - 1) < 0.99);
        }
    }

    void detectionProbabilityIsHypergeometric()
    {
        QCOMPARE(detectionProbability(10, 0, 5), 0.0);
        QCOMPARE(detectionProbability(10, 1, 1), 0.1);
        QVERIFY(qFuzzyCompare(detectionProbability(10, 2, 2), 1.0 - (8.0 * 7.0) / (10.0 * 9.0)));
        QCOMPARE(detectionProbability(10, 3, 8), 1.0); // more samples than clean steps
        // Large N approaches 1-(1-f)^m.
        QVERIFY(std::abs(detectionProbability(1'000'000, 100'000, 44) - (1 - std::pow(0.9, 44))) < 1e-4);
    }

    // One replay per checkpoint interval, worked by hand (k = 10: checkpoints at 0, 10, 20, ...).
    void servingStepsCountOneReplayPerInterval()
    {
        using V = std::vector<std::int64_t>;
        QCOMPARE(servingSteps(V{}, 10), std::int64_t(0));
        QCOMPARE(servingSteps(V{0, 10, 20}, 10), std::int64_t(0));        // checkpoints: nothing to replay
        QCOMPARE(servingSteps(V{3, 7, 9}, 10), std::int64_t(9));          // 0 -> 9 once, not 3 + 7 + 9
        QCOMPARE(servingSteps(V{3, 15, 19, 42}, 10), std::int64_t(3 + 9 + 2));
        QCOMPARE(servingSteps(V{3, 15}, 0), std::int64_t(15));            // no checkpoints: one pass from s_0
        QCOMPARE(servingSteps(V{5, 6}, 1), std::int64_t(0));              // a checkpoint every step
        QCOMPARE(intervalsTouched(V{3, 7, 9}, 10), std::int64_t(0));      // all from s_0
        QCOMPARE(intervalsTouched(V{3, 15, 19, 42}, 10), std::int64_t(2)); // checkpoints 10 and 40
        QCOMPARE(samplingCost(V{3, 7, 9}, 10), 9 + 3 * (1 + kSampleOverheadSteps));
        QCOMPARE(samplingCost(V{3, 15, 19, 42}, 10), 14 + 2 * kCheckpointLoadSteps + 4 * (1 + kSampleOverheadSteps));
    }

    // Replay mode where sampling would cost at least one replay: m close to N, short runs,
    // sparse checkpoints; sampling where it is cheaper.
    void replayWhereSamplingCostsMore()
    {
        std::vector<std::int64_t> all(40);
        for (int i = 0; i < 40; ++i)
            all[size_t(i)] = i;
        QVERIFY(replayCostsLess(40, 10, all));                            // every step sampled
        QVERIFY(replayCostsLess(40, 10, drawSamples(seedFromText("a"), {}, 40, 30)));
        QVERIFY(!replayCostsLess(1000, 10, drawSamples(seedFromText("a"), {}, 1000, 44)));
        QVERIFY(!replayCostsLess(1000, 2, drawSamples(seedFromText("a"), {}, 1000, 44)));
        QVERIFY(replayCostsLess(400, 200, drawSamples(seedFromText("a"), {}, 400, 100))); // 2 intervals, ~all replayed
        QVERIFY(!replayCostsLess(400, 10, {std::vector<std::int64_t>{5}}));
    }

    void reputationDiscountsAndResets()
    {
        Reputation r({0.99, 0.10, 10, 4});
        QCOMPARE(r.samples(1000), 44);
        for (int i = 0; i < 10; ++i)
            r.recordAudit(true);
        QCOMPARE(r.samples(1000), 22);
        for (int i = 0; i < 100; ++i)
            r.recordAudit(true);
        QCOMPARE(r.samples(1000), 4); // the floor
        QCOMPARE(r.samples(3), 3);    // never more than the run has
        r.recordAudit(false);
        QCOMPARE(r.cleanStreak(), 0);
        QCOMPARE(r.samples(1000), 44);
    }

    void samplesAreDistinctDeterministicAndBoundToTheCommitment()
    {
        const Hash256 seed = seedFromText("7");
        Hash256 c1{}, c2{};
        c2[0] = 1;
        const auto a = drawSamples(seed, c1, 1000, 44);
        QCOMPARE(a, drawSamples(seed, c1, 1000, 44));
        QCOMPARE(std::set<std::int64_t>(a.begin(), a.end()).size(), size_t(44));
        QVERIFY(std::is_sorted(a.begin(), a.end()));
        QVERIFY(a.front() >= 0 && a.back() < 1000);
        QVERIFY(a != drawSamples(seed, c2, 1000, 44));
        QVERIFY(a != drawSamples(seedFromText("8"), c1, 1000, 44));
        QCOMPARE(drawSamples(seed, c1, 5, 5), (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
        QVERIFY(seedCommitment(seed) != seedCommitment(seedFromText("8")));
    }

    void samplesAreUniform()
    {
        // Every step of a 10-step run is drawn about equally often over many seeds.
        std::vector<int> hits(10, 0);
        for (int s = 0; s < 2000; ++s)
            for (auto t : drawSamples(seedFromText(std::to_string(s)), Hash256{}, 10, 1))
                ++hits[size_t(t)];
        for (int h : hits)
            QVERIFY2(h > 130 && h < 270, qPrintable(QString::number(h))); // mean 200, sd ~13.4
    }
};

QTEST_GUILESS_MAIN(TestAuditPolicy)
#include "TestAuditPolicy.moc"
