// WorkerSupervisor against real child processes: the real worker for the normal paths, a
// misbehaving fake for crash, deadline, truncation and exit codes.
#include "node/WorkerSupervisor.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using idleforge::node::WorkerSupervisor;

class TestWorkerSupervisor : public QObject {
    Q_OBJECT

    static QString realWorker() { return QStringLiteral(IDLEFORGE_BIN_DIR "/idleforge-worker"); }

    static QStringList failureCodes(const QSignalSpy &spy)
    {
        QStringList codes;
        for (const auto &args : spy)
            codes << args.at(1).toString();
        return codes;
    }

private Q_SLOTS:
    void normalResult()
    {
        WorkerSupervisor sup;
        sup.setProgram(realWorker());
        QSignalSpy results(&sup, &WorkerSupervisor::resultReady);
        QSignalSpy progress(&sup, &WorkerSupervisor::progress);
        QSignalSpy failures(&sup, &WorkerSupervisor::failed);
        sup.start();
        const QString id = sup.submit(QStringLiteral("bench"),
                                      {{QStringLiteral("device"), QStringLiteral("cpu")}, {QStringLiteral("time_scale"), 0.05}});
        QVERIFY(results.wait(60000));
        QCOMPARE(results.first().at(0).toString(), id);
        QVERIFY(!results.first().at(1).toJsonObject().value(QStringLiteral("results")).toArray().isEmpty());
        QVERIFY(progress.count() >= 2);
        QVERIFY2(failures.isEmpty(), qPrintable(failureCodes(failures).join(u',')));

        QSignalSpy finished(&sup, &WorkerSupervisor::finished);
        sup.stop();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(sup.state(), WorkerSupervisor::State::NotRunning);
    }

    void gracefulStopDuringAJob()
    {
        WorkerSupervisor sup;
        sup.setProgram(realWorker());
        sup.setStopDeadlineMs(10000);
        QSignalSpy progress(&sup, &WorkerSupervisor::progress);
        QSignalSpy failures(&sup, &WorkerSupervisor::failed);
        QSignalSpy finished(&sup, &WorkerSupervisor::finished);
        sup.start();
        const QString id = sup.submit(QStringLiteral("bench"), {{QStringLiteral("tier"), QStringLiteral("thorough")}});
        QVERIFY(progress.wait(30000));
        sup.stop();
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().at(0).toBool(), true); // exited 0 on its own, not killed
        QCOMPARE(failureCodes(failures), QStringList{QStringLiteral("job.cancelled")});
        QCOMPARE(failures.first().at(0).toString(), id);
    }

    void killAfterDeadline()
    {
        WorkerSupervisor sup;
        sup.setProgram(QStringLiteral(FAKE_WORKER), {QStringLiteral("ignore-stop")});
        sup.setStopDeadlineMs(300);
        QSignalSpy started(&sup, &WorkerSupervisor::started);
        QSignalSpy failures(&sup, &WorkerSupervisor::failed);
        QSignalSpy finished(&sup, &WorkerSupervisor::finished);
        sup.start();
        QVERIFY(started.wait(10000));
        sup.submit(QStringLiteral("bench"));
        sup.stop();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY(failureCodes(failures).contains(QStringLiteral("worker.killed")));
    }

    void crashIsAnError()
    {
        WorkerSupervisor sup;
        sup.setProgram(QStringLiteral(FAKE_WORKER), {QStringLiteral("abort")});
        QSignalSpy failures(&sup, &WorkerSupervisor::failed);
        QSignalSpy finished(&sup, &WorkerSupervisor::finished);
        sup.start();
        const QString id = sup.submit(QStringLiteral("bench"));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(failureCodes(failures), QStringList{QStringLiteral("worker.crashed")});
        QCOMPARE(failures.first().at(0).toString(), id); // blamed on the job in flight
    }

    void nonZeroExitIsAnError()
    {
        WorkerSupervisor sup;
        sup.setProgram(QStringLiteral(FAKE_WORKER), {QStringLiteral("exit3")});
        QSignalSpy failures(&sup, &WorkerSupervisor::failed);
        QSignalSpy finished(&sup, &WorkerSupervisor::finished);
        sup.start();
        sup.submit(QStringLiteral("bench"));
        QVERIFY(finished.wait(10000));
        QCOMPARE(failureCodes(failures), QStringList{QStringLiteral("worker.exit_code")});
        QVERIFY(failures.first().at(2).toString().contains(QStringLiteral("code 3")));
    }

    void truncatedOutputIsAnError()
    {
        WorkerSupervisor sup;
        sup.setProgram(QStringLiteral(FAKE_WORKER), {QStringLiteral("truncated")});
        QSignalSpy failures(&sup, &WorkerSupervisor::failed);
        QSignalSpy finished(&sup, &WorkerSupervisor::finished);
        sup.start();
        sup.submit(QStringLiteral("bench"));
        QVERIFY(finished.wait(10000));
        QVERIFY(failureCodes(failures).contains(QStringLiteral("worker.truncated")));
        QVERIFY(failureCodes(failures).contains(QStringLiteral("worker.exited")));
    }

    void garbageLineIsAProtocolError()
    {
        WorkerSupervisor sup;
        sup.setProgram(QStringLiteral(FAKE_WORKER), {QStringLiteral("garbage")});
        QSignalSpy failures(&sup, &WorkerSupervisor::failed);
        QSignalSpy finished(&sup, &WorkerSupervisor::finished);
        sup.start();
        sup.submit(QStringLiteral("bench"));
        QVERIFY(finished.wait(10000));
        QVERIFY(failureCodes(failures).contains(QStringLiteral("worker.protocol")));
    }

    void missingProgramFailsToStart()
    {
        WorkerSupervisor sup;
        sup.setProgram(QStringLiteral("/nonexistent/idleforge-worker"));
        QSignalSpy failures(&sup, &WorkerSupervisor::failed);
        QSignalSpy finished(&sup, &WorkerSupervisor::finished);
        sup.start();
        QVERIFY(finished.wait(10000));
        QVERIFY(failureCodes(failures).contains(QStringLiteral("worker.failed_to_start")));
        QCOMPARE(sup.state(), WorkerSupervisor::State::NotRunning);
    }
};

QTEST_GUILESS_MAIN(TestWorkerSupervisor)
#include "TestWorkerSupervisor.moc"
