// D-Bus facts against fake services on the private session bus of with-test-env.sh: an MPRIS
// player that plays, pauses and stops, and UPower on battery and on mains (a second process,
// fake-dbus-services). Without the services every fact is unknown or empty. And DBusWatch,
// which keeps those facts from the services' change signals and asks only when one comes. The
// bus must be there: a test without one fails.
#include "platform/DBusFacts.h"
#include "platform/DBusWatch.h"

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

    // DBusWatch asks once, then only after a change signal (PropertiesChanged, NameOwnerChanged,
    // ActiveChanged), a burst of them being one read. Last: it puts a ScreenSaver on the bus.
    void watchAsksOnlyWhenASignalSaysSo()
    {
        const QDBusConnection bus = QDBusConnection::sessionBus();
        DBusWatch watch(bus, bus); // the fake UPower lives on the session bus
        QCOMPARE(watch.reads(), 1);
        QCOMPARE(watch.mediaPlaying(), QStringList());
        QCOMPARE(watch.onBattery(), std::optional<bool>(false));
        QCOMPARE(watch.screenLocked(), std::nullopt);
        QTest::qWait(1500); // nothing changed: nothing asked (the collector used to ask every second)
        QCOMPARE(watch.reads(), 1);
        QVERIFY(say("play"));
        QTRY_COMPARE_WITH_TIMEOUT(watch.mediaPlaying(), QStringList{QStringLiteral("Fake Player")}, 5000);
        QTest::qWait(2 * DBusWatch::kCoalesceMs);
        const int afterPlay = watch.reads();
        QVERIFY(say("pause") && say("play") && say("pause")); // a burst
        QTRY_COMPARE_WITH_TIMEOUT(watch.mediaPlaying(), QStringList(), 5000);
        QTest::qWait(2 * DBusWatch::kCoalesceMs);
        QVERIFY2(watch.reads() - afterPlay <= 2, qPrintable(QString::number(watch.reads() - afterPlay)));
        QVERIFY(say("battery"));
        QTRY_COMPARE_WITH_TIMEOUT(watch.onBattery(), std::optional<bool>(true), 5000);
        QVERIFY(say("mains"));
        QTRY_COMPARE_WITH_TIMEOUT(watch.onBattery(), std::optional<bool>(false), 5000);
        QVERIFY(say("play"));
        QTRY_COMPARE_WITH_TIMEOUT(watch.mediaPlaying(), QStringList{QStringLiteral("Fake Player")}, 5000);
        QVERIFY(say("leave")); // the player quits: its name goes
        QTRY_COMPARE_WITH_TIMEOUT(watch.mediaPlaying(), QStringList(), 5000);
        QVERIFY(say("join"));
        QTRY_COMPARE_WITH_TIMEOUT(watch.mediaPlaying(), QStringList{QStringLiteral("Fake Player")}, 5000);
        QVERIFY(say("pause"));
        QVERIFY(say("lock"));
        QTRY_COMPARE_WITH_TIMEOUT(watch.screenLocked(), std::optional<bool>(true), 5000);
        QVERIFY(say("unlock"));
        QTRY_COMPARE_WITH_TIMEOUT(watch.screenLocked(), std::optional<bool>(false), 5000);
        QCOMPARE(watch.mediaPlaying(), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestDBusFacts)
#include "TestDBusFacts.moc"
