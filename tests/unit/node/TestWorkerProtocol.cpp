// The real idleforge-worker, driven over its stdin/stdout like the node does.
#include "base/JsonLines.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTest>

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace idleforge;

class TestWorkerProtocol : public QObject {
    Q_OBJECT

    QProcess m_worker;
    QJsonObject m_hello;
    LineBuffer m_buf;
    QList<QJsonObject> m_lines;

    void startWorker()
    {
        m_lines.clear();
        m_buf = LineBuffer();
        m_worker.setProgram(QStringLiteral(IDLEFORGE_BIN_DIR "/idleforge-worker"));
        m_worker.start();
        QVERIFY2(m_worker.waitForStarted(10000), qPrintable(m_worker.errorString()));
        const QJsonObject hello = nextLine();
        QCOMPARE(hello.value(QStringLiteral("type")).toString(), QStringLiteral("hello"));
        QVERIFY(hello.value(QStringLiteral("jobs")).toArray().contains(QStringLiteral("bench")));
        m_hello = hello;
    }

    QJsonObject nextLine(int timeoutMs = 60000)
    {
        QElapsedTimer t;
        t.start();
        while (m_lines.isEmpty() && t.elapsed() < timeoutMs) {
            if (!m_worker.waitForReadyRead(200) && m_worker.state() == QProcess::NotRunning)
                break;
            for (const QByteArray &l : m_buf.append(m_worker.readAllStandardOutput())) {
                auto parsed = parseJsonLine(l);
                if (!parsed)
                    qWarning() << "unparsable worker line" << l;
                else
                    m_lines.append(parsed.value());
            }
        }
        return m_lines.isEmpty() ? QJsonObject{} : m_lines.takeFirst();
    }

    // Skips progress lines.
    QJsonObject nextNonProgress()
    {
        for (;;) {
            const QJsonObject o = nextLine();
            if (o.value(QStringLiteral("type")).toString() != QLatin1String("progress"))
                return o;
        }
    }

    void send(const QByteArray &line) { m_worker.write(line); }

private Q_SLOTS:
    void init() { startWorker(); }
    void cleanup()
    {
        if (m_worker.state() != QProcess::NotRunning) {
            m_worker.kill();
            m_worker.waitForFinished();
        }
    }

    // The worker yields to the user even while it runs: SCHED_IDLE, nice 19, idle I/O class,
    // as the kernel reports them for the process (not only as the worker says).
    void runsAtTheLowestPriority()
    {
        const QJsonObject prio = m_hello.value(QStringLiteral("priority")).toObject();
        QCOMPARE(prio.value(QStringLiteral("cpu")).toString(), QStringLiteral("idle"));
        QCOMPARE(prio.value(QStringLiteral("io")).toString(), QStringLiteral("idle"));
        const qint64 pid = m_worker.processId();
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        QVERIFY(stat.open(QIODevice::ReadOnly));
        const QByteArray text = stat.readAll();
        // Fields after the ")" of comm: 3 state ... 19 nice ... 41 policy.
        const QList<QByteArray> f = text.mid(text.lastIndexOf(')') + 2).split(' ');
        QVERIFY(f.size() > 38);
        QCOMPARE(f.at(19 - 3).toInt(), 19);
        QCOMPARE(f.at(41 - 3).toInt(), SCHED_IDLE);
        const long io = ::syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, int(pid));
        QCOMPARE(io >> 13, 3L); // IOPRIO_CLASS_IDLE
    }

    void devicesJobAnswersWithCpuFacts()
    {
        send("{\"type\":\"job\",\"id\":\"d1\",\"job\":\"devices\"}\n");
        const QJsonObject r = nextNonProgress();
        QCOMPARE(r.value(QStringLiteral("type")).toString(), QStringLiteral("result"));
        QCOMPARE(r.value(QStringLiteral("id")).toString(), QStringLiteral("d1"));
        const QJsonObject cpu = r[QStringLiteral("result")][QStringLiteral("devices")][0].toObject();
        QCOMPARE(cpu.value(QStringLiteral("id")).toString(), QStringLiteral("cpu"));
        QVERIFY(cpu.value(QStringLiteral("threads")).toInt() >= 1);
        QVERIFY(cpu.value(QStringLiteral("memory_bytes")).toDouble() > 0);
    }

    void benchReportsProgressThenResult()
    {
        send("{\"type\":\"job\",\"id\":\"b1\",\"job\":\"bench\",\"params\":{\"device\":\"cpu\",\"time_scale\":0.05}}\n");
        int progressLines = 0;
        QJsonObject r;
        for (;;) {
            r = nextLine();
            if (r.value(QStringLiteral("type")).toString() != QLatin1String("progress"))
                break;
            QCOMPARE(r.value(QStringLiteral("id")).toString(), QStringLiteral("b1"));
            const double f = r.value(QStringLiteral("fraction")).toDouble();
            QVERIFY(f >= 0 && f <= 1);
            ++progressLines;
        }
        QVERIFY(progressLines >= 2);
        QCOMPARE(r.value(QStringLiteral("type")).toString(), QStringLiteral("result"));
        const QJsonArray results = r[QStringLiteral("result")][QStringLiteral("results")].toArray();
        QVERIFY(!results.isEmpty());
        const QJsonObject gemm = results.first().toObject();
        QCOMPARE(gemm.value(QStringLiteral("kind")).toString(), QStringLiteral("gemm_fp32"));
        QVERIFY(gemm.value(QStringLiteral("value")).toDouble() > 0.1);
        QCOMPARE(gemm.value(QStringLiteral("unit")).toString(), QStringLiteral("GFLOP/s"));
    }

    void malformedLinesGetErrorsAndWorkerSurvives_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed json") << QByteArray("{\"type\":\"job\",\n") << QStringLiteral("worker.malformed");
        QTest::newRow("not an object") << QByteArray("[]\n") << QStringLiteral("worker.malformed");
        QTest::newRow("unknown type") << QByteArray("{\"type\":\"dance\"}\n") << QStringLiteral("worker.unknown_type");
        QTest::newRow("unknown job") << QByteArray("{\"type\":\"job\",\"id\":\"x\",\"job\":\"mine-bitcoin\"}\n") << QStringLiteral("worker.unknown_job");
        QTest::newRow("job without id") << QByteArray("{\"type\":\"job\",\"job\":\"bench\"}\n") << QStringLiteral("worker.bad_request");
        QTest::newRow("params not object") << QByteArray("{\"type\":\"job\",\"id\":\"p\",\"job\":\"bench\",\"params\":7}\n") << QStringLiteral("worker.bad_request");
        QTest::newRow("bad tier") << QByteArray("{\"type\":\"job\",\"id\":\"t\",\"job\":\"bench\",\"params\":{\"tier\":\"ludicrous\"}}\n") << QStringLiteral("bench.bad_param");
        QTest::newRow("binary junk") << QByteArray("\x01\x02\xff\xfe\n", 5) << QStringLiteral("worker.malformed");
    }
    void malformedLinesGetErrorsAndWorkerSurvives()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, code);
        send(line);
        const QJsonObject e = nextNonProgress();
        QCOMPARE(e.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        QCOMPARE(e.value(QStringLiteral("code")).toString(), code);
        QVERIFY(!e.value(QStringLiteral("message")).toString().isEmpty());
        // Still alive and answering.
        send("{\"type\":\"job\",\"id\":\"after\",\"job\":\"devices\"}\n");
        QCOMPARE(nextNonProgress().value(QStringLiteral("id")).toString(), QStringLiteral("after"));
    }

    void stopEndsWithByeAndExitZero()
    {
        send("{\"type\":\"stop\"}\n");
        QCOMPARE(nextLine().value(QStringLiteral("type")).toString(), QStringLiteral("bye"));
        QVERIFY(m_worker.waitForFinished(10000));
        QCOMPARE(m_worker.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_worker.exitCode(), 0);
    }

    void endOfInputIsAStop()
    {
        m_worker.closeWriteChannel();
        QVERIFY(m_worker.waitForFinished(10000));
        QCOMPARE(m_worker.exitCode(), 0);
    }

    void cancelStopsARunningBenchmark()
    {
        send("{\"type\":\"job\",\"id\":\"c1\",\"job\":\"bench\",\"params\":{\"tier\":\"thorough\"}}\n");
        QCOMPARE(nextLine().value(QStringLiteral("type")).toString(), QStringLiteral("progress"));
        send("{\"type\":\"cancel\",\"id\":\"c1\"}\n");
        const QJsonObject e = nextNonProgress();
        QCOMPARE(e.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        QCOMPARE(e.value(QStringLiteral("code")).toString(), QStringLiteral("job.cancelled"));
    }

    void secondJobWhileBusyIsRefused()
    {
        send("{\"type\":\"job\",\"id\":\"j1\",\"job\":\"bench\",\"params\":{\"time_scale\":0.05}}\n"
             "{\"type\":\"job\",\"id\":\"j2\",\"job\":\"devices\"}\n");
        const QJsonObject busy = nextNonProgress();
        QCOMPARE(busy.value(QStringLiteral("id")).toString(), QStringLiteral("j2"));
        QCOMPARE(busy.value(QStringLiteral("code")).toString(), QStringLiteral("worker.busy"));
        QCOMPARE(nextNonProgress().value(QStringLiteral("id")).toString(), QStringLiteral("j1"));
    }
};

QTEST_GUILESS_MAIN(TestWorkerProtocol)
#include "TestWorkerProtocol.moc"
