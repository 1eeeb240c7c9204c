// readAtMost: the bound is on bytes read, not on the size a device reports.
#include "base/BoundedRead.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifndef Q_OS_WIN
#include <sys/stat.h>
#endif

using namespace idleforge;

class TestBoundedRead : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void upToTheLimitIsRead_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("limit");
        QTest::addColumn<bool>("ok");
        QTest::newRow("empty") << 0 << 10 << true;
        QTest::newRow("under") << 9 << 10 << true;
        QTest::newRow("exactly") << 10 << 10 << true;
        QTest::newRow("one over") << 11 << 10 << false;
        QTest::newRow("many chunks") << 300'000 << 300'000 << true;
        QTest::newRow("many chunks, one over") << 300'001 << 300'000 << false;
    }
    void upToTheLimitIsRead()
    {
        QFETCH(int, size);
        QFETCH(int, limit);
        QFETCH(bool, ok);
        QByteArray data(size, 'x');
        for (int i = 0; i < size; ++i)
            data[i] = char(i * 7);
        QBuffer buffer(&data);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        const auto r = readAtMost(buffer, limit);
        QCOMPARE(r.ok(), ok);
        if (ok)
            QCOMPARE(*r, data);
        else
            QCOMPARE(r.error().code, QStringLiteral("io.too_large"));
    }

    void devZeroReportsNoSizeAndIsStillBounded()
    {
        QFile zero(QStringLiteral("/dev/zero"));
        if (!zero.open(QIODevice::ReadOnly))
            QSKIP("no /dev/zero here");
        QCOMPARE(zero.size(), qint64(0));
        const auto r = readAtMost(zero, 1 << 20);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("io.too_large"));
        QCOMPARE(r.error().message, QStringLiteral("more than 1 MiB"));
    }

    // The app's own files: a regular file opens; a FIFO of that name is refused at once (QFile::open
    // would wait for a writer), and so is a folder; a missing file is an open failure.
    void onlyRegularFilesOpen()
    {
        QTemporaryDir dir;
        QFile regular(dir.filePath(QStringLiteral("regular")));
        QVERIFY(regular.open(QIODevice::WriteOnly));
        regular.write("abc");
        regular.close();
        QFile again(regular.fileName());
        QVERIFY(openRegularFile(again).ok());
        QCOMPARE(*readAtMost(again, 10), QByteArray("abc"));

        QFile folder(dir.path());
        QCOMPARE(openRegularFile(folder).error().code, QStringLiteral("io.not_regular"));
        QFile missing(dir.filePath(QStringLiteral("missing")));
        QCOMPARE(openRegularFile(missing).error().code, QStringLiteral("io.open_failed"));
#ifndef Q_OS_WIN
        const QString fifoPath = dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifoPath).constData(), 0600), 0);
        QFile fifo(fifoPath);
        const auto r = openRegularFile(fifo);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("io.not_regular"));
        QVERIFY(!fifo.isOpen());
#endif
    }

    void limitText()
    {
        QCOMPARE(byteLimitText(16 << 20), QStringLiteral("16 MiB"));
        QCOMPARE(byteLimitText(4096), QStringLiteral("4 KiB"));
        QCOMPARE(byteLimitText(1000), QStringLiteral("1000 bytes"));
    }
};

QTEST_GUILESS_MAIN(TestBoundedRead)
#include "TestBoundedRead.moc"
