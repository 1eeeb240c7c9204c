// The Hardware page: live sensors from a fake /sys and /proc tree (polled only while the page
// shows), and a real benchmark by the worker, stored in a real ledger, re-run from the page's
// button with its progress, after which every figure has its earlier run as history.
#include "HardwareModel.h"
#include "HardwarePageModel.h"
#include "PageHarness.h"
#include "SensorModel.h"
#include "ledger/Ledger.h"
#include "node/NodeService.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

using namespace idleforge;

namespace {
bool writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}
} // namespace

class TestHardwarePage : public QObject {
    Q_OBJECT
    QTemporaryDir m_fake;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(test::prepareDisplay(), "no X display: GUI tests need Xvfb (tests/with-test-env.sh)");
        const QString sys = m_fake.filePath(QStringLiteral("sys/class/hwmon"));
        QVERIFY(writeFile(sys + QStringLiteral("/hwmon0/name"), "k10temp\n"));
        QVERIFY(writeFile(sys + QStringLiteral("/hwmon0/temp1_input"), "54000\n"));
        QVERIFY(writeFile(sys + QStringLiteral("/hwmon1/name"), "amdgpu\n"));
        QVERIFY(writeFile(sys + QStringLiteral("/hwmon1/temp1_input"), "61000\n"));
        QVERIFY(writeFile(m_fake.filePath(QStringLiteral("proc/stat")), "cpu  100 0 100 800 0 0 0 0 0 0\n"));
    }

    void sensorsPollOnlyWhileActive()
    {
        ui::SensorModel sensors(nullptr, m_fake.filePath(QStringLiteral("sys")), m_fake.filePath(QStringLiteral("proc")),
                                m_fake.filePath(QStringLiteral("no-libnvidia-ml.so")));
        QAbstractItemModelTester tester(&sensors, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTest::qWait(1500);
        QCOMPARE(sensors.samples(), 0); // nobody looks: nothing read
        sensors.setActive(true);
        QTRY_VERIFY(sensors.samples() >= 1);
        QCOMPARE(sensors.rowCount(), 2); // the CPU and the kernel-driven GPU (no NVML here)
        QCOMPARE(sensors.index(0).data(ui::SensorModel::TemperatureTextRole).toString(), QStringLiteral("54 °C"));
        QCOMPARE(sensors.index(1).data(ui::SensorModel::TemperatureTextRole).toString(), QStringLiteral("61 °C"));
        QCOMPARE(sensors.index(1).data(ui::SensorModel::UtilisationRole).toDouble(), -1.0); // not reported
        // The CPU got busy: 200 of the next 400 jiffies.
        QVERIFY(writeFile(m_fake.filePath(QStringLiteral("proc/stat")), "cpu  200 0 200 1000 0 0 0 0 0 0\n"));
        QTRY_COMPARE_WITH_TIMEOUT(sensors.index(0).data(ui::SensorModel::UtilisationTextRole).toString(),
                                  guitest::shown("idleforge::ui::SensorModel", "%1% busy").arg(QLocale().toString(50)), 5000);
        sensors.setActive(false);
        QTest::qWait(300);
        const int stopped = sensors.samples();
        QTest::qWait(2500);
        QCOMPARE(sensors.samples(), stopped);
    }

    void pageShowsFiguresRerunsAndHistory()
    {
        auto ledger = ledger::Ledger::open(QDir(m_fake.path()).filePath(QStringLiteral("ledger.sqlite")), crypto::PublicKey{});
        QVERIFY2(ledger, qPrintable(ledger ? QString() : ledger.error().toString()));
        node::NodeService::Options opts;
        opts.benchmarkTimeScale = 0.05;
        node::NodeService node(opts);
        node.setLedger(ledger->get());
        auto *sensors = new ui::SensorModel(nullptr, m_fake.filePath(QStringLiteral("sys")), m_fake.filePath(QStringLiteral("proc")),
                                            m_fake.filePath(QStringLiteral("no-libnvidia-ml.so")));
        ui::HardwarePageModel model(&node, (*ledger)->path(), nullptr, sensors);
        QAbstractItemModelTester tester(qobject_cast<QAbstractItemModel *>(model.figures()),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        test::PageHarness page(QStringLiteral("HardwarePage"), QStringLiteral("hardware"), &model);
        QVERIFY2(page.ok(), qPrintable(page.errors().join(u'\n')));
        QTRY_VERIFY(model.active()); // the page is visible
        QTRY_VERIFY(page.find(QStringLiteral("sensorTemperature_cpu")));
        QTRY_COMPARE(page.find(QStringLiteral("sensorTemperature_cpu"))->property("text").toString(), QStringLiteral("54 °C"));

        node.start();
        QQuickItem *progress = page.find(QStringLiteral("hardwareProgressBox"));
        QVERIFY(progress);
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(model.hasBenchmark() && !model.benchmarking(), 120000);
        QTRY_VERIFY(page.find(QStringLiteral("figureValue_0")));
        QVERIFY(!page.find(QStringLiteral("figureValue_0"))->property("text").toString().isEmpty());
        QTRY_COMPARE(page.find(QStringLiteral("figureHistory_0"))->property("text").toString(), guitest::shown("idleforge::ui::HardwareModel", "first measurement"));

        QSignalSpy finished(&node, &node::NodeService::benchmarkFinished);
        QQuickItem *rerun = page.find(QStringLiteral("hardwareRerunButton"));
        QVERIFY(rerun && rerun->isEnabled());
        // NodeService::rerunBenchmark() ignores a request while the last run's worker is still
        // exiting (benchmarkFinished comes first), so a click right after may do nothing.
        // The run is short (IDLEFORGE_BENCH_TIME_SCALE): it is checked and shot the moment its
        // progress shows, and may be over before the loop ends.
        bool shown = false;
        for (int attempt = 0; attempt < 5 && !shown; ++attempt) {
            page.click(rerun);
            if ((shown = QTest::qWaitFor([&] { return progress->isVisible(); }, 2000))) {
                QVERIFY(!rerun->isEnabled());
                page.shot(QStringLiteral("hardware-benchmarking"));
            }
        }
        QVERIFY(shown);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        // "1 earlier run, from ..." in the language shown.
        const QString oneEarlier = QCoreApplication::translate("idleforge::ui::HardwareModel", "%n earlier run(s), from %1 to %2 %3", "", 1)
                                       .section(u',', 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(page.find(QStringLiteral("figureHistory_0"))->property("text").toString().startsWith(oneEarlier), 10000);
        page.shot(QStringLiteral("hardware"));

        QVERIFY2(page.errors().isEmpty(), qPrintable(page.errors().join(u'\n')));
        QSignalSpy stopped(&node, &node::NodeService::stopped);
        node.shutdown();
        QVERIFY(stopped.wait(10000));
    }
};

QTEST_MAIN(TestHardwarePage)
#include "TestHardwarePage.moc"
