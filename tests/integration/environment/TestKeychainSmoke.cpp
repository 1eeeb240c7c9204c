// Write, read back and delete a secret through QtKeychain in the real OS keychain. Fails (does
// not skip) when no Secret Service is reachable: CI must provide one.
#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace QKeychain;

class TestKeychainSmoke : public QObject {
    Q_OBJECT

    const QString m_service = QStringLiteral("IdleForge-test");
    const QString m_key = QStringLiteral("smoke-") + QUuid::createUuid().toString(QUuid::WithoutBraces);

    static void runJob(Job &job)
    {
        job.setAutoDelete(false);
        QSignalSpy done(&job, &Job::finished);
        job.start();
        QVERIFY(done.wait(20000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(),
                 "no D-Bus session: run under dbus-run-session with gnome-keyring (tests/run-tests.sh)");
    }

    void writeReadDelete()
    {
        const QByteArray secret = QByteArray("\x00\x01 not a real key \xff", 20);
        WritePasswordJob write(m_service);
        write.setInsecureFallback(false);
        write.setKey(m_key);
        write.setBinaryData(secret);
        runJob(write);
        QVERIFY2(write.error() == NoError, qPrintable(write.errorString()));

        ReadPasswordJob read(m_service);
        read.setKey(m_key);
        runJob(read);
        QVERIFY2(read.error() == NoError, qPrintable(read.errorString()));
        QCOMPARE(read.binaryData(), secret);

        DeletePasswordJob del(m_service);
        del.setKey(m_key);
        runJob(del);
        QVERIFY2(del.error() == NoError, qPrintable(del.errorString()));

        ReadPasswordJob again(m_service);
        again.setKey(m_key);
        runJob(again);
        QCOMPARE(again.error(), EntryNotFound);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSmoke)
#include "TestKeychainSmoke.moc"
