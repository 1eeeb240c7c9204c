// ProviderNode driven against an in-process coordinator (DevnetStore + Coordinator +
// DevnetServer on loopback) with the real idleforge-worker, and fake-worker for a worker that
// fails every job:
// - a lease is trained, committed through the outbox, audited by a second provider and settled;
//   then the task's job folder is deleted (its challenge window is over), and with it the extra
//   checkpoints kept in memory;
// - over the disk budget the node takes no lease and says so in its status (disk.blocked);
// - job folders untouched for longer than staleJobMs are deleted at start, others kept;
// - a worker that fails every job releases the lease and backs off instead of spinning;
// - the policy's pause: the worker is gone within a second, no step is taken while paused, the
//   task resumes from its checkpoint and is paid exactly once; a lease paused past its grace is
//   handed back with its checkpoint, and another provider resumes from it.
#include "DevnetTestUtil.h"
#include "LoopbackNet.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetApp.h"
#include "devnet/DevnetStore.h"
#include "base/PrivateDir.h"
#include "secrets/MemoryStore.h"
#include "node/JobFolders.h"
#include "node/Outbox.h"
#include "node/ProviderNode.h"
#include "wallet/NodeIdentity.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <utime.h>

using namespace idleforge;
using namespace idleforge::devnet;

class TestProviderNode : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    secrets::MemoryStore keyStore;
    std::unique_ptr<DevnetApp> devnet;
    Coordinator *coord = nullptr;
    DevnetStore *store = nullptr;
    int nodes = 0;

    struct Provider {
        std::unique_ptr<wallet::NodeIdentity> identity;
        std::unique_ptr<node::ProviderNode> node;
        QStringList lines;
    };

    std::unique_ptr<Provider> makeProvider(node::ProviderOptions o)
    {
        auto p = std::make_unique<Provider>();
        p->identity = std::make_unique<wallet::NodeIdentity>(wallet::NodeIdentity::generate());
        const QString name = QStringLiteral("node%1").arg(++nodes);
        p->node = std::make_unique<node::ProviderNode>(*p->identity, nodetest::loopbackProvider(*devnet, QDir(dir.path()), name, std::move(o)));
        connect(p->node.get(), &node::ProviderNode::activity, this, [raw = p.get()](const QString &l) { raw->lines << l; });
        return p;
    }

    // A training provider and one that only audits (the audit every settlement needs), started.
    void startSolverAndAuditor(std::unique_ptr<Provider> &solver, std::unique_ptr<Provider> &auditor, node::ProviderOptions solverOptions = {})
    {
        solver = makeProvider(std::move(solverOptions));
        node::ProviderOptions auditorOptions;
        auditorOptions.trainTasks = false;
        auditor = makeProvider(auditorOptions);
        QVERIFY(auditor->node->start().ok());
        QVERIFY(solver->node->start().ok());
    }

    static bool saw(const Provider &p, const QString &needle)
    {
        for (const QString &l : p.lines)
            if (l.contains(needle))
                return true;
        return false;
    }

    void stop(Provider &p)
    {
        QSignalSpy stopped(p.node.get(), &node::ProviderNode::stopped);
        p.node->stop();
        QVERIFY(stopped.count() > 0 || stopped.wait(30000));
    }

    qint64 submit(qint64 steps = 10)
    {
        auto t = coord->submitTask(devnettest::smallSpec(steps), 1000, QStringLiteral("test"));
        if (!t)
            qFatal("submit: %s", qPrintable(t.error().toString()));
        return t->id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")), "IDLEFORGE_WORKER must name idleforge-worker (ctest sets it)");
        qRegisterMetaType<protocol::Envelope>();
        devnet = std::make_unique<DevnetApp>();
        auto started = devnet->start(nodetest::loopbackConfig(dir.filePath(QStringLiteral("devnet"))), keyStore);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
        coord = &devnet->coordinator();
        store = &coord->store();
    }

    void trainsCommitsAndDeletesTheSettledJob_data()
    {
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("trainsOn");
        QTest::newRow("cpu") << QStringLiteral("auto") << QStringLiteral("cpu");
#ifdef IDLEFORGE_HAVE_VULKAN
        // The GEMMs on lavapipe (CI installs it), the audit on the auditor's CPU: the same bits.
        QTest::newRow("vulkan:0") << QStringLiteral("vulkan:0") << QStringLiteral("vulkan:0");
#endif
        // A device that cannot train: the job goes on on the CPU.
        QTest::newRow("missing device") << QStringLiteral("vulkan:99") << QStringLiteral("cpu");
    }

    void trainsCommitsAndDeletesTheSettledJob()
    {
        QFETCH(QString, device);
        QFETCH(QString, trainsOn);
        std::unique_ptr<Provider> solver, auditor;
        node::ProviderOptions o;
        o.reproDevice = device;
        startSolverAndAuditor(solver, auditor, o);
        if (QTest::currentTestFailed())
            return;
        const qint64 task = submit();
        const QString taskId = QStringLiteral("t%1").arg(task);
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, QStringLiteral("finished ") + taskId); }, 120000), qPrintable(solver->lines.join(QLatin1Char('\n'))));
        QVERIFY2(saw(*solver, QStringLiteral("finished %1 on %2").arg(taskId, trainsOn)), qPrintable(solver->lines.join(QLatin1Char('\n'))));
        QVERIFY(QTest::qWaitFor([&] { return store->games().commitment(task).value().has_value(); }, 20000));
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, taskId + QStringLiteral(" settled")); }, 120000),
                 qPrintable(solver->lines.join(QLatin1Char('\n')) + QStringLiteral("\n--- auditor\n") + auditor->lines.join(QLatin1Char('\n'))));
        QVERIFY(saw(*auditor, QStringLiteral("passed")));
        if (trainsOn == QLatin1String("cpu") && device != QLatin1String("auto"))
            QVERIFY2(saw(*solver, QStringLiteral("repro tasks train on the CPU from now on")), qPrintable(solver->lines.join(QLatin1Char('\n'))));
        QCOMPARE(solver->node->reproDevice(), trainsOn);
        const node::JobFolders folders(dir.filePath(QStringLiteral("node%1/jobs").arg(nodes - 1)));
        QVERIFY2(QTest::qWaitFor([&] { return folders.findWorkdir(taskId).isEmpty(); }, 10000), "the settled task's folder is still there");
        QCOMPARE(solver->node->statusSnapshot().value(QLatin1String("outbox_pending")).toInteger(), 0);
        stop(*solver);
        stop(*auditor);
    }

    // Extra checkpoints in memory (ProviderOptions::ramCheckpointsDir): the solver trains with
    // them between the task's every 5, as dense as 64 MiB allow, serves a
    // sampled audit that passes, and their folder goes when the task settles, with the job's; the
    // memory folder itself goes when the node stops.
    void extraCheckpointsInMemoryServeTheAuditAndGoWhenSettled()
    {
        auto shm = paths::privateMemoryDir();
        if (!shm) {
            if (qEnvironmentVariableIsSet("CI")) // CI has a tmpfs /dev/shm: a missing one must not pass by skipping
                QFAIL(qPrintable(shm.error().message));
            QSKIP(qPrintable(shm.error().message));
        }
        QTemporaryDir memory(QDir(*shm).filePath(QStringLiteral("test-XXXXXX")));
        QVERIFY(memory.isValid());
        std::unique_ptr<Provider> solver, auditor;
        node::ProviderOptions o;
        o.ramCheckpointsDir = memory.path();
        o.ramCheckpointBytes = qint64(64) << 20;
        o.openingWindowBytes = 1; // the openings stream one at a time (OpeningWindow)
        startSolverAndAuditor(solver, auditor, o);
        if (QTest::currentTestFailed())
            return;
        const qint64 task = submit(200);
        const QString taskId = QStringLiteral("t%1").arg(task);
        const auto log = [&]() -> QString { return solver->lines.join(QLatin1Char('\n')) + QStringLiteral("\n--- auditor\n") + auditor->lines.join(QLatin1Char('\n')); };
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, QStringLiteral("finished ") + taskId); }, 120000), qPrintable(log()));
        QVERIFY2(saw(*solver, QStringLiteral("extra checkpoints every 2 steps in memory, the task's every 5")), qPrintable(log()));
        // 64 MiB hold 100 states of this model: every 2 steps, 2..198 less the task's 10, 20, ..., 190.
        QVERIFY2(saw(*solver, QStringLiteral(", 80 extra checkpoints in memory")), qPrintable(log()));
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, taskId + QStringLiteral(" settled")); }, 120000), qPrintable(log()));
        QVERIFY2(saw(*auditor, QStringLiteral("passed: 44 samples")), qPrintable(log())); // sampled, not replayed
        // Streamed: the solver held one opening waiting for upload at a time (356 KB here; 64 MiB
        // hold 100 checkpoints), not all 44 of them (15.7 MB), as it did before the openings streamed.
        const QRegularExpression served(QStringLiteral("served the openings of \\S+: at most (\\d+) bytes"));
        const auto peak = served.match(solver->lines.join(QLatin1Char('\n')));
        QVERIFY2(peak.hasMatch(), qPrintable(log()));
        QVERIFY2(peak.captured(1).toLongLong() > (qint64(64) << 20) / 400 && peak.captured(1).toLongLong() <= (qint64(64) << 20) / 100,
                 qPrintable(peak.captured(0)));
        QVERIFY2(QTest::qWaitFor([&] { return QDir(memory.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty(); }, 10000),
                 "the settled task's extra checkpoints are still there");
        stop(*solver);
        QVERIFY2(!QFileInfo::exists(memory.path()), "a stopped node gives its memory folder back");
        stop(*auditor);
    }

    void overTheDiskBudgetNoLeaseIsTaken()
    {
        node::ProviderOptions o;
        o.jobsDir = dir.filePath(QStringLiteral("budget/jobs"));
        QVERIFY(QDir().mkpath(o.jobsDir + QStringLiteral("/t999-0123456789abcdef")));
        QFile big(o.jobsDir + QStringLiteral("/t999-0123456789abcdef/filler"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.write(QByteArray(2 << 20, 'x')) == (2 << 20));
        big.close();
        o.diskBudgetBytes = 1 << 20; // half of what the folder already holds
        auto p = makeProvider(o);
        const qint64 task = submit();
        QVERIFY(p->node->start().ok());
        QVERIFY2(QTest::qWaitFor([&] { return p->node->status().disk.blocked; }, 20000), qPrintable(p->lines.join(QLatin1Char('\n'))));
        QVERIFY(saw(*p, QStringLiteral("disk budget reached")));
        const QJsonObject disk = p->node->statusSnapshot().value(QLatin1String("disk")).toObject();
        QVERIFY(disk.value(QLatin1String("blocked")).toBool());
        QVERIFY(disk.value(QLatin1String("used_bytes")).toInteger() >= (2 << 20));
        QTest::qWait(1500);
        QCOMPARE(store->task(task).value()->state, QStringLiteral("pooled"));
        stop(*p);
        // The task goes to someone else: clean up for the next cases.
        auto other = makeProvider({});
        QVERIFY(other->node->start().ok());
        QVERIFY(QTest::qWaitFor([&] { return saw(*other, QStringLiteral("finished t%1").arg(task)); }, 120000));
        stop(*other);
    }

    void staleFoldersAreDeletedAtStart()
    {
        const QString jobs = dir.filePath(QStringLiteral("stale/jobs"));
        const QString old = jobs + QStringLiteral("/t77-0123456789abcdef");
        const QString fresh = jobs + QStringLiteral("/t78-0123456789abcdef");
        const QString foreign = jobs + QStringLiteral("/not-a-job");
        for (const QString &d : {old, fresh, foreign}) {
            QVERIFY(QDir().mkpath(d + QStringLiteral("/checkpoints-repro")));
            QFile f(d + QStringLiteral("/checkpoints-repro/step-0000000001.ckpt"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("x");
        }
        const time_t twoDaysAgo = time(nullptr) - 2 * 24 * 3600;
        const utimbuf times{twoDaysAgo, twoDaysAgo};
        const QString file = QStringLiteral("/checkpoints-repro/step-0000000001.ckpt"), sub = QStringLiteral("/checkpoints-repro");
        for (const QString &path : QStringList{old + file, old + sub, old, foreign + file, foreign + sub, foreign})
            QCOMPARE(utime(QFile::encodeName(path).constData(), &times), 0);
        node::ProviderOptions o;
        o.jobsDir = jobs;
        o.trainTasks = false;
        auto p = makeProvider(o);
        QVERIFY(p->node->start().ok());
        QVERIFY(QTest::qWaitFor([&] { return !QFileInfo::exists(old); }, 10000));
        QVERIFY(QFileInfo::exists(fresh));
        QVERIFY(QFileInfo::exists(foreign)); // not ours: never touched
        stop(*p);
    }

    // A damaged outbox no longer stops the node: it is kept aside, what can be read is carried
    // over (node/Outbox.h, recover()), and the node says so and runs.
    void aDamagedOutboxIsKeptAsideAndTheNodeStarts()
    {
        const QString jobs = dir.filePath(QStringLiteral("damaged/jobs"));
        QVERIFY(QDir().mkpath(jobs));
        const QString path = jobs + QStringLiteral("/outbox.sqlite");
        {
            auto o = node::Outbox::open(path);
            QVERIFY(o.ok());
            for (int i = 0; i < 40; ++i) { // acknowledged: nothing is sent again to the devnet
                QVERIFY((*o)->put(QStringLiteral("k%1").arg(i), QStringLiteral("commit"),
                                  QJsonObject{{QStringLiteral("pad"), QString(1500, QLatin1Char('p'))}}, i).ok());
                QVERIFY((*o)->acknowledge(QStringLiteral("k%1").arg(i)).ok());
            }
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2)); // truncated: quick_check refuses it
        f.close();
        QCOMPARE(node::Outbox::open(path).error().code, QStringLiteral("outbox.corrupt"));
        node::ProviderOptions o;
        o.jobsDir = jobs;
        o.trainTasks = false;
        auto p = makeProvider(o);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^outbox: .* was damaged; kept as ")));
        const auto started = p->node->start();
        QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
        QVERIFY2(saw(*p, QStringLiteral("the outbox was damaged: 0 unsent message(s) recovered")), qPrintable(p->lines.join(QLatin1Char('\n'))));
        const QStringList kept = QDir(jobs).entryList({QStringLiteral("outbox.sqlite.damaged-*")}, QDir::Files);
        QCOMPARE(kept.size(), 1);
        QVERIFY(node::Outbox::open(path).ok()); // a fresh outbox in its place
        stop(*p);
    }

    static qint64 stepOf(const Provider &p)
    {
        return p.node->statusSnapshot().value(QLatin1String("job")).toObject().value(QLatin1String("step")).toInteger(-1);
    }

    void pauseFreesTheMachineAndTheTaskResumes()
    {
        std::unique_ptr<Provider> solver, auditor;
        startSolverAndAuditor(solver, auditor);
        if (QTest::currentTestFailed())
            return;
        // Long enough to be still running when step 10 is seen (400 steps once finished between
        // two looks, after BLAKE3 made each step's state hash cheaper).
        const qint64 task = submit(2000);
        const QString taskId = QStringLiteral("t%1").arg(task);
        QVERIFY2(QTest::qWaitFor([&] { return stepOf(*solver) >= 10; }, 120000), qPrintable(solver->lines.join(QLatin1Char('\n'))));
        QVERIFY(solver->node->workerPid() > 0);
        QElapsedTimer t;
        t.start();
        solver->node->setComputeAllowed(false);
        QVERIFY(QTest::qWaitFor([&] { return solver->node->workerPid() == 0; }, 5000));
        const qint64 gone = t.elapsed();
        QVERIFY2(gone < 2000, qPrintable(QStringLiteral("the worker took %1 ms to go").arg(gone)));
        qInfo() << "worker gone" << gone << "ms after the pause, at step" << stepOf(*solver);
        QVERIFY(!solver->node->statusSnapshot().value(QLatin1String("compute_allowed")).toBool());
        const qint64 pausedAt = stepOf(*solver);
        QTest::qWait(2000);
        QCOMPARE(stepOf(*solver), pausedAt); // nothing computes while paused
        QCOMPARE(solver->node->workerPid(), qint64(0));
        solver->node->setComputeAllowed(true);
        QVERIFY(QTest::qWaitFor([&] { return saw(*solver, QStringLiteral("resuming ") + taskId); }, 5000));
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, taskId + QStringLiteral(" settled")); }, 240000),
                 qPrintable(solver->lines.join(QLatin1Char('\n'))));
        int rewards = 0;
        const auto receipts = store->receipts().receiptsOf(solver->node->nodeId());
        QVERIFY(receipts.ok());
        for (const ReceiptRow &r : *receipts)
            rewards += (r.taskId == task && r.kind == QLatin1String("reward")) ? 1 : 0;
        QCOMPARE(rewards, 1); // verified and paid exactly once
        stop(*solver);
        stop(*auditor);
    }

    // A pause and a resume closer together than one step: the resume finds the worker still on
    // its way out (the job not yet told it stopped). The job must start again once the worker is
    // gone, not wait forever for a worker that is no longer there.
    void aResumeWhileTheWorkerIsStillStoppingRestartsIt()
    {
        std::unique_ptr<Provider> solver, auditor;
        startSolverAndAuditor(solver, auditor);
        if (QTest::currentTestFailed())
            return;
        // Long enough that the run is still going when step 10 is seen, even on a loaded machine
        // (at 200 steps it sometimes finished between two looks).
        const qint64 task = submit(2000);
        const QString taskId = QStringLiteral("t%1").arg(task);
        QVERIFY2(QTest::qWaitFor([&] { return stepOf(*solver) >= 10; }, 120000), qPrintable(solver->lines.join(QLatin1Char('\n'))));
        solver->node->setComputeAllowed(false);
        solver->node->setComputeAllowed(true); // before the worker has answered the stop
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, QStringLiteral("finished ") + taskId); }, 60000),
                 qPrintable(QStringLiteral("stuck at step %1:\n").arg(stepOf(*solver)) + solver->lines.join(QLatin1Char('\n'))));
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, taskId + QStringLiteral(" settled")); }, 240000),
                 qPrintable(solver->lines.join(QLatin1Char('\n'))));
        QVERIFY2(!saw(*solver, QStringLiteral("job ") + taskId + QStringLiteral(" failed")), qPrintable(solver->lines.join(QLatin1Char('\n'))));
        stop(*solver);
        stop(*auditor);
    }

    // Between tasks the worker idles; a pause stops it. A task leased before it is gone must not
    // be handed to the exiting worker (which fails it and gives the lease away): it starts on a
    // fresh worker.
    void aTaskLeasedWhileTheIdleWorkerStopsRunsOnANewOne()
    {
        std::unique_ptr<Provider> solver, auditor;
        startSolverAndAuditor(solver, auditor);
        if (QTest::currentTestFailed())
            return;
        const qint64 first = submit(10);
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, QStringLiteral("finished t%1").arg(first)); }, 120000),
                 qPrintable(solver->lines.join(QLatin1Char('\n'))));
        QVERIFY(QTest::qWaitFor([&] { return solver->node->workerPid() > 0 && !solver->node->statusSnapshot().contains(QLatin1String("job")); }, 10000));
        const qint64 second = submit(10);
        solver->node->setComputeAllowed(false); // stops the idle worker
        solver->node->setComputeAllowed(true);  // asks for work at once: the second task
        QVERIFY2(QTest::qWaitFor([&] { return saw(*solver, QStringLiteral("finished t%1").arg(second)); }, 120000),
                 qPrintable(solver->lines.join(QLatin1Char('\n'))));
        QVERIFY2(!saw(*solver, QStringLiteral("failed")), qPrintable(solver->lines.join(QLatin1Char('\n'))));
        stop(*solver);
        stop(*auditor);
    }

    void aLeasePausedTooLongGoesBackWithItsCheckpoint()
    {
        node::ProviderOptions o;
        o.pausedLeaseGraceMs = 1500;
        o.checkpointUploadMs = 0;
        auto paused = makeProvider(o);
        QVERIFY(paused->node->start().ok());
        const qint64 task = submit(2000); // still running when step 10 is seen (see above)
        const QString taskId = QStringLiteral("t%1").arg(task);
        QVERIFY(QTest::qWaitFor([&] { return stepOf(*paused) >= 10; }, 120000));
        paused->node->setComputeAllowed(false);
        QVERIFY2(QTest::qWaitFor([&] { return saw(*paused, QStringLiteral("handing ") + taskId + QStringLiteral(" back")); }, 15000),
                 qPrintable(paused->lines.join(QLatin1Char('\n'))));
        QVERIFY(QTest::qWaitFor([&] { return store->task(task).value()->state == QLatin1String("pooled"); }, 10000));
        auto next = makeProvider({});
        QVERIFY(next->node->start().ok());
        QVERIFY2(QTest::qWaitFor([&] { return saw(*next, QStringLiteral("checkpoint at step")); }, 60000),
                 qPrintable(next->lines.join(QLatin1Char('\n'))));
        QVERIFY(QTest::qWaitFor([&] { return saw(*next, QStringLiteral("finished ") + taskId); }, 240000));
        stop(*next);
        stop(*paused);
    }

    // A provider with 40 clean audits is sampled 4 times (the floor), and its lease says so: it
    // keeps extras every 3 steps, not every 2 as a new host does (the test above), since for 4
    // samples the denser ones would cost more writes than the replays they spare. Its first task
    // must be this one: an earlier one would set the node's measured write cost (the failing
    // worker's test below leaves its task in the pool, so this comes before it).
    void aReputableProviderKeepsSparserExtras()
    {
        auto shm = paths::privateMemoryDir();
        if (!shm) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL(qPrintable(shm.error().message));
            QSKIP(qPrintable(shm.error().message));
        }
        QTemporaryDir memory(QDir(*shm).filePath(QStringLiteral("test-XXXXXX")));
        QVERIFY(memory.isValid());
        node::ProviderOptions o;
        o.jobsDir = dir.filePath(QStringLiteral("reputable/jobs"));
        o.ramCheckpointsDir = memory.path();
        o.ramCheckpointBytes = qint64(64) << 20;
        auto p = makeProvider(o);
        QVERIFY(p->node->start().ok());
        QVERIFY(QTest::qWaitFor([&] { return store->provider(p->node->nodeId()).value().has_value(); }, 20000));
        QVERIFY(store->addReputation(p->node->nodeId(), 40).ok());
        const QString taskId = QStringLiteral("t%1").arg(submit(200));
        QVERIFY2(QTest::qWaitFor([&] { return saw(*p, QStringLiteral("finished ") + taskId); }, 120000), qPrintable(p->lines.join(QLatin1Char('\n'))));
        QVERIFY2(saw(*p, QStringLiteral("training %1 in").arg(taskId)) &&
                     saw(*p, QStringLiteral("(extra checkpoints every 3 steps in memory, the task's every 5)")),
                 qPrintable(p->lines.join(QLatin1Char('\n'))));
        stop(*p);
    }

    void aFailingWorkerBacksOff()
    {
        node::ProviderOptions o;
        o.workerProgram = QStringLiteral(FAKE_WORKER);
        auto p = makeProvider(o);
        // fake-worker without a mode exits on its first line: every job fails.
        const qint64 task = submit();
        QVERIFY(p->node->start().ok());
        QVERIFY2(QTest::qWaitFor([&] { return saw(*p, QStringLiteral("failed")); }, 30000), qPrintable(p->lines.join(QLatin1Char('\n'))));
        QTest::qWait(2500);
        int leases = 0;
        for (const QString &l : p->lines)
            leases += l.startsWith(QLatin1String("leased ")) ? 1 : 0;
        // 1 s, then 2 s between attempts: at most 3 leases in this time, not hundreds.
        QVERIFY2(leases >= 1 && leases <= 3, qPrintable(p->lines.join(QLatin1Char('\n'))));
        stop(*p);
        Q_UNUSED(task);
    }

};

QTEST_GUILESS_MAIN(TestProviderNode)
#include "TestProviderNode.moc"
