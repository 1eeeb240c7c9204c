// Stand-ins for an MPRIS media player and for UPower, on whatever session bus the test runs
// under (with-test-env.sh's private one). Each line on stdin changes them:
//   play | pause | stop          the player's PlaybackStatus
//   battery | mains              UPower's OnBattery
//   leave | join                 the player's bus name goes and comes back
//   lock | unlock                the freedesktop ScreenSaver's GetActive (on the bus from the first lock)
//   quit
// Each change is announced as real services do: PropertiesChanged, NameOwnerChanged (by the bus),
// ActiveChanged.
// "ready" on stdout once both names are on the bus.
#include <QCoreApplication>
#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QObject>
#include <QSocketNotifier>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

// One object path, two MPRIS interfaces: one adaptor each.
class Player : public QDBusAbstractAdaptor {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mpris.MediaPlayer2.Player")
    Q_PROPERTY(QString PlaybackStatus READ status)
public:
    explicit Player(QObject *parent) : QDBusAbstractAdaptor(parent) {}
    QString status() const { return m_status; }
    QString m_status = QStringLiteral("Stopped");
};

class Root : public QDBusAbstractAdaptor {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mpris.MediaPlayer2")
    Q_PROPERTY(QString Identity READ identity)
public:
    explicit Root(QObject *parent) : QDBusAbstractAdaptor(parent) {}
    QString identity() const { return QStringLiteral("Fake Player"); }
};

class UPower : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.UPower")
    Q_PROPERTY(bool OnBattery READ onBattery)
public:
    bool onBattery() const { return m_onBattery; }
    bool m_onBattery = false;
};

class ScreenSaver : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.ScreenSaver")
public:
    Q_SCRIPTABLE bool GetActive() const { return m_active; }
    bool m_active = false;
Q_SIGNALS:
    Q_SCRIPTABLE void ActiveChanged(bool active);
};

namespace {
void announce(QDBusConnection &bus, const QString &path, const QString &iface, const QString &property, const QVariant &value)
{
    QDBusMessage m = QDBusMessage::createSignal(path, QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("PropertiesChanged"));
    m << iface << QVariantMap{{property, value}} << QStringList();
    bus.send(m);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QDBusConnection bus = QDBusConnection::sessionBus();
    QObject mpris;
    auto *player = new Player(&mpris);
    new Root(&mpris);
    UPower upower;
    const auto props = QDBusConnection::ExportAllProperties;
    if (!bus.registerObject(QStringLiteral("/org/mpris/MediaPlayer2"), &mpris, QDBusConnection::ExportAdaptors) ||
        !bus.registerService(QStringLiteral("org.mpris.MediaPlayer2.fake")) ||
        !bus.registerObject(QStringLiteral("/org/freedesktop/UPower"), &upower, props) ||
        !bus.registerService(QStringLiteral("org.freedesktop.UPower"))) {
        std::fprintf(stderr, "fake-dbus-services: cannot register on the session bus\n");
        return 1;
    }
    ScreenSaver screenSaver;
    bool screenSaverUp = false;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QTextStream in(stdin);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        const QString line = in.readLine().trimmed();
        const QString mprisPath = QStringLiteral("/org/mpris/MediaPlayer2");
        const QString playerIface = QStringLiteral("org.mpris.MediaPlayer2.Player");
        const QString upowerPath = QStringLiteral("/org/freedesktop/UPower");
        if (line == QLatin1String("play") || line == QLatin1String("pause") || line == QLatin1String("stop")) {
            player->m_status = line == QLatin1String("play") ? QStringLiteral("Playing")
                               : line == QLatin1String("pause") ? QStringLiteral("Paused") : QStringLiteral("Stopped");
            announce(bus, mprisPath, playerIface, QStringLiteral("PlaybackStatus"), player->m_status);
        } else if (line == QLatin1String("battery") || line == QLatin1String("mains")) {
            upower.m_onBattery = line == QLatin1String("battery");
            announce(bus, upowerPath, QStringLiteral("org.freedesktop.UPower"), QStringLiteral("OnBattery"), upower.m_onBattery);
        } else if (line == QLatin1String("leave")) {
            bus.unregisterService(QStringLiteral("org.mpris.MediaPlayer2.fake"));
        } else if (line == QLatin1String("join")) {
            bus.registerService(QStringLiteral("org.mpris.MediaPlayer2.fake"));
        } else if (line == QLatin1String("lock") || line == QLatin1String("unlock")) {
            if (!screenSaverUp) {
                screenSaverUp = bus.registerObject(QStringLiteral("/ScreenSaver"), &screenSaver, QDBusConnection::ExportScriptableContents) &&
                                bus.registerService(QStringLiteral("org.freedesktop.ScreenSaver"));
            }
            screenSaver.m_active = line == QLatin1String("lock");
            Q_EMIT screenSaver.ActiveChanged(screenSaver.m_active);
        } else if (line == QLatin1String("quit") || in.atEnd()) {
            app.quit();
        }
        std::printf("ok %s\n", qPrintable(line));
        std::fflush(stdout);
    });
    std::printf("ready\n");
    std::fflush(stdout);
    return app.exec();
}

#include "FakeDBusServices.moc"
