// The process boundaries of DESIGN.md, checked on the built binaries with ldd: only the worker
// loads libtorch; the node and the command line stay light.
#include <QProcess>
#include <QTest>

class TestLinkBoundaries : public QObject {
    Q_OBJECT

    static QString ldd(const QString &binary)
    {
        QProcess p;
        p.start(QStringLiteral("ldd"), {binary});
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            return {};
        return QString::fromLocal8Bit(p.readAllStandardOutput());
    }

private Q_SLOTS:
    void onlyTheWorkerLoadsTorch_data()
    {
        QTest::addColumn<QString>("binary");
        QTest::addColumn<bool>("mayLoadTorch");
        QTest::addColumn<bool>("mayLoadGui");
        QTest::newRow("idleforge-worker") << QStringLiteral("idleforge-worker") << true << false;
        QTest::newRow("idleforgectl") << QStringLiteral("idleforgectl") << false << false;
        QTest::newRow("idleforge") << QStringLiteral("idleforge") << false << true;
    }
    void onlyTheWorkerLoadsTorch()
    {
        QFETCH(QString, binary);
        QFETCH(bool, mayLoadTorch);
        QFETCH(bool, mayLoadGui);
        const QString path = QStringLiteral(IDLEFORGE_BIN_DIR "/") + binary;
        const QString libs = ldd(path);
        QVERIFY2(!libs.isEmpty(), qPrintable(QStringLiteral("ldd failed on ") + path));
        QCOMPARE(libs.contains(QLatin1String("libtorch")), mayLoadTorch);
        if (!mayLoadGui) {
            QVERIFY2(!libs.contains(QLatin1String("libQt6Gui")), qPrintable(binary + QStringLiteral(" loads QtGui")));
            QVERIFY2(!libs.contains(QLatin1String("libQt6Quick")), qPrintable(binary + QStringLiteral(" loads QtQuick")));
        }
    }
};

QTEST_GUILESS_MAIN(TestLinkBoundaries)
#include "TestLinkBoundaries.moc"
