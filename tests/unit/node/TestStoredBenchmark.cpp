// Benchmark history in a real ledger file and the re-run rule (30 days, hardware fingerprint,
// driver), with a ManualClock.
#include "HardwareFixtures.h"
#include "base/Clock.h"
#include "ledger/Ledger.h"
#include "node/StoredBenchmark.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::hwtest;

namespace {
constexpr qint64 kDay = 24LL * 60 * 60 * 1000;
}

class TestStoredBenchmark : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ledger::Ledger> m_ledger;
    ManualClock m_clock;

    void store(const QJsonObject &bench, const node::HardwareProfile &profile)
    {
        const auto r = m_ledger->recordBenchmarks(node::benchmarkRecords(bench, profile, m_clock.msecsSinceEpoch()));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().toString()));
    }
    node::StoredBenchmarkDecision decide(const node::HardwareProfile &profile)
    {
        auto latest = m_ledger->latestBenchmarks();
        if (!latest)
            qFatal("latestBenchmarks: %s", qPrintable(latest.error().toString()));
        return node::decideStoredBenchmark(*latest, profile, m_clock);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        static int n = 0;
        auto l = ledger::Ledger::open(m_dir.filePath(QStringLiteral("ledger-%1.sqlite").arg(++n)), crypto::PublicKey{});
        QVERIFY2(l.ok(), l.ok() ? "" : qPrintable(l.error().toString()));
        m_ledger = std::move(*l);
        m_clock.set(QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC));
    }
    void cleanup() { m_ledger.reset(); }

    void recordsOneRowPerFigure()
    {
        const auto profile = node::HardwareProfile::fromWorker(devicesResult(), nvml());
        const auto rows = node::benchmarkRecords(benchResult(), profile, 42);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(0).deviceId, QStringLiteral("cpu"));
        QCOMPARE(rows.at(0).deviceName, QStringLiteral("AMD EPYC"));
        QCOMPARE(rows.at(0).kind, QStringLiteral("gemm_fp32"));
        QCOMPARE(rows.at(0).value, 52.5);
        QCOMPARE(rows.at(0).peak.value_or(0), 63.872);
        QCOMPARE(rows.at(1).peak.has_value(), false); // memory bandwidth: no CPU peak
        QCOMPARE(rows.at(2).deviceId, QStringLiteral("cuda:0:") + kGpuUuid);
        QCOMPARE(rows.at(2).driver, QStringLiteral("torch 1.13.0; nvidia 550.54.15"));
        QCOMPARE(rows.at(2).hardwareFingerprint, profile.fingerprint());
        const QJsonObject raw = QJsonDocument::fromJson(rows.at(2).rawJson.toUtf8()).object();
        QCOMPARE(raw.value(QStringLiteral("device")).toString(), QStringLiteral("cuda:0"));
        QCOMPARE(raw.value(QStringLiteral("tier")).toString(), QStringLiteral("quick"));
    }

    void emptyLedgerMeansBenchmark()
    {
        const auto d = decide(node::HardwareProfile::fromWorker(devicesResult(), nvml()));
        QVERIFY(!d.reuse);
        QVERIFY2(d.reason.contains(QStringLiteral("no stored benchmark")), qPrintable(d.reason));
    }

    void freshBenchmarkIsReusedAndRebuilt()
    {
        const auto profile = node::HardwareProfile::fromWorker(devicesResult(), nvml());
        store(benchResult(), profile);
        const qint64 measured = m_clock.msecsSinceEpoch();
        m_clock.advance(29 * kDay);
        const auto d = decide(profile);
        QVERIFY2(d.reuse, qPrintable(d.reason));
        QCOMPARE(d.bench.value(QStringLiteral("from_ledger")).toBool(), true);
        QCOMPARE(d.bench.value(QStringLiteral("measured_at_ms")).toDouble(), static_cast<double>(measured));
        QCOMPARE(d.bench.value(QStringLiteral("tier")).toString(), QStringLiteral("quick"));
        QCOMPARE(d.bench.value(QStringLiteral("devices")).toArray(), profile.devices());
        const QJsonArray results = d.bench.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 4);
        // The same figures the worker reported, by device and kind.
        QHash<QString, double> values;
        for (const auto &r : results)
            values.insert(r[QStringLiteral("device")].toString() + u'/' + r[QStringLiteral("kind")].toString(),
                          r[QStringLiteral("value")].toDouble());
        QCOMPARE(values.value(QStringLiteral("cpu/gemm_fp32")), 52.5);
        QCOMPARE(values.value(QStringLiteral("cuda:0/gemm_bf16")), 700000.0);
    }

    void olderThanThirtyDaysIsRerun()
    {
        const auto profile = node::HardwareProfile::fromWorker(devicesResult(), nvml());
        store(benchResult(), profile);
        m_clock.advance(30 * kDay);
        QVERIFY(decide(profile).reuse); // exactly 30 days: still valid
        m_clock.advance(1);
        const auto d = decide(profile);
        QVERIFY(!d.reuse);
        QVERIFY2(d.reason.contains(QStringLiteral("30 days")), qPrintable(d.reason));
        // A new run makes the history two deep and the decision fresh again.
        store(benchResult(), profile);
        QVERIFY(decide(profile).reuse);
        const auto history = m_ledger->benchmarkHistory(QStringLiteral("cpu"), QStringLiteral("gemm_fp32"));
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
    }

    void changedDriverIsRerun()
    {
        store(benchResult(), node::HardwareProfile::fromWorker(devicesResult(), nvml(QStringLiteral("550.54.15"))));
        m_clock.advance(kDay);
        const auto d = decide(node::HardwareProfile::fromWorker(devicesResult(), nvml(QStringLiteral("560.35.03"))));
        QVERIFY(!d.reuse);
        QVERIFY2(d.reason.contains(QStringLiteral("driver")), qPrintable(d.reason));
    }

    void changedHardwareIsRerun()
    {
        // Measured on the CPU alone; a GPU appears.
        store(benchResult(false), node::HardwareProfile::fromWorker(devicesResult(false)));
        const auto withGpu = node::HardwareProfile::fromWorker(devicesResult(), nvml());
        const auto d = decide(withGpu);
        QVERIFY(!d.reuse);
        QVERIFY2(d.reason.contains(QStringLiteral("hardware changed")), qPrintable(d.reason));
        // The same machine as measured: reused.
        QVERIFY(decide(node::HardwareProfile::fromWorker(devicesResult(false))).reuse);
    }

    void aDeviceWithoutRowsIsRerun()
    {
        // A CPU-only run (idleforgectl bench --device cpu) on a machine with a GPU.
        const auto profile = node::HardwareProfile::fromWorker(devicesResult(), nvml());
        QJsonObject cpuOnly = benchResult();
        QJsonArray results = cpuOnly.value(QStringLiteral("results")).toArray();
        results.removeAt(3);
        results.removeAt(2);
        cpuOnly.insert(QStringLiteral("results"), results);
        store(cpuOnly, profile);
        const auto d = decide(profile);
        QVERIFY(!d.reuse);
        QVERIFY2(d.reason.contains(QStringLiteral("cuda:0")), qPrintable(d.reason));
    }
};

QTEST_GUILESS_MAIN(TestStoredBenchmark)
#include "TestStoredBenchmark.moc"
