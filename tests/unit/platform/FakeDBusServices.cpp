// Stand-ins for an MPRIS media player and for UPower, on whatever session bus the test runs
// under (with-test-env.sh's private one). Each line on stdin changes them:
//   play | pause | stop          the player's PlaybackStatus
//   battery | mains              UPower's OnBattery
//   quit
// "ready" on stdout once both names are on the bus.
#include <QCoreApplication>
#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
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
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QTextStream in(stdin);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        const QString line = in.readLine().trimmed();
        if (line == QLatin1String("play"))
            player->m_status = QStringLiteral("Playing");
        else if (line == QLatin1String("pause"))
            player->m_status = QStringLiteral("Paused");
        else if (line == QLatin1String("stop"))
            player->m_status = QStringLiteral("Stopped");
        else if (line == QLatin1String("battery"))
            upower.m_onBattery = true;
        else if (line == QLatin1String("mains"))
            upower.m_onBattery = false;
        else if (line == QLatin1String("quit") || in.atEnd())
            app.quit();
        std::printf("ok %s\n", qPrintable(line));
        std::fflush(stdout);
    });
    std::printf("ready\n");
    std::fflush(stdout);
    return app.exec();
}

#include "FakeDBusServices.moc"
