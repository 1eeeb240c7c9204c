// --help and --version on every command and subcommand of idleforgectl, and on idleforge-devnet
// and idleforge-worker, as real processes (issue 13 item 3): exit 0, the usage on stdout, and
// nothing run: no wallet record, no store file, no mnemonic, no dataset stored, no worker.
// Each row also carries options that would do something (or are wrong), since help must win.
#include <QDir>
#include "base/BuildVersion.h"
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kBin = QStringLiteral(IDLEFORGE_BIN_DIR);
} // namespace

class TestCtlHelp : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString home() const { return m_dir.filePath(QStringLiteral("home")); }
    QString storeFile() const { return m_dir.filePath(QStringLiteral("store.bin")); }

    // Runs `program` with `args`; stdin is closed so nothing can wait for input.
    QProcess *run(const QString &program, const QStringList &args)
    {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("IDLEFORGE_HOME"), home());
        env.insert(QStringLiteral("IF_PW"), QStringLiteral("store password"));
        p->setProcessEnvironment(env);
        p->start(kBin + QLatin1Char('/') + program, args);
        p->closeWriteChannel();
        if (!p->waitForFinished(30'000))
            p->kill();
        p->waitForFinished();
        return p;
    }

    // Everything under the throw-away home and the store file that a command could have made.
    QStringList madeFiles() const
    {
        QStringList made;
        if (QFile::exists(storeFile()))
            made << storeFile();
        const QDir h(home());
        for (const QString &name : h.entryList(QDir::AllEntries | QDir::NoDotAndDotDot))
            made << h.filePath(name);
        return made;
    }

    void rows(const char *flag)
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("args");
        const QString f = QString::fromLatin1(flag);
        const QString store = QStringLiteral("file:") + storeFile();
        const auto ctl = [&](const char *name, QStringList args) {
            args << f;
            QTest::newRow(name) << QStringLiteral("idleforgectl") << args;
        };
        const QStringList pw{QStringLiteral("--store"), store, QStringLiteral("--password-env"), QStringLiteral("IF_PW")};
        ctl("top", {});
        for (const char *c : {"audit", "bench", "devices", "dispute", "status", "task", "wallet", "devnet"})
            ctl(c, {QString::fromLatin1(c)});
        ctl("audit run", {QStringLiteral("audit"), QStringLiteral("--spec"), QStringLiteral("x.json"), QStringLiteral("--workdir"), QStringLiteral("w")});
        ctl("bench bad option", {QStringLiteral("bench"), QStringLiteral("--bogus")});
        ctl("devices", {QStringLiteral("devices"), QStringLiteral("--json")});
        ctl("dispute run", {QStringLiteral("dispute"), QStringLiteral("--spec"), QStringLiteral("x.json")});
        ctl("status socket", {QStringLiteral("status"), QStringLiteral("--socket"), QStringLiteral("/nonexistent/s")});
        for (const char *sub : {"new", "validate", "run", "trace", "state"})
            ctl((std::string("task ") + sub).c_str(), {QStringLiteral("task"), QString::fromLatin1(sub), QStringLiteral("spec.json"),
                                                       QStringLiteral("--workdir"), m_dir.filePath(QStringLiteral("w"))});
        ctl("task new --data", {QStringLiteral("task"), QStringLiteral("new"), QStringLiteral("--data"), QStringLiteral(IDLEFORGE_SOURCE_DIR "/README.md")});
        for (const char *sub : {"create", "import", "show", "address", "backup", "restore", "sign", "verify", "derive"})
            ctl((std::string("wallet ") + sub).c_str(), QStringList{QStringLiteral("wallet"), QString::fromLatin1(sub)} + pw);
        ctl("wallet create json", QStringList{QStringLiteral("wallet"), QStringLiteral("create"), QStringLiteral("--json")} + pw);
        ctl("wallet backup out", {QStringLiteral("wallet"), QStringLiteral("backup"), QStringLiteral("--out"), storeFile()});
        ctl("wallet show mnemonic", {QStringLiteral("wallet"), QStringLiteral("show"), QStringLiteral("--mnemonic"), QStringLiteral("--yes")});
        for (const char *sub : {"submit", "status"})
            ctl((std::string("devnet ") + sub).c_str(), {QStringLiteral("devnet"), QString::fromLatin1(sub), QStringLiteral("--url"),
                                                         QStringLiteral("ws://127.0.0.1:1")});
        QTest::newRow("idleforge-devnet") << QStringLiteral("idleforge-devnet")
                                          << QStringList{QStringLiteral("--key-store"), store, QStringLiteral("--print-key"), f};
        QTest::newRow("idleforge-devnet bad option") << QStringLiteral("idleforge-devnet") << QStringList{QStringLiteral("--bogus"), f};
        QTest::newRow("idleforge-worker") << QStringLiteral("idleforge-worker") << QStringList{f};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void cleanup()
    {
        QDir(home()).removeRecursively();
        QFile::remove(storeFile());
    }

    void helpRunsNothing_data() { rows("--help"); }
    void helpRunsNothing()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        QProcess *p = run(program, args);
        const QByteArray out = p->readAllStandardOutput();
        const QByteArray err = p->readAllStandardError();
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QVERIFY2(p->exitCode() == 0, err.constData());
        QVERIFY2(out.toLower().contains("usage"), out.constData());
        QVERIFY2(!out.contains("Recovery phrase") && !out.contains("stored in "), out.constData());
        QVERIFY2(madeFiles().isEmpty(), qPrintable(madeFiles().join(QLatin1Char(' '))));
    }

    void versionRunsNothing_data() { rows("--version"); }
    void versionRunsNothing()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        QProcess *p = run(program, args);
        const QByteArray out = p->readAllStandardOutput();
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        QVERIFY2(out.contains(IDLEFORGE_VERSION), out.constData());
        QVERIFY2(madeFiles().isEmpty(), qPrintable(madeFiles().join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(TestCtlHelp)
#include "TestCtlHelp.moc"
