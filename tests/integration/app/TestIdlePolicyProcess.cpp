// Issue 14 end to end, over real processes: `idleforge --devnet --minimized` (the GUI app, its
// tray on the environment's Xvfb) with idle_minutes = 0.1 in its idleforge.conf. It waits while
// there is input (xdotool), trains once the machine was idle that long, stops its worker at
// once at input (the worker's /proc entry goes), resumes from the checkpoint when idle again,
// stops for a process named from resources/games.txt (a copy of /bin/sleep) with the game
// named (and gives back the memory of the run's extra checkpoints, which an input pause keeps),
// stops for `idleforgectl pause --for 1h` and starts again at `idleforgectl resume`.
// The task paused all these times is verified and paid exactly once. And `idleforge
// --headless --devnet` trains at once, with no idle wait (mode always).
// Every wait polls with a generous limit (a loaded 2-core machine); no timing is asserted.
#include "IdleNodeUtil.h"
#include "db/Sqlite.h"

#include <QDateTime>
#include <QTest>

#include <unistd.h>

using namespace idletest;
using namespace idleforge;

class TestIdlePolicyProcess : public QObject {
    Q_OBJECT
    Node gui;
    QString task;        // ours, long enough to be stopped and resumed several times
    static constexpr qint64 kSteps = 3000; // about 25 s of training on a quiet 2-core machine
    static constexpr qint64 kReward = 100000; // above the demo tasks': leased first
    qint64 pausedStep = -1;
    QTemporaryDir gameDir;

    static constexpr int kLong = 180000; // a lease, a dataset fetch, a worker start on a busy machine

    // Running with a worker on `id` (any train job if empty) that has reported steps, steps left.
    bool training(Node &n, const QString &id, int timeoutMs = kLong)
    {
        return waitFor([&] {
            const QJsonObject s = n.status();
            const QJsonObject job = jobOf(s);
            return stateOf(s) == QLatin1String("running") && job.value(QLatin1String("kind")).toString() == QLatin1String("train") &&
                   (id.isEmpty() || job.value(QLatin1String("id")).toString() == id) &&
                   job.value(QLatin1String("step")).toInteger() >= 1 &&
                   job.value(QLatin1String("steps")).toInteger() - job.value(QLatin1String("step")).toInteger() >= 4 &&
                   !n.workers().isEmpty();
        }, timeoutMs, 200);
    }

    // The state is `state` with a reason of `rule`, and no worker of the node runs.
    bool stoppedFor(Node &n, const QString &state, const QString &rule, QJsonObject *seen = nullptr)
    {
        return waitFor([&] {
            const QJsonObject s = n.status();
            if (seen)
                *seen = s;
            return stateOf(s) == state && !reasonOf(s, rule).isEmpty() && s.value(QLatin1String("compute_allowed")).toBool(true) == false &&
                   n.workers().isEmpty();
        }, 60000, 100);
    }

    // The extra checkpoints in memory of the run in `workdir`: the files of its twin,
    // /dev/shm/idleforge-<uid>/<16 hex>/<the job folder's name>/checkpoints-repro.
    static int extraCheckpointsOf(const QString &workdir)
    {
        const QDir shm(QStringLiteral("/dev/shm/idleforge-%1").arg(::geteuid()));
        int n = 0;
        for (const QString &node : shm.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            n += int(QDir(shm.filePath(node + QLatin1Char('/') + QFileInfo(workdir).fileName() + QStringLiteral("/checkpoints-repro")))
                         .entryList({QStringLiteral("step-*.ckpt")}, QDir::Files)
                         .size());
        return n;
    }

    qint64 rewardReceipts(const QString &ledgerFile, const char *sql)
    {
        auto db = db::Database::open(ledgerFile, db::Database::Mode::ReadOnly);
        if (!db)
            return -1;
        auto st = db->prepare(sql);
        if (!st)
            return -1;
        st->bind(1, task);
        auto has = st->step();
        return has && *has ? st->int64(0) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DISPLAY"), "run inside tests/with-test-env.sh (Xvfb)");
        QVERIFY(gameDir.isValid());
    }

    void cleanupTestCase()
    {
        gui.stop();
        if (QTest::currentTestFailed())
            qWarning("---- node log ----\n%s", qPrintable(gui.log().right(12000)));
    }

    // Input all along: the node waits, and says why.
    void waitsWhileTheUserIsThere()
    {
        Jiggler user;
        QVERIFY(user.start());
        QVERIFY(gui.start({QStringLiteral("--devnet"), QStringLiteral("--devnet-port"), QStringLiteral("0"), QStringLiteral("--minimized"),
                           QStringLiteral("--no-benchmark"), QStringLiteral("--threads"), QStringLiteral("1")},
                          "mode=auto\nidle_minutes=0.1\nmax_other_cpu_pct=100\nmax_temp_c=110\nresume_temp_c=105\n"
                          "run_on_battery=true\nnotifications=false\nautostart=false\n",
                          /*display=*/true));
        QJsonObject s;
        QVERIFY2(waitFor([&] {
            s = gui.status();
            return stateOf(s) == QLatin1String("waiting_for_idle") && !reasonOf(s, QStringLiteral("input")).isEmpty();
        }, kLong, 200), qPrintable(QString::fromUtf8(QJsonDocument(s).toJson())));
        QCOMPARE(policyOf(s).value(QLatin1String("mode")).toString(), QStringLiteral("auto"));
        QCOMPARE(s.value(QLatin1String("compute_allowed")).toBool(true), false);
        QVERIFY(!reasonOf(s, QStringLiteral("input")).value(QLatin1String("text")).toString().isEmpty());
        QString error;
        task = gui.submitTask(kSteps, kReward, 50, &error);
        QVERIFY2(!task.isEmpty(), qPrintable(error));
        // Still waiting a good while later (several idle times): the input keeps it from work.
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 15000) {
            s = gui.status();
            QCOMPARE(stateOf(s), QStringLiteral("waiting_for_idle"));
            QVERIFY(jobOf(s).isEmpty()); // no lease is asked for while it may not compute
            QTest::qWait(500);
        }
    }

    // No input for idle_minutes: it trains. Input: the worker goes at once, with the reason.
    void inputStopsTheWorker()
    {
        QVERIFY(!task.isEmpty());
        QVERIFY2(training(gui, task), qPrintable(gui.log().right(4000)));
        const QList<qint64> workers = gui.workers();
        const qsizetype logFrom = gui.log().size();
        QVERIFY(mouseMove());
        Jiggler user; // and the user stays, so the checks below see the pause
        QVERIFY(user.start());
        QJsonObject s;
        QVERIFY2(stoppedFor(gui, QStringLiteral("waiting_for_idle"), QStringLiteral("input"), &s),
                 qPrintable(QString::fromUtf8(QJsonDocument(s).toJson())));
        for (qint64 w : workers)
            QVERIFY(!processAlive(w));
        QVERIFY(waitFor([&] { return pausedAtStep(gui.log(), task, logFrom) >= 1; }, 30000));
        pausedStep = pausedAtStep(gui.log(), task, logFrom);
        // The worker wrote a checkpoint where it stopped, at or after the step the node had seen.
        const QString workdir = workdirOf(gui.log(), task);
        QVERIFY2(!workdir.isEmpty(), qPrintable(gui.log().right(4000)));
        QVERIFY2(newestCheckpoint(workdir) >= pausedStep, qPrintable(QStringLiteral("checkpoint %1, paused at %2")
                                                                       .arg(newestCheckpoint(workdir)).arg(pausedStep)));
    }

    // Idle again: the same task goes on from its checkpoint, not from step 0.
    void resumesFromTheCheckpointWhenIdleAgain()
    {
        QVERIFY(!task.isEmpty());
        const qsizetype logFrom = gui.log().size();
        qint64 lowest = std::numeric_limits<qint64>::max();
        QVERIFY2(waitFor([&] {
            const QJsonObject s = gui.status();
            const QJsonObject job = jobOf(s);
            if (stateOf(s) != QLatin1String("running") || job.value(QLatin1String("id")).toString() != task || gui.workers().isEmpty())
                return false;
            lowest = std::min(lowest, job.value(QLatin1String("step")).toInteger());
            return job.value(QLatin1String("step")).toInteger() > pausedStep;
        }, kLong, 100), qPrintable(gui.log().right(4000)));
        QVERIFY2(lowest >= pausedStep, qPrintable(QStringLiteral("step %1 seen after the resume, paused at %2").arg(lowest).arg(pausedStep)));
        QVERIFY(gui.log().mid(logFrom).contains(QStringLiteral("resuming %1 from its checkpoint").arg(task)));
    }

    // A game starts: paused_game, the game named, and the run's extra checkpoints in memory are
    // given back (the input pause above kept them); it ends: work resumes (after the settle time).
    void gameStopsTheWorker()
    {
        QVERIFY(training(gui, task));
        const QString workdir = workdirOf(gui.log(), task);
        QVERIFY2(gui.log().contains(QStringLiteral("training %1 in %2 (extra checkpoints every").arg(task, workdir)),
                 qPrintable(gui.log().right(4000)));
        QVERIFY2(waitFor([&] { return extraCheckpointsOf(workdir) > 0; }, 60000, 100), qPrintable(workdir));
        const qsizetype logFrom = gui.log().size();
        const QString game = gameDir.filePath(QStringLiteral("dota2"));
        QVERIFY(QFile::copy(QStringLiteral("/bin/sleep"), game));
        QVERIFY(QFile::setPermissions(game, QFile::ReadOwner | QFile::ExeOwner));
        QProcess playing;
        playing.start(game, {QStringLiteral("600")});
        QVERIFY(playing.waitForStarted(10000));
        QJsonObject s;
        const bool stopped = stoppedFor(gui, QStringLiteral("paused_game"), QStringLiteral("game"), &s);
        const QString text = reasonOf(s, QStringLiteral("game")).value(QLatin1String("text")).toString();
        playing.kill();
        playing.waitForFinished(10000);
        QVERIFY2(stopped, qPrintable(QString::fromUtf8(QJsonDocument(s).toJson())));
        QVERIFY2(text.contains(QLatin1String("dota2")), qPrintable(text));
        // "gave back 37.5 MiB of memory (the extra checkpoints; ...): <the game reason's text>"
        const QRegularExpression gaveBack(QStringLiteral("gave back [^\n]* of memory \\(the extra checkpoints[^\n]*%1").arg(QRegularExpression::escape(text)));
        QVERIFY2(waitFor([&] { return gaveBack.match(gui.log().mid(logFrom)).hasMatch(); }, 30000, 100), qPrintable(gui.log().mid(logFrom)));
        QCOMPARE(extraCheckpointsOf(workdir), 0);
        QVERIFY2(training(gui, task), qPrintable(gui.log().right(4000)));
    }

    // The user's own pause, for an hour, and the resume.
    void userPauseAndResume()
    {
        QVERIFY(training(gui, task));
        QByteArray out;
        QCOMPARE(gui.ctl({QStringLiteral("pause"), QStringLiteral("--for"), QStringLiteral("1h")}, &out), 0);
        QJsonObject s;
        QVERIFY2(stoppedFor(gui, QStringLiteral("paused_by_user"), QStringLiteral("user_pause"), &s),
                 qPrintable(QString::fromUtf8(QJsonDocument(s).toJson())));
        const qint64 until = qint64(policyOf(s).value(QLatin1String("paused_until")).toDouble());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY2(until > now + 50 * 60 * 1000 && until <= now + 60 * 60 * 1000, qPrintable(QString::number(until - now)));
        QCOMPARE(gui.ctl({QStringLiteral("resume")}, &out), 0);
        QVERIFY2(training(gui, task), qPrintable(gui.log().right(4000)));
        QVERIFY(policyOf(gui.status()).value(QLatin1String("paused_until")).isNull());
    }

    // The task stopped and resumed above is verified and paid once: one reward receipt in the
    // node's ledger and one in the coordinator's, however often its worker stopped.
    void theTaskIsPaidExactlyOnce()
    {
        QVERIFY(!task.isEmpty());
        const char *ledgerSql = "SELECT count(*) FROM receipts WHERE kind = 'reward' AND job_id = ?1";
        const QString ledger = gui.home() + QStringLiteral("/ledger.sqlite");
        QVERIFY2(waitFor([&] { return rewardReceipts(ledger, ledgerSql) >= 1; }, 300000, 500), qPrintable(gui.log().right(6000)));
        // Shown by the status too, as a receipt for that task.
        QVERIFY(waitFor([&] {
            for (const QJsonValue &r : gui.status().value(QLatin1String("receipts")).toArray())
                if (r.toObject().value(QLatin1String("task")).toString() == task && r.toObject().value(QLatin1String("kind")).toString() == QLatin1String("reward"))
                    return true;
            return false;
        }, 60000, 500));
        // Let later tasks settle too (another receipt arrives), then count again: still one.
        const auto receipts = [&] {
            auto db = db::Database::open(ledger, db::Database::Mode::ReadOnly);
            if (!db)
                return qint64(-1);
            auto n = db->queryInt("SELECT count(*) FROM receipts WHERE kind = 'reward'");
            return n ? *n : qint64(-1);
        };
        const qint64 before = receipts();
        QVERIFY(waitFor([&] { return receipts() > before; }, 300000, 1000));
        QCOMPARE(rewardReceipts(ledger, ledgerSql), 1);
        const QString coordinator = gui.home() + QStringLiteral("/devnet/devnet.sqlite");
        QCOMPARE(rewardReceipts(coordinator, "SELECT count(*) FROM receipts WHERE kind = 'reward' AND json_extract(json, '$.job') = ?1"), 1);
        gui.stop();
        QCOMPARE(gui.process().exitCode(), 0);
    }

    // The headless node is a dedicated machine: mode always, training with no idle wait.
    void headlessTrainsWithoutIdleWait()
    {
        Node headless;
        Jiggler user; // input on the display changes nothing for it
        QVERIFY(user.start());
        QVERIFY(headless.start({QStringLiteral("--headless"), QStringLiteral("--devnet"), QStringLiteral("--devnet-port"), QStringLiteral("0"),
                                QStringLiteral("--no-benchmark"), QStringLiteral("--threads"), QStringLiteral("1")},
                               "max_other_cpu_pct=100\nmax_temp_c=110\nresume_temp_c=105\nrun_on_battery=true\n", /*display=*/false));
        QJsonObject s;
        QVERIFY2(waitFor([&] {
            s = headless.status();
            return stateOf(s) == QLatin1String("running") && jobOf(s).value(QLatin1String("step")).toInteger() >= 1;
        }, kLong, 200), qPrintable(headless.log().right(4000)));
        QCOMPARE(policyOf(s).value(QLatin1String("mode")).toString(), QStringLiteral("always"));
        QVERIFY(reasonOf(s, QStringLiteral("input")).isEmpty());
        QVERIFY(!headless.log().contains(QLatin1String("waiting_for_idle")));
        headless.stop();
        QCOMPARE(headless.process().exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestIdlePolicyProcess)
#include "TestIdlePolicyProcess.moc"
