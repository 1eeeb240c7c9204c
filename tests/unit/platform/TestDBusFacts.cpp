// D-Bus facts against fake services on the private session bus of with-test-env.sh: an MPRIS
// player that plays, pauses and stops, and UPower on battery and on mains (a second process,
// fake-dbus-services). Without the services every fact is unknown or empty. The bus must be
// there: a test without one fails.
#include "platform/DBusFacts.h"

#include <QProcess>
#include <QTest>

using namespace idleforge::platform;

class TestDBusFacts : public QObject {
    Q_OBJECT
    QProcess m_fake;

    bool say(const QByteArray &command)
    {
        m_fake.write(command + '\n');
        return QTest::qWaitFor([&] { return m_fake.canReadLine() && m_fake.readLine().startsWith(QByteArray(QByteArray("ok ") + command)); }, 5000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QDBusConnection::sessionBus().isConnected(), "no session bus (run under tests/with-test-env.sh)");
        QCOMPARE(playingMedia(QDBusConnection::sessionBus()), QStringList());
        QCOMPARE(upowerOnBattery(QDBusConnection::sessionBus()), std::nullopt);
        m_fake.start(QStringLiteral(FAKE_DBUS_SERVICES), {});
        QVERIFY(m_fake.waitForStarted());
        QVERIFY2(QTest::qWaitFor([&] { return m_fake.canReadLine() && m_fake.readLine().startsWith("ready"); }, 10000),
                 m_fake.readAllStandardError().constData());
    }

    void cleanupTestCase()
    {
        m_fake.write("quit\n");
        if (!m_fake.waitForFinished(3000))
            m_fake.kill();
    }

    void mediaPlayingFollowsThePlayer()
    {
        const QDBusConnection bus = QDBusConnection::sessionBus();
        QCOMPARE(playingMedia(bus), QStringList());
        QVERIFY(say("play"));
        QCOMPARE(playingMedia(bus), QStringList{QStringLiteral("Fake Player")});
        QVERIFY(say("pause"));
        QCOMPARE(playingMedia(bus), QStringList());
    }

    void batteryFollowsUPower()
    {
        const QDBusConnection bus = QDBusConnection::sessionBus(); // the fake UPower lives on the session bus
        QCOMPARE(upowerOnBattery(bus), std::optional<bool>(false));
        QVERIFY(say("battery"));
        QCOMPARE(upowerOnBattery(bus), std::optional<bool>(true));
        QVERIFY(say("mains"));
        QCOMPARE(upowerOnBattery(bus), std::optional<bool>(false));
    }

    void absentServicesAreUnknown()
    {
        const QDBusConnection bus = QDBusConnection::sessionBus();
        QCOMPARE(sessionIdleMs(bus), std::nullopt); // no Mutter, no freedesktop ScreenSaver here
        QCOMPARE(screenLocked(bus), std::nullopt);
        QCOMPARE(logindIdleMs(bus, 0), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestDBusFacts)
#include "TestDBusFacts.moc"
