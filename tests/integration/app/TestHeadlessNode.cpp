// `idleforge --headless` and `idleforgectl` as real processes: no display needed, the benchmark
// result in the log, a clean exit 0 on SIGTERM/SIGINT, one node per data directory.
#include <QDir>
#include "base/BuildVersion.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestHeadlessNode : public QObject {
    Q_OBJECT

    static QString bin(const char *name) { return QStringLiteral(IDLEFORGE_BIN_DIR "/") + QLatin1String(name); }

    static QProcessEnvironment envFor(const QString &home)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.insert(QStringLiteral("IDLEFORGE_HOME"), home);
        return env;
    }

    static bool waitForOutput(QProcess &p, const QString &needle, QString &seen, int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            p.waitForReadyRead(200);
            seen += QString::fromUtf8(p.readAll());
            if (seen.contains(needle))
                return true;
            if (p.state() == QProcess::NotRunning)
                return false;
        }
        return false;
    }

private Q_SLOTS:
    void benchmarksThenStopsCleanlyOnSignal_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }
    void benchmarksThenStopsCleanlyOnSignal()
    {
        QFETCH(int, signal);
        QTemporaryDir home;
        QProcess node;
        node.setProcessEnvironment(envFor(home.path()));
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(bin("idleforge"), {QStringLiteral("--headless")});
        QVERIFY(node.waitForStarted());
        QString log;
        QVERIFY2(waitForOutput(node, QStringLiteral("GFLOP/s fp32"), log, 90000), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("benchmark 100%")) || log.contains(QStringLiteral("benchmark  ")),
                 qPrintable(log)); // progress lines came before the result

        // A second node on the same data directory refuses to start.
        QProcess second;
        second.setProcessEnvironment(envFor(home.path()));
        second.start(bin("idleforge"), {QStringLiteral("--headless")});
        QVERIFY(second.waitForFinished(20000));
        QCOMPARE(second.exitCode(), 1);

        ::kill(static_cast<pid_t>(node.processId()), signal);
        QVERIFY(node.waitForFinished(10000));
        QCOMPARE(node.exitStatus(), QProcess::NormalExit);
        QCOMPARE(node.exitCode(), 0);
    }

    void signalDuringBenchmarkStopsTheWorkerToo()
    {
        QTemporaryDir home;
        QProcess node;
        QProcessEnvironment env = envFor(home.path());
        env.insert(QStringLiteral("IDLEFORGE_BENCH_TIME_SCALE"), QStringLiteral("1"));
        node.setProcessEnvironment(env);
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(bin("idleforge"), {QStringLiteral("--headless"), QStringLiteral("--thorough-benchmark")});
        QString log;
        QVERIFY2(waitForOutput(node, QStringLiteral("GEMM fp32"), log, 60000), qPrintable(log));
        ::kill(static_cast<pid_t>(node.processId()), SIGTERM);
        QVERIFY(node.waitForFinished(10000));
        QCOMPARE(node.exitCode(), 0);
        log += QString::fromUtf8(node.readAll());
        QVERIFY2(log.contains(QStringLiteral("worker finished")), qPrintable(log));
    }

    void ctlVersionAndQuickBenchJson()
    {
        QProcess ctl;
        ctl.start(bin("idleforgectl"), {QStringLiteral("--version")});
        QVERIFY(ctl.waitForFinished(10000));
        QCOMPARE(ctl.exitCode(), 0);
        QVERIFY(ctl.readAllStandardOutput().startsWith("idleforgectl " IDLEFORGE_VERSION));

        QTemporaryDir home;
        QProcess bench;
        bench.setProcessEnvironment(envFor(home.path()));
        bench.start(bin("idleforgectl"), {QStringLiteral("bench"), QStringLiteral("--quick"), QStringLiteral("--json"),
                                          QStringLiteral("--device"), QStringLiteral("cpu")});
        QVERIFY(bench.waitForFinished(90000));
        QCOMPARE(bench.exitCode(), 0);
        QJsonParseError err;
        const QJsonObject result = QJsonDocument::fromJson(bench.readAllStandardOutput(), &err).object();
        QCOMPARE(err.error, QJsonParseError::NoError);
        QVERIFY(result.value(QStringLiteral("duration_s")).toDouble() > 0);
        const QJsonObject gemm = result.value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(gemm.value(QStringLiteral("kind")).toString(), QStringLiteral("gemm_fp32"));
        QVERIFY(gemm.value(QStringLiteral("value")).toDouble() > 0.1);
        QVERIFY(gemm.value(QStringLiteral("efficiency")).toDouble() > 0);
        QVERIFY(gemm.value(QStringLiteral("efficiency")).toDouble() <= 1.5);
    }

    void ctlRejectsBadUsage()
    {
        QProcess ctl;
        ctl.start(bin("idleforgectl"), {QStringLiteral("bench"), QStringLiteral("--threads"), QStringLiteral("many")});
        QVERIFY(ctl.waitForFinished(10000));
        QCOMPARE(ctl.exitCode(), 2);
        ctl.start(bin("idleforgectl"), {QStringLiteral("frobnicate")});
        QVERIFY(ctl.waitForFinished(10000));
        QCOMPARE(ctl.exitCode(), 2);
    }

    // Issue 13.3: help and version print and exit 0 without a display (no Qt platform plugin),
    // and start nothing (no data directory appears).
    void helpAndVersionWithoutDisplay_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << QStringLiteral("--disk-budget-mb");
        QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << QStringLiteral("--headless");
        QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << QStringLiteral(IDLEFORGE_VERSION);
        QTest::newRow("--devnet --help") << QStringList{QStringLiteral("--devnet"), QStringLiteral("--help")} << QStringLiteral("--devnet");
    }
    void helpAndVersionWithoutDisplay()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir home;
        QProcessEnvironment env = envFor(home.path());
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(bin("idleforge"), args);
        QVERIFY(p.waitForFinished(20000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, qPrintable(QString::fromUtf8(p.readAllStandardError())));
        QVERIFY2(out.contains(expected), qPrintable(out));
        QVERIFY(QDir(home.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
    }

    void badOptionValuesAreUsageErrors()
    {
        QTemporaryDir home;
        QProcess p;
        p.setProcessEnvironment(envFor(home.path()));
        p.start(bin("idleforge"), {QStringLiteral("--headless"), QStringLiteral("--disk-budget-mb"), QStringLiteral("lots")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--disk-budget-mb"));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessNode)
#include "TestHeadlessNode.moc"
