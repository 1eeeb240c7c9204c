#include "platform/DBusWatch.h"

#include <QTimer>

namespace idleforge::platform {

namespace {
const QString kDBus = QStringLiteral("org.freedesktop.DBus");
const QString kProps = QStringLiteral("org.freedesktop.DBus.Properties");
const QString kChanged = QStringLiteral("PropertiesChanged");
} // namespace

DBusWatch::DBusWatch(const QDBusConnection &session, const QDBusConnection &system, QObject *parent)
    : QObject(parent), m_session(session), m_system(system), m_coalesce(new QTimer(this)), m_resync(new QTimer(this))
{
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(kCoalesceMs);
    connect(m_coalesce, &QTimer::timeout, this, &DBusWatch::read);
    connect(m_resync, &QTimer::timeout, this, &DBusWatch::read);
    // Subscribed before the first read, so a change between the two is not lost.
    if (m_session.isConnected()) {
        m_session.connect(kDBus, QStringLiteral("/org/freedesktop/DBus"), kDBus, QStringLiteral("NameOwnerChanged"), this,
                          SLOT(onNameOwnerChanged(QDBusMessage)));
        // Any sender: every player uses this one path.
        m_session.connect(QString(), QStringLiteral("/org/mpris/MediaPlayer2"), kProps, kChanged, this, SLOT(onChanged(QDBusMessage)));
        for (const auto &[service, path] : {std::pair{QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("/ScreenSaver")},
                                            std::pair{QStringLiteral("org.gnome.ScreenSaver"), QStringLiteral("/org/gnome/ScreenSaver")}})
            m_session.connect(service, path, service, QStringLiteral("ActiveChanged"), this, SLOT(onChanged(QDBusMessage)));
    }
    if (m_system.isConnected())
        m_system.connect(QStringLiteral("org.freedesktop.UPower"), QStringLiteral("/org/freedesktop/UPower"), kProps, kChanged, this,
                         SLOT(onChanged(QDBusMessage)));
    read();
    m_resync->start(kResyncMs);
}

void DBusWatch::onNameOwnerChanged(const QDBusMessage &message)
{
    // Every client that connects to the bus is a NameOwnerChanged; only players matter here.
    if (message.arguments().value(0).toString().startsWith(QLatin1String("org.mpris.MediaPlayer2.")))
        onChanged(message);
}

void DBusWatch::onChanged(const QDBusMessage &)
{
    if (!m_coalesce->isActive())
        m_coalesce->start();
}

void DBusWatch::read()
{
    ++m_reads;
    m_media = platform::playingMedia(m_session);
    m_onBattery = platform::upowerOnBattery(m_system);
    m_locked = platform::screenLocked(m_session);
    m_resync->start(kResyncMs); // a whole interval after any read
}

} // namespace idleforge::platform
