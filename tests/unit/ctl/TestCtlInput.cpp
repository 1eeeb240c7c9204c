// idleforgectl against input without an end (issue 13 item 4): /dev/zero, a FIFO fed without
// end and standard input from /dev/zero get a clear error, not a read until memory runs out;
// and its option checks (item 7): `task state --step -1` says one thing, `task new --steps`
// takes exactly the range a spec allows.
#include "task/TaskSpec.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

const QString kCtl = QStringLiteral(IDLEFORGE_BIN_DIR "/idleforgectl");

struct Ran {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCtlInput : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString home() const { return m_dir.filePath(QStringLiteral("home")); }

    Ran ctl(const QStringList &args, const QString &stdinFile = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("IDLEFORGE_HOME"), home());
        env.insert(QStringLiteral("IF_PW"), QStringLiteral("store password"));
        p.setProcessEnvironment(env);
        if (!stdinFile.isEmpty())
            p.setStandardInputFile(stdinFile);
        p.start(kCtl, args);
        Ran r;
        if (!p.waitForFinished(120'000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // A FIFO with a writer that never stops (`cat /dev/zero`): its size says 0.
    struct EndlessFifo {
        QString path;
        QProcess writer;
        explicit EndlessFifo(const QString &at) : path(at)
        {
            ::mkfifo(QFile::encodeName(path).constData(), 0600);
            // The shell opens the FIFO (blocking until the reader comes), not QProcess.
            writer.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("exec cat /dev/zero > \"$0\""), path});
        }
        ~EndlessFifo()
        {
            writer.kill();
            writer.waitForFinished();
        }
    };

    void createWallet()
    {
        const Ran c = ctl({QStringLiteral("wallet"), QStringLiteral("create"), QStringLiteral("--store"),
                           QStringLiteral("file:") + m_dir.filePath(QStringLiteral("store.bin")), QStringLiteral("--password-env"),
                           QStringLiteral("IF_PW"), QStringLiteral("--json")});
        QVERIFY2(c.exitCode == 0, c.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        createWallet();
    }

    void endlessInputIsRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("viaStdin");
        QTest::addColumn<QByteArray>("says");
        const QStringList pw{QStringLiteral("--password-env"), QStringLiteral("IF_PW")};
        const QStringList restore{QStringLiteral("wallet"), QStringLiteral("restore"), QStringLiteral("--force"), QStringLiteral("--store"),
                                  QStringLiteral("file:") + m_dir.filePath(QStringLiteral("other.bin")), QStringLiteral("--password-env"),
                                  QStringLiteral("IF_PW"), QStringLiteral("--backup-password-env"), QStringLiteral("IF_PW"), QStringLiteral("--in")};
        const QStringList sign = QStringList{QStringLiteral("wallet"), QStringLiteral("sign"), QStringLiteral("--key"), QStringLiteral("payout")} + pw;
        for (const char *source : {"/dev/zero", "fifo"}) {
            const QString in = QString::fromLatin1(source);
            const auto row = [&](const char *what) -> QTestData & { return QTest::addRow("%s %s", what, source); };
            row("task validate") << QStringList{QStringLiteral("task"), QStringLiteral("validate"), in} << false << QByteArray("larger than 16 MiB");
            row("wallet sign --file") << sign + QStringList{QStringLiteral("--file"), in} << false << QByteArray("more than 16 MiB");
            row("wallet restore --in") << restore + QStringList{in} << false << QByteArray("more than 16 MiB");
            row("devnet submit") << QStringList{QStringLiteral("devnet"), QStringLiteral("submit"), in, QStringLiteral("--reward"), QStringLiteral("1")}
                                 << false << QByteArray("more than 16 MiB");
        }
        QTest::newRow("wallet sign stdin") << sign << true << QByteArray("standard input: more than 16 MiB");
    }

    void endlessInputIsRefused()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, viaStdin);
        QFETCH(QByteArray, says);
        std::unique_ptr<EndlessFifo> fifo;
        const int at = int(args.indexOf(QStringLiteral("fifo")));
        if (at >= 0) {
            fifo = std::make_unique<EndlessFifo>(m_dir.filePath(QStringLiteral("endless.fifo")));
            args[at] = fifo->path;
        }
        const Ran r = ctl(args, viaStdin ? QStringLiteral("/dev/zero") : QString());
        fifo.reset();
        QFile::remove(m_dir.filePath(QStringLiteral("endless.fifo")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(says), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one clear message
        QVERIFY(r.out.isEmpty());
    }

    // A FIFO that ends is read as what it holds: a bound on bytes, not on the reported size.
    void finiteFifoIsRead()
    {
        const QString path = m_dir.filePath(QStringLiteral("message.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        QProcess writer;
        writer.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("exec printf hello > \"$0\""), path});
        const Ran viaFifo = ctl({QStringLiteral("wallet"), QStringLiteral("sign"), QStringLiteral("--password-env"), QStringLiteral("IF_PW"),
                                 QStringLiteral("--file"), path});
        writer.waitForFinished();
        const Ran viaMessage = ctl({QStringLiteral("wallet"), QStringLiteral("sign"), QStringLiteral("--password-env"), QStringLiteral("IF_PW"),
                                    QStringLiteral("--message"), QStringLiteral("hello")});
        QVERIFY2(viaFifo.exitCode == 0, viaFifo.err.constData());
        QCOMPARE(viaFifo.out, viaMessage.out);
    }

    void stepMinusOneSaysOneThing()
    {
        const QString spec = m_dir.filePath(QStringLiteral("spec.json"));
        const Ran made = ctl({QStringLiteral("task"), QStringLiteral("new"), QStringLiteral("--steps"), QStringLiteral("4"),
                              QStringLiteral("--output"), spec});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        for (const char *sub : {"state", "trace"}) {
            const Ran r = ctl({QStringLiteral("task"), QString::fromLatin1(sub), spec, QStringLiteral("--workdir"),
                               m_dir.filePath(QStringLiteral("w")), QStringLiteral("--step"), QStringLiteral("-1")});
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.err.count('\n'), 1);
            QVERIFY2(r.err.contains("--step needs an integer in 0.."), r.err.constData());
            const Ran missing = ctl({QStringLiteral("task"), QString::fromLatin1(sub), spec, QStringLiteral("--workdir"),
                                     m_dir.filePath(QStringLiteral("w"))});
            QCOMPARE(missing.exitCode, 2);
            QCOMPARE(missing.err, QByteArray("idleforgectl task: --step T is required\n"));
        }
    }

    void stepsTakeTheSpecsRange()
    {
        const qint64 max = idleforge::task::ValidationLimits{}.maxSteps;
        const Ran top = ctl({QStringLiteral("task"), QStringLiteral("new"), QStringLiteral("--steps"), QString::number(max)});
        QVERIFY2(top.exitCode == 0, top.err.constData());
        QCOMPARE(QJsonDocument::fromJson(top.out).object().value(QLatin1String("training")).toObject().value(QLatin1String("steps")).toInteger(),
                 max);
        const Ran over = ctl({QStringLiteral("task"), QStringLiteral("new"), QStringLiteral("--steps"), QString::number(max + 1)});
        QCOMPARE(over.exitCode, 2);
        QCOMPARE(over.err, QStringLiteral("idleforgectl task: --steps needs an integer in 1..%1\n").arg(max).toUtf8());
        QVERIFY(over.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCtlInput)
#include "TestCtlInput.moc"
