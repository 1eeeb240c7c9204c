// idleforgectl wallet end to end with the encrypted-file store (the keychain path is covered
// by TestKeychainStore and uses the same WalletVault): derive against the Solana Cookbook
// vector, create -> backup -> restore elsewhere -> same address and node id, import of the
// printed phrase gives the same address, typos and bad checksums named, derive stores nothing.
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kCtl = QStringLiteral(IDLEFORGE_BIN_DIR "/idleforgectl");
const QByteArray kWords = "neither lonely flavor argue grass remind eye tag avocado spot unusual intact";

struct Run {
    int code = -1;
    QByteArray out, err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};
} // namespace

class TestWalletCli : public QObject {
    Q_OBJECT
private:
    Run ctl(const QStringList &args, const QByteArray &stdinData = {}, const QString &home = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("IDLEFORGE_HOME"), home.isEmpty() ? m_dir.filePath(QStringLiteral("home")) : home);
        env.insert(QStringLiteral("IF_PW"), QStringLiteral("store password"));
        env.insert(QStringLiteral("IF_BPW"), QStringLiteral("backup password"));
        p.setProcessEnvironment(env);
        p.start(kCtl, QStringList{QStringLiteral("wallet")} + args);
        if (!p.waitForStarted())
            return {};
        p.write(stdinData);
        p.closeWriteChannel();
        p.waitForFinished(120000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

private Q_SLOTS:
    void deriveMatchesSolanaCookbook()
    {
        const Run r = ctl({QStringLiteral("derive"), QStringLiteral("--mnemonic-stdin"), QStringLiteral("--account"),
                           QStringLiteral("1"), QStringLiteral("--json")},
                          kWords + '\n');
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QLatin1String("address")).toString(), QStringLiteral("GcXbfQ5yY3uxCyBNDPBbR5FjumHf89E7YHXuULfGDBBv"));
        QCOMPARE(r.json().value(QLatin1String("path")).toString(), QStringLiteral("m/44'/501'/1'/0'"));
        QVERIFY(!QDir(m_dir.filePath(QStringLiteral("home"))).exists()); // stored nothing, not even a folder
    }

    void derivePassphraseFromSecondLine()
    {
        const Run a = ctl({QStringLiteral("derive"), QStringLiteral("--mnemonic-stdin"), QStringLiteral("--json")}, kWords + "\n");
        const Run b = ctl({QStringLiteral("derive"), QStringLiteral("--mnemonic-stdin"), QStringLiteral("--passphrase-stdin"),
                           QStringLiteral("--json")},
                          kWords + "\nextra words\n");
        QCOMPARE(b.code, 0);
        QVERIFY(a.json().value(QLatin1String("address")) != b.json().value(QLatin1String("address")));
    }

    void typoAndChecksumAreNamed()
    {
        Run r = ctl({QStringLiteral("derive"), QStringLiteral("--mnemonic-stdin")},
                    "neither lonely flavr argue grass remind eye tag avocado spot unusual intact\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("word 3 (\"flavr\")") && r.err.contains("flavor"), r.err.constData());
        r = ctl({QStringLiteral("derive"), QStringLiteral("--mnemonic-stdin")},
                "neither lonely flavor argue grass remind eye tag avocado spot intact unusual\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("checksum"), r.err.constData());
    }

    void createBackupRestoreImport()
    {
        const QString store = QStringLiteral("file:") + m_dir.filePath(QStringLiteral("w.sealed"));
        const QStringList pw{QStringLiteral("--password-env"), QStringLiteral("IF_PW")};
        const Run created = ctl(QStringList{QStringLiteral("create"), QStringLiteral("--store"), store, QStringLiteral("--json")} + pw);
        QVERIFY2(created.code == 0, created.err.constData());
        const QString address = created.json().value(QLatin1String("address")).toString();
        const QString nodeId = created.json().value(QLatin1String("nodeId")).toString();
        const QString phrase = created.json().value(QLatin1String("mnemonic")).toString();
        QCOMPARE(phrase.split(QLatin1Char(' ')).size(), 24);
        QVERIFY(address != nodeId); // the node identity is not the payout key

        QCOMPARE(ctl({QStringLiteral("address")}).out.trimmed(), address.toUtf8());
        // A second create refuses to overwrite.
        const Run again = ctl(QStringList{QStringLiteral("create"), QStringLiteral("--store"), store} + pw);
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains("wallet.exists"));

        const QString backup = m_dir.filePath(QStringLiteral("backup.sealed"));
        const Run b = ctl(QStringList{QStringLiteral("backup"), QStringLiteral("--out"), backup, QStringLiteral("--backup-password-env"),
                                      QStringLiteral("IF_BPW")} + pw);
        QVERIFY2(b.code == 0, b.err.constData());

        const QString home2 = m_dir.filePath(QStringLiteral("home2"));
        const QString store2 = QStringLiteral("file:") + m_dir.filePath(QStringLiteral("w2.sealed"));
        const Run wrong = ctl(QStringList{QStringLiteral("restore"), QStringLiteral("--in"), backup, QStringLiteral("--backup-password-env"),
                                          QStringLiteral("IF_PW"), QStringLiteral("--store"), store2} + pw, {}, home2);
        QCOMPARE(wrong.code, 1);
        QVERIFY2(wrong.err.contains("wrong password"), wrong.err.constData());
        const Run restored = ctl(QStringList{QStringLiteral("restore"), QStringLiteral("--in"), backup, QStringLiteral("--backup-password-env"),
                                             QStringLiteral("IF_BPW"), QStringLiteral("--store"), store2, QStringLiteral("--json")} + pw,
                                 {}, home2);
        QVERIFY2(restored.code == 0, restored.err.constData());
        QCOMPARE(restored.json().value(QLatin1String("address")).toString(), address);
        QCOMPARE(restored.json().value(QLatin1String("nodeId")).toString(), nodeId);

        const QString home3 = m_dir.filePath(QStringLiteral("home3"));
        const Run imported = ctl(QStringList{QStringLiteral("import"), QStringLiteral("--mnemonic-stdin"), QStringLiteral("--store"),
                                             QStringLiteral("file:") + m_dir.filePath(QStringLiteral("w3.sealed")), QStringLiteral("--json")} + pw,
                                 phrase.toUtf8() + '\n', home3);
        QVERIFY2(imported.code == 0, imported.err.constData());
        QCOMPARE(imported.json().value(QLatin1String("address")).toString(), address);
        QVERIFY(imported.json().value(QLatin1String("nodeId")).toString() != nodeId); // a fresh identity

        // Sign with the node key, verify with its id.
        const Run sig = ctl(QStringList{QStringLiteral("sign"), QStringLiteral("--message"), QStringLiteral("hello")} + pw);
        QCOMPARE(sig.code, 0);
        QCOMPARE(ctl({QStringLiteral("verify"), QStringLiteral("--address"), nodeId, QStringLiteral("--signature"),
                      QString::fromUtf8(sig.out.trimmed()), QStringLiteral("--message"), QStringLiteral("hello")}).code, 0);
        QCOMPARE(ctl({QStringLiteral("verify"), QStringLiteral("--address"), nodeId, QStringLiteral("--signature"),
                      QString::fromUtf8(sig.out.trimmed()), QStringLiteral("--message"), QStringLiteral("hellO")}).code, 1);

        // Showing the phrase needs confirmation; with it, it is the one printed at creation.
        QCOMPARE(ctl(QStringList{QStringLiteral("show"), QStringLiteral("--mnemonic")} + pw).code, 1);
        const Run shown = ctl(QStringList{QStringLiteral("show"), QStringLiteral("--mnemonic"), QStringLiteral("--yes"), QStringLiteral("--json")} + pw);
        QCOMPARE(shown.json().value(QLatin1String("mnemonic")).toString(), phrase);
    }

    void usageErrors()
    {
        QCOMPARE(ctl({}).code, 2);
        QCOMPARE(ctl({QStringLiteral("frobnicate")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("create"), QStringLiteral("--words"), QStringLiteral("13")}).code, 1);
        QCOMPARE(ctl({QStringLiteral("address")}, {}, m_dir.filePath(QStringLiteral("empty-home"))).code, 1);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestWalletCli)
#include "TestWalletCli.moc"
