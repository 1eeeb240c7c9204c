// `idleforgectl task ...` end to end: new (with --data into the store), validate, run (through
// the worker), state (with a Merkle proof that verifies) and trace.
#include "crypto/Merkle.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "../CtlProcess.h"

using namespace idleforge;

namespace {

using Ran = idleforge::testing::CtlRun;

Ran ctl(const QStringList &args) { return idleforge::testing::runCtl(args); }

crypto::Hash256 hash(const QJsonValue &v) { return crypto::hashFromHex(v.toString().toStdString()).value_or(crypto::Hash256{}); }

} // namespace

class TestTaskCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(QStringLiteral(IDLEFORGE_BIN_DIR "/idleforgectl")), "build idleforgectl first");
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")), "build idleforge-worker first");
    }

    void newValidateRunStateTrace()
    {
        QTemporaryDir dir;
        const QString spec = dir.filePath(QStringLiteral("spec.json"));
        const Ran made = ctl({QStringLiteral("task"), QStringLiteral("new"), QStringLiteral("--template"), QStringLiteral("gpt"),
                              QStringLiteral("--layers"), QStringLiteral("1"), QStringLiteral("--d-model"), QStringLiteral("16"),
                              QStringLiteral("--heads"), QStringLiteral("2"), QStringLiteral("--context"), QStringLiteral("8"),
                              QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--steps"), QStringLiteral("12"),
                              QStringLiteral("--checkpoint-every"), QStringLiteral("4"), QStringLiteral("--data"),
                              QStringLiteral(IDLEFORGE_TEST_DATA_DIR "/task/corpus.txt"), QStringLiteral("--output"), spec});
        QCOMPARE(made.exitCode, 0);
        QFile f(spec);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject specJson = QJsonDocument::fromJson(f.readAll()).object();
        const QString dataHash = specJson[QStringLiteral("data")][QStringLiteral("hash")].toString();
        QVERIFY(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_HOME") + QStringLiteral("/store/") + dataHash));

        QCOMPARE(ctl({QStringLiteral("task"), QStringLiteral("validate"), spec}).exitCode, 0);

        const QString workdir = dir.filePath(QStringLiteral("job"));
        const Ran run = ctl({QStringLiteral("task"), QStringLiteral("run"), spec, QStringLiteral("--workdir"), workdir, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject result = run.json();
        QCOMPARE(result[QStringLiteral("steps")].toInt(), 12);
        QCOMPARE(result[QStringLiteral("losses")].toArray().size(), 12);
        QVERIFY(result[QStringLiteral("tokens_per_s")].toDouble() > 0);
        QVERIFY(run.err.contains("step 12/12")); // progress went to stderr

        const Ran state = ctl({QStringLiteral("task"), QStringLiteral("state"), spec, QStringLiteral("--workdir"), workdir,
                               QStringLiteral("--step"), QStringLiteral("5"), QStringLiteral("--json")});
        QCOMPARE(state.exitCode, 0);
        const QJsonObject s = state.json();
        QCOMPARE(s[QStringLiteral("commitment")].toString(), result[QStringLiteral("commitment")].toString());
        crypto::MerkleProof proof;
        proof.index = 5;
        proof.count = 13;
        QCOMPARE(s[QStringLiteral("proof")][QStringLiteral("count")].toInt(), 13);
        for (const auto &sib : s[QStringLiteral("proof")][QStringLiteral("siblings")].toArray())
            proof.siblings.push_back(hash(sib));
        QVERIFY(crypto::verifyMerkleProof(hash(s[QStringLiteral("state_hash")]), proof, hash(result[QStringLiteral("commitment")])));

        const Ran trace = ctl({QStringLiteral("task"), QStringLiteral("trace"), spec, QStringLiteral("--workdir"), workdir,
                               QStringLiteral("--step"), QStringLiteral("5"), QStringLiteral("--json")});
        QVERIFY2(trace.exitCode == 0, trace.err.constData());
        const QJsonObject t = trace.json();
        QCOMPARE(t[QStringLiteral("step")].toInt(), 5);
        QCOMPARE(t[QStringLiteral("state_before")].toString(), s[QStringLiteral("state_hash")].toString());
        QVERIFY(t[QStringLiteral("nodes")].toArray().size() > 10);
        const QJsonObject first = t[QStringLiteral("nodes")].toArray().first().toObject();
        for (const char *key : {"index", "op", "name", "hash"})
            QVERIFY(first.contains(QLatin1String(key)));
    }

    void errorsAndUsage()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"idleforge.task","version":1,"nodes":[{"name":"a","op":"fork","inputs":[]}]})");
        f.close();
        const Ran v = ctl({QStringLiteral("task"), QStringLiteral("validate"), bad});
        QCOMPARE(v.exitCode, 1);
        QVERIFY(v.err.contains("nodes[0].op: unknown value \"fork\""));
        QCOMPARE(ctl({QStringLiteral("task"), QStringLiteral("run"), bad}).exitCode, 2); // no --workdir
        QCOMPARE(ctl({QStringLiteral("task"), QStringLiteral("bogus")}).exitCode, 2);
        QCOMPARE(ctl({QStringLiteral("task"), QStringLiteral("new"), QStringLiteral("--template"), QStringLiteral("resnet")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestTaskCommand)
#include "TestTaskCommand.moc"
