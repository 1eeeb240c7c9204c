// Sampling audits of real tiny runs: honest runs pass every sample; each fault kind fails
// exactly the samples it should, and over many seeds the detection rate lies inside the
// binomial confidence bounds of the exact catch probability (1-(1-f)^m, drawn without
// replacement).
#include "VerifyTestUtil.h"
#include "compute/repro/Runtime.h"
#include "verify/Audit.h"
#include "verify/AuditPolicy.h"
#include "verify/GameDriver.h"
#include "verify/SampleSelection.h"

#include <cmath>

using namespace idleforge;

class TestAudit : public QObject {
    Q_OBJECT

    task::TaskSpec m_spec = vtest::tinyMlp(24, 4);
    verify::TaskContext m_ctx = vtest::context(m_spec);
    QTemporaryDir m_tmp;

    verify::AuditReport audit(verify::RunSource &run, verify::StepRecomputer &rc, int m, const QString &seed)
    {
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText(seed.toStdString()), m, QStringLiteral("audit-") + seed);
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
