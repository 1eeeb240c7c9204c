// TLS through the binaries: idleforge-devnet --tls-cert/--tls-key with a throw-away self-signed
// certificate, and idleforgectl devnet status --url wss://... with and without --ca. An unusable
// certificate stops idleforge-devnet at start with an error naming the file. Qt only: the
// in-process side of the same checks is TestDevnetTls.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString bin(const char *name)
{
    return QStringLiteral(IDLEFORGE_BIN_DIR "/") + QLatin1String(name);
}

} // namespace

class TestDevnetTlsProcess : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString cert, key;
    QProcess devnet;
    quint16 port = 0;

    QStringList devnetArgs(const QString &certFile, const QString &keyFile) const
    {
        QStringList args{QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("devnet")),
                         QStringLiteral("--key-store"), QStringLiteral("file:") + dir.filePath(QStringLiteral("coordinator.key")),
                         QStringLiteral("--password-env"), QStringLiteral("DEVNET_TLS_TEST_PASSWORD"),
                         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--blob-port"), QStringLiteral("0"),
                         QStringLiteral("--port-file"), dir.filePath(QStringLiteral("ports"))};
        if (!certFile.isEmpty())
            args << QStringLiteral("--tls-cert") << certFile;
        if (!keyFile.isEmpty())
            args << QStringLiteral("--tls-key") << keyFile;
        return args;
    }

    static QProcessEnvironment environment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DEVNET_TLS_TEST_PASSWORD"), QStringLiteral("tls test password"));
        return env;
    }

    // Runs a command to its end: exit code (-1 if it did not finish) and stdout + stderr.
    static int run(const QString &program, const QStringList &args, QByteArray *out)
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForFinished(60'000)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        *out = p.readAll();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    int status(const QStringList &extra, QByteArray *out) const
    {
        return run(bin("idleforgectl"), QStringList{QStringLiteral("devnet"), QStringLiteral("status")} + extra, out);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty(),
                 "openssl is needed to make the test certificate (installer/install-deps.sh installs it)");
        cert = dir.filePath(QStringLiteral("cert.pem"));
        key = dir.filePath(QStringLiteral("key.pem"));
        QByteArray out;
        const int rc = run(QStringLiteral("openssl"),
                           {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                            QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"), key,
                            QStringLiteral("-out"), cert},
                           &out);
        QVERIFY2(rc == 0, out.constData());
    }

    void unusableCertificateStopsTheStart()
    {
        QByteArray out;
        const QString missing = dir.filePath(QStringLiteral("missing-cert.pem"));
        QVERIFY(run(bin("idleforge-devnet"), devnetArgs(missing, key), &out) > 0);
        QVERIFY2(out.contains("tls.cert") && out.contains(missing.toUtf8()), out.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("ports"))));

        QFile garbage(dir.filePath(QStringLiteral("garbage-key.pem")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("-----BEGIN PRIVATE KEY-----\nZ2FyYmFnZQ==\n-----END PRIVATE KEY-----\n");
        garbage.close();
        QVERIFY(run(bin("idleforge-devnet"), devnetArgs(cert, garbage.fileName()), &out) > 0);
        QVERIFY2(out.contains("tls.key") && out.contains(garbage.fileName().toUtf8()), out.constData());

        QCOMPARE(run(bin("idleforge-devnet"), devnetArgs(cert, QString()), &out), 2); // --tls-cert alone
        QVERIFY2(out.contains("--tls-key"), out.constData());
    }

    void ctlTalksWssWithTheCaOnly()
    {
        const QString portFile = dir.filePath(QStringLiteral("ports"));
        devnet.setProcessEnvironment(environment());
        devnet.setProcessChannelMode(QProcess::SeparateChannels);
        devnet.start(bin("idleforge-devnet"), devnetArgs(cert, key));
        QVERIFY(devnet.waitForStarted(10'000));
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(portFile) || devnet.state() == QProcess::NotRunning; }, 60'000));
        QVERIFY2(devnet.state() == QProcess::Running, devnet.readAllStandardError().constData());
        QFile f(portFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        port = quint16(f.readAll().split(' ').first().toUInt());
        QVERIFY(port != 0);
        QVERIFY(QTest::qWaitFor([&] { return devnet.canReadLine(); }, 10'000));
        const QByteArray summary = devnet.readLine();
        QVERIFY2(summary.contains("listening on wss://127.0.0.1:") && summary.contains("(blobs https://127.0.0.1:"),
                 summary.constData());

        const QString wss = QStringLiteral("wss://127.0.0.1:%1").arg(port);
        QByteArray out;
        QCOMPARE(status({QStringLiteral("--url"), wss, QStringLiteral("--ca"), cert, QStringLiteral("--json")}, &out), 0);
        QVERIFY2(out.contains("\"providers\""), out.constData());

        QCOMPARE(status({QStringLiteral("--url"), wss}, &out), 1);
        QVERIFY2(out.contains("certificate"), out.constData());

        QCOMPARE(status({QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1").arg(port)}, &out), 1);
        QVERIFY2(out.contains("cannot reach"), out.constData());

        QVERIFY(status({QStringLiteral("--url"), wss, QStringLiteral("--ca"), dir.filePath(QStringLiteral("nope.pem"))}, &out) != 0);
        QVERIFY2(out.contains("tls.ca") && out.contains("nope.pem"), out.constData());
    }

    void cleanupTestCase()
    {
        if (devnet.state() != QProcess::NotRunning) {
            devnet.kill();
            devnet.waitForFinished(10'000);
        }
    }
};

QTEST_GUILESS_MAIN(TestDevnetTlsProcess)
#include "TestDevnetTlsProcess.moc"
