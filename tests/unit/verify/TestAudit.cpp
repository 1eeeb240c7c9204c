// Sampling audits of real tiny runs: honest runs pass every sample; each fault kind fails
// exactly the samples it should, and over many seeds the detection rate lies inside the
// binomial confidence bounds of the exact catch probability (1-(1-f)^m, drawn without
// replacement). The solver serves the samples of one checkpoint interval with one replay; where
// sampling would cost more than one replay, the verifier replays the whole run against the
// committed h_0..h_N instead, and a mismatch there leads into the same pinpoint game.
#include "VerifyTestUtil.h"
#include "compute/repro/Runtime.h"
#include "verify/Audit.h"
#include "verify/AuditPolicy.h"
#include "verify/GameDriver.h"
#include "verify/Pinpoint.h"
#include "verify/SampleSelection.h"

#include <climits>
#include <cmath>
#include <deque>

using namespace idleforge;

constexpr int kHeld = -1; // streamedAudit without a sink

class TestAudit : public QObject {
    Q_OBJECT

    task::TaskSpec m_spec = vtest::tinyMlp(24, 4);
    verify::TaskContext m_ctx = vtest::context(m_spec);
    QTemporaryDir m_tmp;

    verify::AuditReport audit(verify::RunSource &run, verify::StepRecomputer &rc, int m, const QString &seed,
                              verify::AuditMode mode = verify::AuditMode::Sample)
    {
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText(seed.toStdString()), m, QStringLiteral("audit-") + seed);
        verifier.setMode(mode);
        verify::AuditSolver solver(run, m_ctx.taskId, QStringLiteral("audit-") + seed);
        const auto traffic = verify::runAudit(verifier, solver);
        if (!traffic.rejected.isEmpty())
            qWarning() << traffic.rejected;
        return verifier.report();
    }

    // Wilson score interval at z (3.29: two-sided 99.9%).
    static std::pair<double, double> wilson(int hits, int trials, double z = 3.29)
    {
        const double n = trials, p = double(hits) / n, z2 = z * z;
        const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return {centre - half, centre + half};
    }

    // Counts the steps a replay runs (the solver's serving cost).
    class CountingBackend final : public graph::Backend {
    public:
        explicit CountingBackend(const graph::Graph &g) : m_exec(g) {}
        std::string name() const override { return "counting"; }
        float step(graph::TrainState &s, const graph::Batch &b, graph::StepObserver *o) override
        {
            ++steps;
            return m_exec.step(s, b, o);
        }
        bool supportsTracing() const override { return true; }
        int steps = 0;

    private:
        graph::ReproExecutor m_exec;
    };

    // A run whose disk goes after two states.
    class BrokenAfterTwo final : public vtest::ForwardingRun {
    public:
        using ForwardingRun::ForwardingRun;
        Result<graph::TrainState> state(std::int64_t t) override
        {
            if (++m_calls > 2)
                return makeError("verify.replay_failed", QStringLiteral("disk gone"));
            return m_inner.state(t);
        }

    private:
        int m_calls = 0;
    };

private Q_SLOTS:
    void honestRunPassesEverySample()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("honest"));
        vtest::train(m_ctx, dir);
        auto run = vtest::open(m_ctx, dir);
        verify::ReproStepRecomputer rc(m_ctx);
        const auto report = audit(*run, rc, int(m_spec.graph.config.steps), QStringLiteral("all"));
        QVERIFY(report.finished);
        QVERIFY2(report.ok, qPrintable(report.samples.empty() ? report.failure : report.samples.front().reason));
        QCOMPARE(report.samples.size(), size_t(m_spec.graph.config.steps));
        QCOMPARE(report.recomputed, int(m_spec.graph.config.steps));
    }

    // The verifier recomputes on another ISA path and thread count than the solver trained on.
    void honestRunPassesOnEveryIsaPath()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("honest-best"));
        vtest::train(m_ctx, dir); // best path, default threads
        auto run = vtest::open(m_ctx, dir);
        const int threadsBefore = repro::threadCount();
        for (auto isa : {repro::Isa::Generic, repro::Isa::Avx2, repro::Isa::Avx512}) {
            if (!repro::isaSupported(isa))
                continue;
            QVERIFY(repro::forceIsa(isa));
            verify::ReproStepRecomputer rc(m_ctx, 1);
            const auto report = audit(*run, rc, 8, QStringLiteral("isa"));
            repro::resetIsa();
            QVERIFY2(report.ok, repro::isaName(isa).data());
        }
        repro::setThreadCount(threadsBefore);
    }

    // Every sampled state of one checkpoint interval comes from one replay, in order, the same
    // bytes as state(t) alone, and the replay costs exactly servingSteps().
    void solverServesEachIntervalWithOneReplay()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("batch"));
        vtest::train(m_ctx, dir);
        auto run = vtest::open(m_ctx, dir);
        graph::RunOptions o;
        o.checkpointDir = QDir(dir).filePath(QStringLiteral("checkpoints-repro")).toStdString();
        o.taskId = m_ctx.taskId;
        o.shard = m_ctx.shard;
        const qint64 k = m_spec.graph.config.checkpointEvery; // 4
        const std::vector<std::vector<std::int64_t>> cases{{1, 2, 3}, {0, 5, 7, 8, 11, 23}, {3, 4}, {6}, {}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}};
        for (const auto &steps : cases) {
            CountingBackend backend(m_ctx.graph);
            std::vector<std::int64_t> seen;
            graph::forEachStateAt(m_ctx.graph, backend, o, steps, [&](const graph::TrainState &s) {
                seen.push_back(s.step);
                QCOMPARE(graph::stateHash(s), run->stateHashes().at(size_t(s.step)));
            });
            QCOMPARE(seen, steps);
            QCOMPARE(backend.steps, int(verify::servingSteps(steps, k)));
            // Sequential state(t) calls replay every sample from its checkpoint: never fewer steps.
            std::int64_t alone = 0;
            for (auto t : steps)
                alone += t % k;
            QVERIFY(backend.steps <= alone);
        }
        QCOMPARE(verify::servingSteps(std::vector<std::int64_t>{1, 2, 3}, k), std::int64_t(3)); // one replay of 0..3, not 1+2+3
        // Through the RunSource interface (what AuditSolver calls), with the same states.
        std::vector<std::int64_t> got;
        const std::vector<std::int64_t> steps{2, 3, 9, 10, 24};
        QVERIFY(run->forEachState(steps, [&](std::int64_t t, const graph::TrainState &s) {
            QCOMPARE(s.step, t);
            QCOMPARE(graph::stateHash(s), run->stateHashes().at(size_t(t)));
            got.push_back(t);
        }));
        QCOMPARE(got, steps);
        QVERIFY(!run->forEachState(std::vector<std::int64_t>{3, 2}, [](std::int64_t, const graph::TrainState &) {}));
        QVERIFY(!run->forEachState(std::vector<std::int64_t>{25}, [](std::int64_t, const graph::TrainState &) {}));
    }

    // Auto mode: m close to N replays the whole run (nothing served, every step recomputed);
    // a few samples of a long enough run are sampled.
    void autoModeReplaysWhenSamplingCostsMore()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("auto"));
        vtest::train(m_ctx, dir);
        auto run = vtest::open(m_ctx, dir);
        verify::ReproStepRecomputer rc(m_ctx);
        const qint64 N = m_spec.graph.config.steps;
        const auto full = audit(*run, rc, int(N), QStringLiteral("auto-full"), verify::AuditMode::Auto);
        QVERIFY(full.finished && full.ok && full.replayed);
        QCOMPARE(full.recomputed, int(N));
        QCOMPARE(full.samples.size(), size_t(N)); // every drawn sample, passed by the replay
        for (const auto &s : full.samples)
            QVERIFY(s.ok);
        QCOMPARE(full.servingSteps, std::int64_t(0));
        const auto few = audit(*run, rc, 2, QStringLiteral("auto-few"), verify::AuditMode::Auto);
        QVERIFY(few.finished && few.ok && !few.replayed);
        QCOMPARE(few.samples.size(), size_t(2));
        QCOMPARE(few.recomputed, 2);
    }

    // Replay mode fails every fault kind at its first bad step, and the pinpoint game between
    // the honest run and the cheat finds that same step and the honest winner.
    void replayModeFailsAtTheFirstBadStepAndLeadsIntoThePinpointGame_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::newRow("bitflip") << QStringLiteral("bitflip:step=7,node=0");
        QTest::newRow("fabricate") << QStringLiteral("fabricate:from=10,to=13");
        QTest::newRow("wrong-batch") << QStringLiteral("wrong-batch:step=3");
        QTest::newRow("skip-update") << QStringLiteral("skip-update:step=20");
    }

    void replayModeFailsAtTheFirstBadStepAndLeadsIntoThePinpointGame()
    {
        QFETCH(QString, fault);
        const QString honestDir = m_tmp.filePath(QStringLiteral("replay-honest"));
        if (!QDir(honestDir).exists())
            vtest::train(m_ctx, honestDir);
        const QString dir = m_tmp.filePath(QStringLiteral("replay-") + fault);
        vtest::train(m_ctx, dir, fault);
        auto cheat = vtest::open(m_ctx, dir);
        auto honest = vtest::open(m_ctx, honestDir);
        const auto bad = verify::faultyAuditSteps(verify::parseFaultOption(fault).value(), m_spec.graph.config.steps);
        verify::ReproStepRecomputer rc(m_ctx);
        const auto r = audit(*cheat, rc, int(m_spec.graph.config.steps), QStringLiteral("replay"), verify::AuditMode::Replay);
        QVERIFY(r.finished && r.replayed && !r.ok);
        QVERIFY(r.failure.isEmpty());
        // Steps 0..first-1 passed, the first bad one failed, nothing after it was compared.
        QCOMPARE(r.samples.size(), size_t(bad.first) + 1);
        for (size_t i = 0; i < r.samples.size(); ++i) {
            QCOMPARE(r.samples[i].step, std::int64_t(i));
            QCOMPARE(r.samples[i].ok, std::int64_t(i) != bad.first);
        }
        QCOMPARE(r.recomputed, int(bad.first) + 1);
        // With one drawn sample the failing step is still reported.
        const auto one = audit(*cheat, rc, 1, QStringLiteral("replay-one"), verify::AuditMode::Replay);
        QVERIFY(!one.ok && !one.samples.empty());
        QCOMPARE(one.samples.back().step, std::int64_t(bad.first));
        QVERIFY(!one.samples.back().ok);

        verify::PinpointParty pa(QStringLiteral("a"), *honest, m_ctx, QStringLiteral("d"));
        verify::PinpointParty pb(QStringLiteral("b"), *cheat, m_ctx, QStringLiteral("d"));
        verify::PinpointReferee referee(m_ctx, QStringLiteral("d"));
        verify::runPinpoint(referee, pa, pb);
        QVERIFY(referee.outcome().finished);
        QCOMPARE(referee.outcome().winner, QStringLiteral("a"));
        QCOMPARE(referee.outcome().step, std::int64_t(bad.first));
    }

    // The hashes a solver shows in replay mode must be the committed ones.
    void replayModeRefusesHashesOffTheCommitment()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("replay-tamper"));
        vtest::train(m_ctx, dir);
        auto run = vtest::open(m_ctx, dir);
        verify::ReproStepRecomputer rc(m_ctx);
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText("t"), 1, QStringLiteral("t"));
        verifier.setMode(verify::AuditMode::Replay);
        verify::AuditSolver solver(*run, m_ctx.taskId, QStringLiteral("t"));
        bool hit = false;
        verify::runAudit(verifier, solver, [&](const verify::Message &m) {
            verify::Message x = m;
            if (m.type == QLatin1String("audit.hashes")) {
                hit = true;
                x.blob[40] = char(x.blob[40] ^ 1); // h_1
            }
            return std::vector<verify::Message>{x};
        });
        QVERIFY(hit);
        QVERIFY(verifier.report().finished && !verifier.report().ok);
        QVERIFY2(verifier.report().failure.contains(QStringLiteral("committed")), qPrintable(verifier.report().failure));
        QCOMPARE(verifier.report().recomputed, 0);
        QVERIFY(solver.finished());
    }

    // A solver that cannot serve one of its samples refuses (the refusal is the next message the
    // verifier takes, not an out-of-order one after openings it never sent) and fails the audit.
    // Here the solver holds its openings (no sink): runAudit streams them, as the node does
    // (aStreamingSolverRefusesAfterWhatItSent).
    void aSolverThatCannotServeRefuses()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("cannot-serve"));
        vtest::train(m_ctx, dir);
        auto inner = vtest::open(m_ctx, dir);
        BrokenAfterTwo broken(*inner);
        verify::ReproStepRecomputer rc(m_ctx);
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText("broken"), 6, QStringLiteral("broken"));
        verifier.setMode(verify::AuditMode::Sample);
        verify::AuditSolver solver(broken, m_ctx.taskId, QStringLiteral("broken"));
        int verifierRejected = 0;
        QCOMPARE(streamedAudit(verifier, solver, kHeld, &verifierRejected), 0);
        QCOMPARE(verifierRejected, 0);
        const auto &r = verifier.report();
        QVERIFY(r.finished && !r.ok);
        QVERIFY2(r.failure.contains(QStringLiteral("disk gone")), qPrintable(r.failure));
        QCOMPARE(r.recomputed, 0);
    }

    // An audit by hand with the solver's openings streamed through its sink (as the node's relay
    // takes them): the sink's messages reach the verifier before what handle() returns. Returns the
    // number of openings the sink took. kHeld: no sink, handle() returns every opening.
    int streamedAudit(verify::AuditVerifier &verifier, verify::AuditSolver &solver, int takeAtMost = INT_MAX,
                      int *verifierRejected = nullptr)
    {
        std::deque<verify::Message> toSolver, toVerifier;
        int taken = 0;
        if (takeAtMost != kHeld)
            solver.setSink([&](verify::Message m) {
                if (taken == takeAtMost)
                    return false;
                ++taken;
                toVerifier.push_back(std::move(m));
                return true;
            });
        for (auto &m : verifier.start())
            toSolver.push_back(std::move(m));
        while (!toSolver.empty() || !toVerifier.empty()) {
            for (; !toSolver.empty(); toSolver.pop_front())
                if (auto out = solver.handle(toSolver.front()))
                    for (auto &m : *out)
                        toVerifier.push_back(std::move(m));
            for (; !toVerifier.empty(); toVerifier.pop_front()) {
                auto out = verifier.handle(toVerifier.front());
                if (!out && verifierRejected)
                    ++*verifierRejected;
                if (out)
                    for (auto &m : *out)
                        toSolver.push_back(std::move(m));
            }
        }
        return taken;
    }

    // Streamed openings pass as the held ones do; a sink that can take no more stops the serving
    // there (no more replays, no message), and the verifier, told nothing more, fails on time.
    void streamedOpeningsPassAndStopWhenTheSinkCloses()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("streamed"));
        vtest::train(m_ctx, dir);
        auto run = vtest::open(m_ctx, dir);
        verify::ReproStepRecomputer rc(m_ctx);
        {
            verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText("streamed"), 8, QStringLiteral("s"));
            verifier.setMode(verify::AuditMode::Sample);
            verify::AuditSolver solver(*run, m_ctx.taskId, QStringLiteral("s"));
            QCOMPARE(streamedAudit(verifier, solver), 8);
            QVERIFY(verifier.report().finished && verifier.report().ok);
            QCOMPARE(int(verifier.report().samples.size()), 8);
            QVERIFY(solver.finished());
        }
        // Counts the states the run made for the solver.
        class Counted final : public vtest::ForwardingRun {
        public:
            using ForwardingRun::ForwardingRun;
            Result<void> forEachState(std::span<const std::int64_t> steps, const StateSink &emit) override
            {
                return m_inner.forEachState(steps, [&](std::int64_t t, const graph::TrainState &s) {
                    ++made;
                    emit(t, s);
                });
            }
            int made = 0;
        } counted(*run);
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText("closing"), 8, QStringLiteral("c"));
        verifier.setMode(verify::AuditMode::Sample);
        verify::AuditSolver solver(counted, m_ctx.taskId, QStringLiteral("c"));
        QCOMPARE(streamedAudit(verifier, solver, 2), 2);
        QVERIFY(solver.finished());
        QCOMPARE(counted.made, 3); // the third was made (the sink said no to it), none after it
        QVERIFY(!verifier.report().finished); // nothing more came
        verifier.onTimeout();
        QVERIFY(verifier.report().finished && !verifier.report().ok);
        QCOMPARE(int(std::count_if(verifier.report().samples.begin(), verifier.report().samples.end(), [](const auto &s) { return s.ok; })), 2);
    }

    // runAudit (idleforgectl audit, the benches) streams as the node does: when the solver makes
    // its i-th state, the verifier has already checked the i before it, so one state is held at a
    // time, not m.
    void runAuditChecksEachOpeningBeforeTheNextIsMade()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("run-audit-streams"));
        vtest::train(m_ctx, dir);
        auto run = vtest::open(m_ctx, dir);
        verify::ReproStepRecomputer rc(m_ctx);
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText("run-audit"), 8, QStringLiteral("ra"));
        verifier.setMode(verify::AuditMode::Sample);
        class Watched final : public vtest::ForwardingRun {
        public:
            Watched(verify::RunSource &inner, const verify::AuditVerifier &v) : ForwardingRun(inner), m_v(v) {}
            Result<void> forEachState(std::span<const std::int64_t> steps, const StateSink &emit) override
            {
                return m_inner.forEachState(steps, [&](std::int64_t t, const graph::TrainState &s) {
                    checkedBefore.push_back(int(m_v.report().samples.size()));
                    emit(t, s);
                });
            }
            std::vector<int> checkedBefore;

        private:
            const verify::AuditVerifier &m_v;
        } watched(*run, verifier);
        verify::AuditSolver solver(watched, m_ctx.taskId, QStringLiteral("ra"));
        const auto traffic = verify::runAudit(verifier, solver);
        QVERIFY2(traffic.rejected.isEmpty(), qPrintable(traffic.rejected.join(QLatin1Char('\n'))));
        QVERIFY(verifier.report().finished && verifier.report().ok);
        QCOMPARE(watched.checkedBefore, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
    }

    // Streamed, a state that cannot be served is refused after the openings already sent: those
    // are checked, the rest fail with the refusal.
    void aStreamingSolverRefusesAfterWhatItSent()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("stream-broken"));
        vtest::train(m_ctx, dir);
        auto inner = vtest::open(m_ctx, dir);
        BrokenAfterTwo broken(*inner);
        verify::ReproStepRecomputer rc(m_ctx);
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText("broken"), 6, QStringLiteral("sb"));
        verifier.setMode(verify::AuditMode::Sample);
        verify::AuditSolver solver(broken, m_ctx.taskId, QStringLiteral("sb"));
        QCOMPARE(streamedAudit(verifier, solver), 2);
        const auto &r = verifier.report();
        QVERIFY(r.finished && !r.ok);
        QVERIFY2(r.failure.contains(QStringLiteral("disk gone")), qPrintable(r.failure));
        QCOMPARE(r.recomputed, 2);
        QCOMPARE(int(r.samples.size()), 6);
        QVERIFY(r.samples[0].ok && r.samples[1].ok && !r.samples[2].ok);
    }

    void faultIsCaughtAtTheExpectedRate_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::newRow("bitflip") << QStringLiteral("bitflip:step=7,node=0");
        QTest::newRow("fabricate") << QStringLiteral("fabricate:from=10,to=13");
        QTest::newRow("wrong-batch") << QStringLiteral("wrong-batch:step=3");
        QTest::newRow("skip-update") << QStringLiteral("skip-update:step=20");
    }

    void faultIsCaughtAtTheExpectedRate()
    {
        QFETCH(QString, fault);
        const QString dir = m_tmp.filePath(fault);
        vtest::train(m_ctx, dir, fault);
        auto graphRun = vtest::open(m_ctx, dir);
        vtest::CachedRun run(*graphRun);
        vtest::CachedRecomputer rc(m_ctx);
        const qint64 N = m_spec.graph.config.steps;
        const auto bad = verify::faultyAuditSteps(verify::parseFaultOption(fault).value(), N);
        QVERIFY(bad.size() > 0);

        // Ground truth: auditing every step fails exactly the faulty ones.
        const auto full = audit(run, rc, int(N), QStringLiteral("full"));
        QVERIFY(full.finished && !full.ok);
        for (const auto &s : full.samples) {
            const bool expectBad = s.step >= bad.first && s.step <= bad.last;
            QVERIFY2(s.ok != expectBad, qPrintable(QStringLiteral("step %1: %2").arg(s.step).arg(s.reason)));
        }

        // The rate over many seeds.
        const int m = 3, trials = 300;
        int caught = 0;
        for (int seed = 0; seed < trials; ++seed) {
            const auto r = audit(run, rc, m, QString::number(seed));
            QCOMPARE(int(r.samples.size()), m);
            caught += r.ok ? 0 : 1;
        }
        const double expected = verify::detectionProbability(N, bad.size(), m);
        const auto [lo, hi] = wilson(caught, trials);
        qInfo("%s: caught %d of %d audits with m=%d (f=%.3f): rate %.3f, expected %.3f, 99.9%% interval [%.3f, %.3f]",
              qPrintable(fault), caught, trials, m, double(bad.size()) / double(N), double(caught) / trials, expected, lo, hi);
        QVERIFY(expected >= lo && expected <= hi);
        QVERIFY(rc.realCount() <= int(N)); // every step recomputed once at most, the rest memoized
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "TestAudit.moc"
