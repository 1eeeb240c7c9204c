// `idleforgectl task run --inject-fault`, `audit` and `dispute` end to end, through the real
// idleforgectl and idleforge-worker binaries, with the output formats of issue 6.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "../CtlProcess.h"

namespace {

using Ran = idleforge::testing::CtlRun;

Ran ctl(const QStringList &args) { return idleforge::testing::runCtl(args); }

QStringList keys(const QJsonObject &o)
{
    QStringList k = o.keys();
    k.sort();
    return k;
}

} // namespace

class TestVerifyCommands : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_spec;

    QString run(const QString &name, const QString &fault = {})
    {
        const QString workdir = m_dir.filePath(name);
        QStringList args{QStringLiteral("task"), QStringLiteral("run"), m_spec, QStringLiteral("--workdir"), workdir, QStringLiteral("--json")};
        if (!fault.isEmpty())
            args << QStringLiteral("--inject-fault") << fault;
        const Ran r = ctl(args);
        if (r.exitCode != 0)
            qWarning("%s", r.err.constData());
        return r.exitCode == 0 ? workdir : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(QStringLiteral(IDLEFORGE_BIN_DIR "/idleforgectl")), "build idleforgectl first");
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")), "build idleforge-worker first");
        m_spec = m_dir.filePath(QStringLiteral("spec.json"));
        const Ran made = ctl({QStringLiteral("task"), QStringLiteral("new"), QStringLiteral("--template"), QStringLiteral("mlp"),
                              QStringLiteral("--d-model"), QStringLiteral("8"), QStringLiteral("--hidden"), QStringLiteral("16"),
                              QStringLiteral("--context"), QStringLiteral("8"), QStringLiteral("--batch"), QStringLiteral("2"),
                              QStringLiteral("--steps"), QStringLiteral("16"), QStringLiteral("--checkpoint-every"), QStringLiteral("4"),
                              QStringLiteral("--synthetic-size"), QStringLiteral("4096"), QStringLiteral("--output"), m_spec});
        QVERIFY2(made.exitCode == 0, made.err.constData());
    }

    void auditAndDisputeABitFlip()
    {
        const QString honest = run(QStringLiteral("honest"));
        const QString cheat = run(QStringLiteral("cheat"), QStringLiteral("bitflip:step=6,node=0"));
        QVERIFY(!honest.isEmpty() && !cheat.isEmpty());

        // Every step sampled (--mode sample: by default that many samples replay the whole run).
        const QStringList audit{QStringLiteral("audit"), QStringLiteral("--spec"), m_spec, QStringLiteral("--samples"), QStringLiteral("16"),
                                QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--json"), QStringLiteral("--mode"),
                                QStringLiteral("sample"), QStringLiteral("--workdir")};
        const Ran clean = ctl(audit + QStringList{honest});
        QCOMPARE(clean.exitCode, 0);
        const QJsonObject cj = clean.json();
        QCOMPARE(keys(cj), (QStringList{QStringLiteral("mode"), QStringLiteral("ok"), QStringLiteral("recomputed_steps"), QStringLiteral("samples"),
                                        QStringLiteral("served_steps"), QStringLiteral("solver_replayed_steps"), QStringLiteral("total_steps")}));
        QVERIFY(cj.value(QStringLiteral("ok")).toBool());
        QCOMPARE(cj.value(QStringLiteral("mode")).toString(), QStringLiteral("sample"));
        QCOMPARE(cj.value(QStringLiteral("served_steps")).toInt(), 4 * 3); // one replay of 3 steps per interval of k = 4
        QCOMPARE(cj.value(QStringLiteral("solver_replayed_steps")).toInt(), 4 * 3); // and counted so
        QCOMPARE(cj.value(QStringLiteral("recomputed_steps")).toInt(), 16);
        QCOMPARE(cj.value(QStringLiteral("total_steps")).toInt(), 16);
        QCOMPARE(keys(cj.value(QStringLiteral("samples")).toArray().at(0).toObject()), (QStringList{QStringLiteral("ok"), QStringLiteral("step")}));

        const Ran caught = ctl(audit + QStringList{cheat});
        QCOMPARE(caught.exitCode, 1);
        const QJsonObject aj = caught.json();
        QVERIFY(!aj.value(QStringLiteral("ok")).toBool());
        for (const auto &s : aj.value(QStringLiteral("samples")).toArray())
            QCOMPARE(s.toObject().value(QStringLiteral("ok")).toBool(), s.toObject().value(QStringLiteral("step")).toInt() != 6);

        // The default (auto) replays the whole run here, sampling would cost more: it passes the
        // honest run and fails the cheat at step 6, its first bad step, as the dispute below finds.
        QStringList autoAudit = audit;
        autoAudit.removeAt(autoAudit.indexOf(QStringLiteral("--mode")) + 1);
        autoAudit.removeAll(QStringLiteral("--mode"));
        const Ran replayed = ctl(autoAudit + QStringList{honest});
        QCOMPARE(replayed.exitCode, 0);
        QCOMPARE(replayed.json().value(QStringLiteral("mode")).toString(), QStringLiteral("replay"));
        QCOMPARE(replayed.json().value(QStringLiteral("recomputed_steps")).toInt(), 16);
        QCOMPARE(replayed.json().value(QStringLiteral("served_steps")).toInt(), 0);
        QCOMPARE(replayed.json().value(QStringLiteral("samples")).toArray().size(), 16); // all drawn, all passed
        for (const auto &s : replayed.json().value(QStringLiteral("samples")).toArray())
            QVERIFY(s.toObject().value(QStringLiteral("ok")).toBool());
        const Ran replayCaught = ctl(autoAudit + QStringList{cheat});
        QCOMPARE(replayCaught.exitCode, 1);
        const QJsonArray failed = replayCaught.json().value(QStringLiteral("samples")).toArray();
        QCOMPARE(failed.size(), 7); // 0..5 passed, 6 failed, the replay stops there
        for (const auto &s : failed)
            QCOMPARE(s.toObject().value(QStringLiteral("ok")).toBool(), s.toObject().value(QStringLiteral("step")).toInt() != 6);
        QCOMPARE(replayCaught.json().value(QStringLiteral("recomputed_steps")).toInt(), 7);

        for (bool honestIsA : {true, false}) {
            const Ran d = ctl({QStringLiteral("dispute"), QStringLiteral("--spec"), m_spec, QStringLiteral("--workdir-a"), honestIsA ? honest : cheat,
                               QStringLiteral("--workdir-b"), honestIsA ? cheat : honest, QStringLiteral("--json")});
            QVERIFY2(d.exitCode == 0, d.err.constData());
            const QJsonObject j = d.json();
            QCOMPARE(keys(j), (QStringList{QStringLiteral("bytes"), QStringLiteral("node"), QStringLiteral("node_rounds"), QStringLiteral("referee_ops"),
                                           QStringLiteral("step"), QStringLiteral("step_rounds"), QStringLiteral("winner")}));
            QCOMPARE(j.value(QStringLiteral("step")).toInt(), 6);
            QCOMPARE(j.value(QStringLiteral("node")).toObject().value(QStringLiteral("index")).toInt(), 0);
            QCOMPARE(j.value(QStringLiteral("node")).toObject().value(QStringLiteral("op")).toString(), QStringLiteral("embedding"));
            QCOMPARE(j.value(QStringLiteral("winner")).toString(), honestIsA ? QStringLiteral("a") : QStringLiteral("b"));
            QCOMPARE(j.value(QStringLiteral("referee_ops")).toInt(), 1);
            QVERIFY(j.value(QStringLiteral("bytes")).toDouble() > 0);
        }
    }

    // task run --extra-checkpoints keeps a checkpoint at every step between the task's own (every
    // 4) in a /dev/shm folder, with the same commitment; audit --extra-checkpoints serves all 16
    // samples from them with no step replayed (12 without them); a folder with none is an error.
    void extraCheckpointsOnTheCommandLine()
    {
        QTemporaryDir shm(QStringLiteral("/dev/shm/idleforge-test-XXXXXX"));
        if (!shm.isValid()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("no /dev/shm");
            QSKIP("no /dev/shm");
        }
        const QString workdir = m_dir.filePath(QStringLiteral("extras"));
        const QString extras = shm.filePath(QStringLiteral("run"));
        const Ran usage = ctl({QStringLiteral("task"), QStringLiteral("run"), m_spec, QStringLiteral("--workdir"), workdir,
                               QStringLiteral("--extra-every"), QStringLiteral("1")});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains("--extra-checkpoints"));
        const Ran trained = ctl({QStringLiteral("task"), QStringLiteral("run"), m_spec, QStringLiteral("--workdir"), workdir, QStringLiteral("--json"),
                                 QStringLiteral("--extra-checkpoints"), extras, QStringLiteral("--extra-every"), QStringLiteral("1")});
        QVERIFY2(trained.exitCode == 0, trained.err.constData());
        QCOMPARE(trained.json().value(QStringLiteral("extra_checkpoints")).toInt(), 12); // 1..15 less 4, 8, 12
        QVERIFY2(!trained.json().contains(QStringLiteral("extra_checkpoint_error")), trained.out.constData());
        const Ran plain = ctl({QStringLiteral("task"), QStringLiteral("run"), m_spec, QStringLiteral("--workdir"), m_dir.filePath(QStringLiteral("plain")),
                               QStringLiteral("--json")});
        QCOMPARE(trained.json().value(QStringLiteral("commitment")), plain.json().value(QStringLiteral("commitment")));
        const QStringList audit{QStringLiteral("audit"), QStringLiteral("--spec"), m_spec, QStringLiteral("--workdir"), workdir, QStringLiteral("--samples"),
                                QStringLiteral("16"), QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--mode"), QStringLiteral("sample"),
                                QStringLiteral("--json")};
        const Ran fromDisk = ctl(audit);
        QCOMPARE(fromDisk.exitCode, 0);
        QCOMPARE(fromDisk.json().value(QStringLiteral("solver_replayed_steps")).toInt(), 12);
        const Ran fromMemory = ctl(audit + QStringList{QStringLiteral("--extra-checkpoints"), extras});
        QVERIFY2(fromMemory.exitCode == 0, fromMemory.err.constData());
        QVERIFY(fromMemory.json().value(QStringLiteral("ok")).toBool());
        QCOMPARE(fromMemory.json().value(QStringLiteral("solver_replayed_steps")).toInt(), 0);
        const Ran missing = ctl(audit + QStringList{QStringLiteral("--extra-checkpoints"), shm.filePath(QStringLiteral("typo"))});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("no extra checkpoints there"), missing.err.constData());
    }

    void equalRunsAreNoDispute()
    {
        const QString one = run(QStringLiteral("one"));
        const QString two = run(QStringLiteral("two"));
        const Ran d = ctl({QStringLiteral("dispute"), QStringLiteral("--spec"), m_spec, QStringLiteral("--workdir-a"), one,
                           QStringLiteral("--workdir-b"), two, QStringLiteral("--json")});
        QCOMPARE(d.exitCode, 0);
        QCOMPARE(d.json().value(QStringLiteral("dispute")).toBool(true), false);
        QVERIFY(d.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("no dispute")));
    }

    void badFaultIsAUsageError()
    {
        const Ran r = ctl({QStringLiteral("task"), QStringLiteral("run"), m_spec, QStringLiteral("--workdir"), m_dir.filePath(QStringLiteral("x")),
                           QStringLiteral("--inject-fault"), QStringLiteral("meltdown:step=1")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown fault"));
    }
};

QTEST_GUILESS_MAIN(TestVerifyCommands)
#include "TestVerifyCommands.moc"
