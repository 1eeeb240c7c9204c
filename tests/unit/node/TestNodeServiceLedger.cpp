// The node at start-up with a ledger, on the real worker: the first start measures and stores,
// the next reuses the stored benchmark without measuring, and one 31 days later (ManualClock)
// measures again. A re-run asked for while the last benchmark's worker is still exiting runs
// once it is gone (it used to be dropped).
#include "base/Clock.h"
#include "ledger/Ledger.h"
#include "node/NodeService.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;

class TestNodeServiceLedger : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;

    // Starts a node, waits for its benchmark (measured or stored), shuts it down.
    QJsonObject startOnce(ledger::Ledger &ledger, bool *progressSeen)
    {
        node::NodeService::Options opts;
        opts.benchmarkTimeScale = 0.05;
        node::NodeService node(opts);
        node.setLedger(&ledger);
        QSignalSpy finished(&node, &node::NodeService::benchmarkFinished);
        QSignalSpy progress(&node, &node::NodeService::benchmarkProgressChanged);
        bool benchmarking = false;
        connect(&node, &node::NodeService::statusChanged, this, [&] {
            benchmarking = benchmarking || node.status() == node::NodeService::Status::Benchmarking;
        });
        node.start();
        if (!finished.wait(120000) && finished.isEmpty())
            qFatal("no benchmark result: %s", qPrintable(node.lastError()));
        *progressSeen = benchmarking;
        if (node.status() != node::NodeService::Status::Ready)
            qFatal("node not ready: %s", qPrintable(node.statusText()));
        const QJsonObject capability = node.capabilityRecord();
        if (capability.value(QStringLiteral("devices")).toArray().isEmpty())
            qFatal("no capability record");
        QSignalSpy stopped(&node, &node::NodeService::stopped);
        node.shutdown();
        stopped.wait(10000);
        QJsonObject result = node.lastBenchmark();
        result.insert(QStringLiteral("capability"), capability);
        // Let the asynchronous ledger write land before the next start reads.
        QTest::qWait(200);
        return result;
    }

private Q_SLOTS:
    void initTestCase() { Clock::setInstance(&m_clock); }
    void cleanupTestCase() { Clock::setInstance(nullptr); }

    void measuresOnceThenReusesUntilStale()
    {
        auto opened = ledger::Ledger::open(m_dir.filePath(QStringLiteral("ledger.sqlite")), crypto::PublicKey{});
        QVERIFY(opened.ok());
        ledger::Ledger &ledger = **opened;

        bool benchmarked = false;
        const QJsonObject first = startOnce(ledger, &benchmarked);
        QVERIFY(benchmarked);
        QVERIFY(!first.value(QStringLiteral("from_ledger")).toBool());
        const auto rows = ledger.latestBenchmarks();
        QVERIFY(rows.ok());
        QVERIFY(rows->size() >= 2); // cpu gemm_fp32 and mem_bandwidth at least
        QCOMPARE(rows->first().ts, m_clock.msecsSinceEpoch());
        QVERIFY(rows->first().driver.startsWith(QStringLiteral("torch ")));

        m_clock.advance(10LL * 24 * 3600 * 1000);
        const QJsonObject second = startOnce(ledger, &benchmarked);
        QVERIFY(!benchmarked);
        QVERIFY(second.value(QStringLiteral("from_ledger")).toBool());
        QCOMPARE(second.value(QStringLiteral("results")).toArray().size(), first.value(QStringLiteral("results")).toArray().size());
        // The capability record carries the stored throughput.
        const QJsonObject cpu = second[QStringLiteral("capability")][QStringLiteral("devices")][0].toObject();
        QVERIFY(cpu.value(QStringLiteral("throughput")).toArray().size() >= 2);

        m_clock.advance(21LL * 24 * 3600 * 1000); // 31 days after the measurement
        const QJsonObject third = startOnce(ledger, &benchmarked);
        QVERIFY(benchmarked);
        QVERIFY(!third.value(QStringLiteral("from_ledger")).toBool());
        const auto history = ledger.benchmarkHistory(QStringLiteral("cpu"), QStringLiteral("gemm_fp32"));
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
    }

    void rerunWhileTheWorkerExitsIsQueued()
    {
        node::NodeService::Options opts;
        opts.benchmarkTimeScale = 0.05;
        node::NodeService node(opts); // no ledger: it benchmarks at start
        QSignalSpy finished(&node, &node::NodeService::benchmarkFinished);
        QSignalSpy statuses(&node, &node::NodeService::statusChanged);
        // finished() comes with the worker's result line, before its process has exited: the
        // request lands while the runner is still busy.
        bool asked = false;
        connect(&node, &node::NodeService::benchmarkFinished, this, [&] {
            if (!asked) {
                asked = true;
                node.rerunBenchmark();
            }
        });
        node.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() >= 1, 120000);
        QVERIFY(asked);
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() >= 2, 120000);
        QCOMPARE(node.status(), node::NodeService::Status::Ready);
        QSignalSpy stopped(&node, &node::NodeService::stopped);
        node.shutdown();
        QVERIFY(stopped.wait(10000));
    }
};

QTEST_GUILESS_MAIN(TestNodeServiceLedger)
#include "TestNodeServiceLedger.moc"
