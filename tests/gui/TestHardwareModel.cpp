// The Hardware section's list model: rows from a benchmark result, checked by
// QAbstractItemModelTester, and the texts QML shows.
#include "HardwareModel.h"
#include "LanguageSwitcher.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace idleforge;

namespace {
QJsonObject bench()
{
    return QJsonDocument::fromJson(R"({
        "devices": [
          {"id": "cpu", "type": "cpu", "name": "AMD EPYC", "memory_bytes": 25769803776, "cores": 2, "threads": 2, "base_mhz": 1996},
          {"id": "cuda:0", "type": "cuda", "name": "NVIDIA H100", "memory_bytes": 85899345920, "compute_capability": "9.0",
           "sm_count": 132, "nvml": {"temperature_c": 41}}],
        "results": [
          {"device": "cpu", "kind": "gemm_fp32", "value": 52.5, "unit": "GFLOP/s", "peak": 63.872, "efficiency": 0.822},
          {"device": "cpu", "kind": "mem_bandwidth", "value": 9.25, "unit": "GB/s", "peak": 0, "efficiency": 0},
          {"device": "cuda:0", "kind": "gemm_bf16", "value": 700000, "unit": "GFLOP/s", "peak": 1070530, "efficiency": 0.654}],
        "duration_s": 9.5})").object();
}
} // namespace

class TestHardwareModel : public QObject {
    Q_OBJECT
    idleforge::ui::LanguageSwitcher m_language;
private Q_SLOTS:
    // As in the app: English through its translation, whose plural forms say "2 cores".
    void initTestCase() { QVERIFY(m_language.apply(QStringLiteral("en")) || m_language.language() == QLatin1String("en")); }

    void rowsFromBenchmark()
    {
        QLocale::setDefault(QLocale::c());
        ui::HardwareModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy count(&model, &ui::HardwareModel::countChanged);
        QCOMPARE(model.rowCount(), 0);

        model.setBenchmark(bench());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(count.size(), 1);
        const auto at = [&](int row, int role) { return model.data(model.index(row), role); };
        QCOMPARE(at(0, ui::HardwareModel::DeviceNameRole).toString(), QStringLiteral("cpu: AMD EPYC"));
        QCOMPARE(at(0, ui::HardwareModel::LabelRole).toString(), QStringLiteral("Matrix multiply (fp32)"));
        QCOMPARE(at(0, ui::HardwareModel::ValueTextRole).toString(), QStringLiteral("52.5 GFLOP/s"));
        QCOMPARE(at(0, ui::HardwareModel::PeakTextRole).toString(), QStringLiteral("of 63.9 GFLOP/s peak"));
        QCOMPARE(at(0, ui::HardwareModel::EfficiencyRole).toDouble(), 0.822);
        QVERIFY(at(0, ui::HardwareModel::DeviceFactsRole).toString().contains(QStringLiteral("2 cores")));
        // No peak known: efficiency -1, no peak text.
        QCOMPARE(at(1, ui::HardwareModel::EfficiencyRole).toDouble(), -1.0);
        QCOMPARE(at(1, ui::HardwareModel::PeakTextRole).toString(), QString());
        QCOMPARE(at(1, ui::HardwareModel::LabelRole).toString(), QStringLiteral("Memory bandwidth"));
        QCOMPARE(at(2, ui::HardwareModel::DeviceNameRole).toString(), QStringLiteral("cuda:0: NVIDIA H100"));
        QVERIFY(at(2, ui::HardwareModel::DeviceFactsRole).toString().contains(QStringLiteral("41 °C")));
        QVERIFY(model.roleNames().values().contains("valueText"));

        model.setBenchmark(bench()); // same size: no count change
        QCOMPARE(count.size(), 1);
        model.setBenchmark({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(count.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestHardwareModel)
#include "TestHardwareModel.moc"
