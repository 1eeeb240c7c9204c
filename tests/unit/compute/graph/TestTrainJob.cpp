// The "train" and "replay-step" jobs in a real idleforge-worker process: a run killed with
// SIGKILL resumes to the same commitment, IDLEFORGE_REPRO_ISA=generic gives the same bytes as
// the native path, a replayed step matches the run, and the fast backend tracks repro.
#include "GraphTestUtil.h"
#include "base/BuildFeatures.h"
#include "base/PrivateDir.h"
#include "task/WorkerJob.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/types.h>

using namespace idleforge;

namespace {

// One worker process driven over its JSON-lines pipe.
class WorkerProcess {
public:
    explicit WorkerProcess(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        m_p.setProcessEnvironment(env);
        m_p.setProcessChannelMode(QProcess::SeparateChannels);
        m_p.start(qEnvironmentVariable("IDLEFORGE_WORKER"), {});
    }
    ~WorkerProcess()
    {
        if (m_p.state() != QProcess::NotRunning) {
            m_p.kill();
            m_p.waitForFinished();
        }
    }
    bool submit(const QString &job, const QJsonObject &params)
    {
        if (!m_p.waitForStarted(30000))
            return false;
        const QJsonObject msg{{QStringLiteral("type"), QStringLiteral("job")}, {QStringLiteral("id"), QStringLiteral("1")},
                              {QStringLiteral("job"), job}, {QStringLiteral("params"), params}};
        m_p.write(QJsonDocument(msg).toJson(QJsonDocument::Compact) + '\n');
        return m_p.waitForBytesWritten(30000);
    }
    // The job's final line (result or error), waiting at most `ms`.
    QJsonObject finalLine(int ms = 240000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            while (m_p.canReadLine()) {
                const QJsonObject o = QJsonDocument::fromJson(m_p.readLine()).object();
                const QString type = o.value(QStringLiteral("type")).toString();
                if (type == QLatin1String("result") || type == QLatin1String("error"))
                    return o;
            }
            if (!m_p.waitForReadyRead(1000) && m_p.state() == QProcess::NotRunning)
                break;
        }
        return {};
    }
    QProcess &process() { return m_p; }

private:
    QProcess m_p;
};

QJsonObject trainParams(const QJsonObject &spec, const QString &workdir, const QString &backend = QStringLiteral("repro"))
{
    return {{QStringLiteral("spec"), spec}, {QStringLiteral("workdir"), workdir}, {QStringLiteral("backend"), backend}};
}

QJsonObject runJob(const QString &job, const QJsonObject &params, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    WorkerProcess w(env);
    if (!w.submit(job, params))
        return {};
    return w.finalLine();
}

QJsonObject specJson(const task::TemplateOptions &o) { return task::makeTemplateSpec(o).value(); }

} // namespace

class TestTrainJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")),
                 "IDLEFORGE_WORKER must name the built idleforge-worker (ctest sets it)");
    }

    void killedRunResumesToTheSameCommitment()
    {
        const QJsonObject spec = specJson(testutil::tinyGpt(150, 5));
        QTemporaryDir whole, killed;
        const QJsonObject reference = runJob(QStringLiteral("train"), trainParams(spec, whole.path()));
        QVERIFY2(reference.value(QStringLiteral("type")) == QLatin1String("result"), QJsonDocument(reference).toJson().constData());
        const QJsonObject expected = reference.value(QStringLiteral("result")).toObject();
        QCOMPARE(expected.value(QStringLiteral("steps")).toInt(), 150);
        QCOMPARE(expected.value(QStringLiteral("losses")).toArray().size(), 150);

        {
            WorkerProcess w;
            QVERIFY(w.submit(QStringLiteral("train"), trainParams(spec, killed.path())));
            const QString ckptDir = killed.path() + QStringLiteral("/checkpoints-repro");
            const QString firstCkpt = ckptDir + QStringLiteral("/step-0000000010.ckpt");
            QVERIFY(QTest::qWaitFor([&] { return QFile::exists(firstCkpt); }, 120000));
            QCOMPARE(w.process().state(), QProcess::Running);
            ::kill(pid_t(w.process().processId()), SIGKILL);
            QVERIFY(w.process().waitForFinished(30000));
            QCOMPARE(w.process().exitStatus(), QProcess::CrashExit);
            QVERIFY2(!QFile::exists(ckptDir + QStringLiteral("/step-0000000150.ckpt")), "the run finished before the kill");
        }
        const QJsonObject resumedLine = runJob(QStringLiteral("train"), trainParams(spec, killed.path()));
        const QJsonObject resumed = resumedLine.value(QStringLiteral("result")).toObject();
        const int from = resumed.value(QStringLiteral("resumed_from")).toInt();
        qInfo("killed run resumed from step %d", from);
        QVERIFY(from >= 10 && from < 150);
        QCOMPARE(resumed.value(QStringLiteral("commitment")).toString(), expected.value(QStringLiteral("commitment")).toString());
        QCOMPARE(resumed.value(QStringLiteral("final_state_hash")).toString(), expected.value(QStringLiteral("final_state_hash")).toString());
        QCOMPARE(resumed.value(QStringLiteral("losses")).toArray(), expected.value(QStringLiteral("losses")).toArray());
    }

    void genericIsaAndOneThreadGiveTheSameCommitment()
    {
        const QJsonObject spec = specJson(testutil::tinyGpt(6, 3));
        QTemporaryDir a, b;
        QProcessEnvironment generic = QProcessEnvironment::systemEnvironment();
        generic.insert(QStringLiteral("IDLEFORGE_REPRO_ISA"), QStringLiteral("generic"));
        QJsonObject pa = trainParams(spec, a.path());
        pa.insert(QStringLiteral("threads"), 2);
        QJsonObject pb = trainParams(spec, b.path());
        pb.insert(QStringLiteral("threads"), 1);
        const QJsonObject native = runJob(QStringLiteral("train"), pa).value(QStringLiteral("result")).toObject();
        const QJsonObject portable = runJob(QStringLiteral("train"), pb, generic).value(QStringLiteral("result")).toObject();
        QVERIFY(!native.value(QStringLiteral("commitment")).toString().isEmpty());
        QCOMPARE(portable.value(QStringLiteral("repro_isa")).toString(), QStringLiteral("generic"));
        qInfo("native path: %s", qPrintable(native.value(QStringLiteral("repro_isa")).toString()));
        QCOMPARE(portable.value(QStringLiteral("commitment")).toString(), native.value(QStringLiteral("commitment")).toString());
    }

    void replayStepMatchesTheRun()
    {
        const QJsonObject spec = specJson(testutil::tinyGpt(7, 3));
        QTemporaryDir dir;
        QVERIFY(!runJob(QStringLiteral("train"), trainParams(spec, dir.path())).value(QStringLiteral("result")).toObject().isEmpty());
        QJsonObject params = trainParams(spec, dir.path());
        params.insert(QStringLiteral("step"), 4);
        const QJsonObject trace = runJob(QStringLiteral("replay-step"), params).value(QStringLiteral("result")).toObject();
        QCOMPARE(trace.value(QStringLiteral("step")).toInt(), 4);
        QCOMPARE(trace.value(QStringLiteral("root")).toString().size(), 64);
        const QJsonArray nodes = trace.value(QStringLiteral("nodes")).toArray();
        QVERIFY(nodes.size() > 50);
        QCOMPARE(nodes.first().toObject().value(QStringLiteral("phase")).toString(), QStringLiteral("forward"));
        QCOMPARE(nodes.last().toObject().value(QStringLiteral("phase")).toString(), QStringLiteral("optimizer"));
        // h_5 from the replay equals the run's h_5, read back from its final checkpoint by
        // replaying again from s_5's own neighbourhood: the trace's state_after of step 4 is the
        // state_before of step 5.
        params.insert(QStringLiteral("step"), 5);
        const QJsonObject next = runJob(QStringLiteral("replay-step"), params).value(QStringLiteral("result")).toObject();
        QCOMPARE(next.value(QStringLiteral("state_before")).toString(), trace.value(QStringLiteral("state_after")).toString());
        params.insert(QStringLiteral("step"), 7);
        QCOMPARE(runJob(QStringLiteral("replay-step"), params).value(QStringLiteral("code")).toString(), QStringLiteral("train.bad_param"));
    }

    // The fast backend is not bitwise reproducible, but must compute the same function.
    void fastTracksRepro()
    {
        auto o = testutil::tinyGpt(6, 0);
        const QJsonObject spec = specJson(o);
        QTemporaryDir a, b;
        const QJsonObject repro = runJob(QStringLiteral("train"), trainParams(spec, a.path())).value(QStringLiteral("result")).toObject();
        const QJsonObject fast = runJob(QStringLiteral("train"), trainParams(spec, b.path(), QStringLiteral("fast"))).value(QStringLiteral("result")).toObject();
        const QJsonArray lr = repro.value(QStringLiteral("losses")).toArray(), lf = fast.value(QStringLiteral("losses")).toArray();
        QCOMPARE(lf.size(), lr.size());
        for (int i = 0; i < lr.size(); ++i) {
            const double diff = std::abs(lr[i].toDouble() - lf[i].toDouble());
            qInfo("step %d: repro %.6f fast %.6f (|diff| %.2e)", i, lr[i].toDouble(), lf[i].toDouble(), diff);
            QVERIFY(diff <= 1e-4 * std::abs(lr[i].toDouble())); // stated tolerance: 1e-4 relative
        }
        QVERIFY(lr.first().toDouble() > lr.last().toDouble());
    }

#ifdef IDLEFORGE_FAULT_INJECTION
    // The disk fills up while the worker writes a checkpoint (test builds: the "disk_full"
    // fault): the job fails with the system's reason, the checkpoint before stays and no temp file
    // is left, and the next run (room again) resumes from it to the same commitment.
    void fullDiskFailsTheJobAndLosesNoCheckpoint()
    {
        const QJsonObject spec = specJson(testutil::tinyGpt(9, 3));
        QTemporaryDir whole, full;
        const QJsonObject expected = runJob(QStringLiteral("train"), trainParams(spec, whole.path())).value(QStringLiteral("result")).toObject();
        QVERIFY(!expected.isEmpty());
        const auto sizeOf = [&](int step) {
            return QFileInfo(whole.path() + QStringLiteral("/checkpoints-repro/step-%1.ckpt").arg(step, 10, 10, QLatin1Char('0'))).size();
        };
        QJsonObject params = trainParams(spec, full.path());
        params.insert(QStringLiteral("fault"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("disk_full")},
                                                           {QStringLiteral("bytes"), double(sizeOf(3) + sizeOf(6) / 2)}});
        const QJsonObject failed = runJob(QStringLiteral("train"), params);
        QCOMPARE(failed.value(QStringLiteral("code")).toString(), QStringLiteral("train.failed"));
        const QString why = failed.value(QStringLiteral("message")).toString();
        QVERIFY2(why.contains(QString::fromLocal8Bit(std::strerror(ENOSPC))) && why.contains(QStringLiteral("step-0000000006.ckpt")), qPrintable(why));
        QCOMPARE(QDir(full.path() + QStringLiteral("/checkpoints-repro")).entryList(QDir::Files),
                 QStringList{QStringLiteral("step-0000000003.ckpt")});

        const QJsonObject resumed = runJob(QStringLiteral("train"), trainParams(spec, full.path())).value(QStringLiteral("result")).toObject();
        QCOMPARE(resumed.value(QStringLiteral("resumed_from")).toInt(), 3);
        QCOMPARE(resumed.value(QStringLiteral("commitment")).toString(), expected.value(QStringLiteral("commitment")).toString());
        QCOMPARE(resumed.value(QStringLiteral("losses")).toArray(), expected.value(QStringLiteral("losses")).toArray());
    }
#endif

    void invalidSpecIsRefusedByTheWorker()
    {
        QJsonObject spec = specJson(testutil::tinyGpt());
        spec.insert(QStringLiteral("loss"), QStringLiteral("x0"));
        QTemporaryDir dir;
        const QJsonObject line = runJob(QStringLiteral("train"), trainParams(spec, dir.path()));
        QCOMPARE(line.value(QStringLiteral("code")).toString(), QStringLiteral("task.invalid_spec"));
        QVERIFY(line.value(QStringLiteral("message")).toString().contains(QStringLiteral("cross_entropy")));
    }

    // Issue 13.6: the worker checks the limits it is sent instead of trusting them.
    void badLimitsAreRefused_data()
    {
        QTest::addColumn<QJsonValue>("limits");
        QTest::addColumn<QString>("field");
        QTest::newRow("1e30 bytes") << QJsonValue(QJsonObject{{QStringLiteral("max_memory_bytes"), 1e30}}) << QStringLiteral("max_memory_bytes");
        QTest::newRow("a string") << QJsonValue(QJsonObject{{QStringLiteral("max_memory_bytes"), QStringLiteral("lots")}}) << QStringLiteral("max_memory_bytes");
        QTest::newRow("negative") << QJsonValue(QJsonObject{{QStringLiteral("max_memory_bytes"), -1}}) << QStringLiteral("max_memory_bytes");
        QTest::newRow("fraction") << QJsonValue(QJsonObject{{QStringLiteral("max_memory_bytes"), 1e8 + 0.5}}) << QStringLiteral("max_memory_bytes");
        QTest::newRow("past this machine") << QJsonValue(QJsonObject{{QStringLiteral("max_memory_bytes"), double(task::physicalMemoryBytes()) * 2}})
                                           << QStringLiteral("max_memory_bytes");
        QTest::newRow("flops infinite") << QJsonValue(QJsonObject{{QStringLiteral("max_memory_bytes"), 1e9}, {QStringLiteral("max_flops_per_step"), 1e300}})
                                        << QStringLiteral("max_flops_per_step");
        QTest::newRow("not an object") << QJsonValue(5) << QStringLiteral("limits");
    }
    void badLimitsAreRefused()
    {
        QFETCH(QJsonValue, limits);
        QFETCH(QString, field);
        QTemporaryDir dir;
        QJsonObject params = trainParams(specJson(testutil::tinyGpt(2, 1)), dir.path());
        params.insert(QStringLiteral("limits"), limits);
        const QJsonObject line = runJob(QStringLiteral("train"), params);
        QCOMPARE(line.value(QStringLiteral("code")).toString(), QStringLiteral("train.bad_param"));
        QVERIFY2(line.value(QStringLiteral("message")).toString().contains(field), qPrintable(line.value(QStringLiteral("message")).toString()));
    }

    // Issue 18: the worker's sandbox (app/worker/Sandbox.h). A job that tries, through the test
    // builds' sandbox_probe hook, what a hostile task would is refused and fails cleanly: no
    // IPv4 socket, no file read or written outside its folder and the system folders; its own
    // folder stays usable.
    void sandboxRefusesTheNetworkAndOtherFolders()
    {
        QTemporaryDir dir, elsewhere;
        const QString workdir = dir.filePath(QStringLiteral("job"));
        const QString secret = elsewhere.filePath(QStringLiteral("wallet.json")); // stands for the user's files
        {
            QFile f(secret);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"mnemonic\": \"not for tasks\"}");
        }
        const QJsonObject spec = specJson(testutil::tinyGpt(2, 1));
        const auto probe = [&](const QJsonObject &what) {
            QJsonObject params = trainParams(spec, workdir);
            params.insert(QStringLiteral("sandbox_probe"), what);
            const QJsonObject line = runJob(QStringLiteral("train"), params);
            qInfo() << what << "->" << line.value(QStringLiteral("code")).toString() << line.value(QStringLiteral("message")).toString();
            return line.value(QStringLiteral("code")).toString();
        };
        QCOMPARE(probe({{QStringLiteral("socket"), QStringLiteral("inet")}}), QStringLiteral("sandbox.refused"));
        QCOMPARE(probe({{QStringLiteral("read"), secret}}), QStringLiteral("sandbox.refused"));
        QCOMPARE(probe({{QStringLiteral("write"), elsewhere.filePath(QStringLiteral("planted.txt"))}}), QStringLiteral("sandbox.refused"));
        QVERIFY(!QFileInfo::exists(elsewhere.filePath(QStringLiteral("planted.txt"))));
        // What a job needs stays allowed (so the refusals above are the sandbox's, not a broken probe).
        QCOMPARE(probe({{QStringLiteral("write"), QString(workdir + QStringLiteral("/scratch.txt"))}}), QStringLiteral("sandbox.allowed"));
        QCOMPARE(probe({{QStringLiteral("read"), QStringLiteral("/etc/passwd")}}), QStringLiteral("sandbox.allowed"));
        // Without the sandbox (IDLEFORGE_WORKER_SANDBOX=0, debugging only) the same read goes through.
        QProcessEnvironment off = QProcessEnvironment::systemEnvironment();
        off.insert(QStringLiteral("IDLEFORGE_WORKER_SANDBOX"), QStringLiteral("0"));
        QJsonObject params = trainParams(spec, workdir);
        params.insert(QStringLiteral("sandbox_probe"), QJsonObject{{QStringLiteral("read"), secret}});
        QCOMPARE(runJob(QStringLiteral("train"), params, off).value(QStringLiteral("code")).toString(), QStringLiteral("sandbox.allowed"));
    }

    // A node's long-lived worker may write below `sandbox_root` (its jobs folder), so the next
    // task in a sibling folder runs; a workdir outside the root is refused before any sandbox.
    void sandboxRootCoversSiblingJobsOnly()
    {
        QTemporaryDir jobs;
        task::TrainJobParams p;
        p.spec = specJson(testutil::tinyGpt(2, 1));
        p.workdir = jobs.filePath(QStringLiteral("t1"));
        p.sandboxRoot = jobs.path();
        QVERIFY(task::TrainJobParams::fromJson(p.toJson()).ok());
        QCOMPARE(task::TrainJobParams::fromJson(p.toJson())->sandboxRoot, jobs.path());
        p.workdir = QStringLiteral("/tmp/elsewhere-%1").arg(QCoreApplication::applicationPid());
        const auto outside = task::TrainJobParams::fromJson(p.toJson());
        QVERIFY(!outside.ok());
        QCOMPARE(outside.error().code, QStringLiteral("train.bad_param"));
        // Two tasks, one worker: the second, in a sibling folder, trains; a third outside is refused.
        WorkerProcess w;
        // The worker takes the next job once it is done with the last (worker.busy until then).
        const auto run = [&](const task::TrainJobParams &params) {
            for (int attempt = 0; attempt < 50; ++attempt) {
                if (!w.submit(QStringLiteral("train"), params.toJson()))
                    return QJsonObject{};
                const QJsonObject line = w.finalLine();
                if (line.value(QStringLiteral("code")).toString() != QLatin1String("worker.busy"))
                    return line;
                QTest::qWait(100);
            }
            return QJsonObject{};
        };
        p.workdir = jobs.filePath(QStringLiteral("t1"));
        QCOMPARE(run(p).value(QStringLiteral("type")).toString(), QStringLiteral("result"));
        p.workdir = jobs.filePath(QStringLiteral("t2"));
        const QJsonObject second = run(p);
        QVERIFY2(second.value(QStringLiteral("type")).toString() == QLatin1String("result"), qPrintable(second.value(QStringLiteral("message")).toString()));
        QTemporaryDir other;
        p.workdir = other.filePath(QStringLiteral("t3"));
        p.sandboxRoot = other.path();
        QCOMPARE(run(p).value(QStringLiteral("code")).toString(), QStringLiteral("sandbox.outside"));
    }

    // A real run inside the sandbox: it trains, checkpoints and commits as before, and says what
    // was applied. Landlock is in this kernel (ABI >= 1) here and in CI; where it is not, the
    // report says so and only the network and privilege parts apply.
    void aSandboxedRunSaysWhatWasApplied()
    {
        QTemporaryDir dir;
        task::TrainJobParams p;
        p.spec = specJson(testutil::tinyGpt(6, 2));
        p.workdir = dir.filePath(QStringLiteral("job"));
        p.backend = QStringLiteral("repro");
        p.limits = task::JobLimits{qint64(1) << 30, 0};
        const QJsonObject line = runJob(QStringLiteral("train"), p.toJson());
        QCOMPARE(line.value(QStringLiteral("type")).toString(), QStringLiteral("result"));
        const QJsonObject sandbox = line.value(QStringLiteral("result")).toObject().value(QStringLiteral("sandbox")).toObject();
        qInfo() << "sandbox:" << sandbox;
        QVERIFY(sandbox.value(QStringLiteral("no_new_privs")).toBool());
        QVERIFY(sandbox.value(QStringLiteral("not_dumpable")).toBool());
        QVERIFY(sandbox.value(QStringLiteral("network_denied")).toBool());
        QCOMPARE(sandbox.value(QStringLiteral("data_limit_bytes")).toInteger(), (qint64(1) << 30) + (qint64(2) << 30));
        const bool landlock = sandbox.value(QStringLiteral("landlock_abi")).toInt() > 0;
        QCOMPARE(sandbox.value(QStringLiteral("files_restricted")).toBool(), landlock);
        QVERIFY2(landlock, "this kernel has no Landlock: the file rules were not tested");
        QVERIFY(QFileInfo::exists(task::resultFileOf(p.workdir, QStringLiteral("repro"))));
    }

    // A limit smaller than the task's memory estimate refuses the spec; one that fits runs it.
    void limitsBindTheSpec()
    {
        QTemporaryDir dir;
        const QJsonObject spec = specJson(testutil::tinyGpt(2, 1));
        task::TrainJobParams p;
        p.spec = spec;
        p.workdir = dir.filePath(QStringLiteral("small"));
        p.backend = QStringLiteral("repro");
        p.limits = task::JobLimits{task::kMinJobMemoryBytes, 1.0}; // one flop per step: nothing fits
        QJsonObject line = runJob(QStringLiteral("train"), p.toJson());
        QCOMPARE(line.value(QStringLiteral("code")).toString(), QStringLiteral("task.invalid_spec"));
        p.limits = task::JobLimits{qint64(1) << 30, 0};
        p.workdir = dir.filePath(QStringLiteral("fits"));
        line = runJob(QStringLiteral("train"), p.toJson());
        QCOMPARE(line.value(QStringLiteral("type")).toString(), QStringLiteral("result"));
    }

    // Issue 13.7: a link planted in the job folder is replaced, its target never written.
    void plantedLinksAreNotFollowed()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("victim.txt"));
        {
            QFile f(target);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("precious");
        }
        const QString workdir = dir.filePath(QStringLiteral("job"));
        QVERIFY(QDir().mkpath(workdir));
        QVERIFY(QFile::link(target, task::resultFileOf(workdir, QStringLiteral("repro"))));
        const QString ckpt = task::checkpointDirOf(workdir, QStringLiteral("repro"));
        QVERIFY(QDir().mkpath(ckpt));
        QVERIFY(QFile::link(target, ckpt + QStringLiteral("/step-0000000001.ckpt.tmp")));
        const QJsonObject line = runJob(QStringLiteral("train"), trainParams(specJson(testutil::tinyGpt(2, 1)), workdir));
        QCOMPARE(line.value(QStringLiteral("type")).toString(), QStringLiteral("result"));
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("precious"));
        QVERIFY(!QFileInfo(task::resultFileOf(workdir, QStringLiteral("repro"))).isSymLink());
    }

    // A checkpoint name that is a link (or a FIFO) is not read: the run starts afresh.
    void checkpointLinksAreNotRead()
    {
        QTemporaryDir dir;
        const QString ckpt = task::checkpointDirOf(dir.path(), QStringLiteral("repro"));
        QVERIFY(QDir().mkpath(ckpt));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), ckpt + QStringLiteral("/step-0000000001.ckpt")));
        const QJsonObject line = runJob(QStringLiteral("train"), trainParams(specJson(testutil::tinyGpt(2, 1)), dir.path()));
        QCOMPARE(line.value(QStringLiteral("type")).toString(), QStringLiteral("result"));
        QCOMPARE(line.value(QStringLiteral("result")).toObject().value(QStringLiteral("resumed_from")).toInteger(), 0);
    }

    // Extra checkpoints in memory (the node's choice, task/WorkerJob.h): written by the sandboxed
    // worker below our private /dev/shm folder, between the task's own; the commitment is the
    // plain run's. A folder the sandbox refuses (/tmp) ends the extras and says why; the run
    // still succeeds. A relative folder, or one without its interval, is refused.
    void extraCheckpointsInMemory()
    {
        auto shm = paths::privateMemoryDir();
        if (!shm) {
            if (qEnvironmentVariableIsSet("CI")) // CI has a tmpfs /dev/shm: a missing one must not pass by skipping
                QFAIL(qPrintable(shm.error().message));
            QSKIP(qPrintable(shm.error().message));
        }
        QTemporaryDir plain, job, refused;
        QTemporaryDir memory(QDir(*shm).filePath(QStringLiteral("test-XXXXXX")));
        QVERIFY(memory.isValid());
        const QJsonObject spec = specJson(testutil::tinyGpt(12, 6));
        const QJsonObject reference = runJob(QStringLiteral("train"), trainParams(spec, plain.path())).value(QStringLiteral("result")).toObject();
        QCOMPARE(reference.value(QStringLiteral("extra_checkpoints")).toInt(), 0);
        QJsonObject params = trainParams(spec, job.path());
        params.insert(QStringLiteral("extra_checkpoint_dir"), memory.path());
        params.insert(QStringLiteral("extra_checkpoint_every"), 2);
        const QJsonObject line = runJob(QStringLiteral("train"), params);
        const QJsonObject result = line.value(QStringLiteral("result")).toObject();
        QVERIFY2(line.value(QStringLiteral("type")) == QLatin1String("result"), QJsonDocument(line).toJson().constData());
        QCOMPARE(result.value(QStringLiteral("commitment")), reference.value(QStringLiteral("commitment")));
        QCOMPARE(result.value(QStringLiteral("extra_checkpoints")).toInt(), 4);
        QVERIFY(result.value(QStringLiteral("extra_checkpoint_s")).toDouble() > 0);
        QVERIFY(!result.contains(QStringLiteral("extra_checkpoint_error")));
        QCOMPARE(QDir(task::checkpointDirOf(memory.path(), QStringLiteral("repro"))).entryList(QDir::Files),
                 (QStringList{QStringLiteral("step-0000000002.ckpt"), QStringLiteral("step-0000000004.ckpt"),
                              QStringLiteral("step-0000000008.ckpt"), QStringLiteral("step-0000000010.ckpt")}));
        QCOMPARE(QDir(task::checkpointDirOf(job.path(), QStringLiteral("repro"))).entryList(QDir::Files).size(), 2);

        QJsonObject outside = trainParams(spec, job.filePath(QStringLiteral("again")));
        outside.insert(QStringLiteral("extra_checkpoint_dir"), refused.path());
        outside.insert(QStringLiteral("extra_checkpoint_every"), 2);
        const QJsonObject out = runJob(QStringLiteral("train"), outside).value(QStringLiteral("result")).toObject();
        QCOMPARE(out.value(QStringLiteral("commitment")), reference.value(QStringLiteral("commitment")));
        QCOMPARE(out.value(QStringLiteral("extra_checkpoints")).toInt(), 0);
        QVERIFY2(!out.value(QStringLiteral("extra_checkpoint_error")).toString().isEmpty(), QJsonDocument(out).toJson().constData());
        QVERIFY(!QFileInfo::exists(task::checkpointDirOf(refused.path(), QStringLiteral("repro"))));

        for (const QJsonObject &bad : {QJsonObject{{QStringLiteral("extra_checkpoint_dir"), QStringLiteral("relative/dir")},
                                                   {QStringLiteral("extra_checkpoint_every"), 2}},
                                       QJsonObject{{QStringLiteral("extra_checkpoint_dir"), memory.path()}},
                                       QJsonObject{{QStringLiteral("extra_checkpoint_every"), 2}},
                                       QJsonObject{{QStringLiteral("extra_checkpoint_dir"), memory.path()}, {QStringLiteral("extra_checkpoint_every"), 0}}}) {
            QJsonObject p = trainParams(spec, job.path());
            for (auto it = bad.begin(); it != bad.end(); ++it)
                p.insert(it.key(), it.value());
            const auto parsed = task::TrainJobParams::fromJson(p);
            QVERIFY(!parsed.ok());
            QCOMPARE(parsed.error().code, QStringLiteral("train.bad_param"));
        }
    }

    // The worker does not create a dataset store it only reads from.
    void storeDirIsNotCreated()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("no-store"));
        QJsonObject params = trainParams(specJson(testutil::tinyGpt(2, 1)), dir.filePath(QStringLiteral("job")));
        params.insert(QStringLiteral("store_dir"), store);
        const QJsonObject line = runJob(QStringLiteral("train"), params);
        QCOMPARE(line.value(QStringLiteral("type")).toString(), QStringLiteral("result"));
        QVERIFY(!QFileInfo::exists(store));
    }
};

QTEST_GUILESS_MAIN(TestTrainJob)
#include "TestTrainJob.moc"
