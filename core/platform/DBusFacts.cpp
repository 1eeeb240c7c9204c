#include "platform/DBusFacts.h"

#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>

namespace idleforge::platform {

namespace {
const QString kProps = QStringLiteral("org.freedesktop.DBus.Properties");

std::optional<QVariant> property(const QDBusConnection &bus, const QString &service, const QString &path, const QString &iface,
                                 const QString &name)
{
    QDBusMessage call = QDBusMessage::createMethodCall(service, path, kProps, QStringLiteral("Get"));
    call << iface << name;
    const QDBusMessage reply = bus.call(call, QDBus::Block, kDBusTimeoutMs);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return std::nullopt;
    return reply.arguments().first().value<QDBusVariant>().variant();
}

template <typename T>
std::optional<T> callFor(const QDBusConnection &bus, const QString &service, const QString &path, const QString &iface,
                         const QString &method)
{
    const QDBusMessage reply = bus.call(QDBusMessage::createMethodCall(service, path, iface, method), QDBus::Block, kDBusTimeoutMs);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return std::nullopt;
    const QVariant v = reply.arguments().first();
    if (!v.canConvert<T>())
        return std::nullopt;
    return v.value<T>();
}
} // namespace

QStringList playingMedia(const QDBusConnection &session)
{
    QStringList playing;
    if (!session.isConnected() || !session.interface())
        return playing;
    const QDBusReply<QStringList> names = session.interface()->registeredServiceNames();
    if (!names.isValid())
        return playing;
    for (const QString &name : names.value()) {
        if (!name.startsWith(QLatin1String("org.mpris.MediaPlayer2.")))
            continue;
        const QString path = QStringLiteral("/org/mpris/MediaPlayer2");
        const auto status = property(session, name, path, QStringLiteral("org.mpris.MediaPlayer2.Player"), QStringLiteral("PlaybackStatus"));
        if (!status || status->toString() != QLatin1String("Playing"))
            continue;
        const auto identity = property(session, name, path, QStringLiteral("org.mpris.MediaPlayer2"), QStringLiteral("Identity"));
        const QString shown = identity && !identity->toString().isEmpty() ? identity->toString() : name.mid(23);
        if (!playing.contains(shown))
            playing << shown;
    }
    return playing;
}

std::optional<bool> upowerOnBattery(const QDBusConnection &system)
{
    const auto v = property(system, QStringLiteral("org.freedesktop.UPower"), QStringLiteral("/org/freedesktop/UPower"),
                            QStringLiteral("org.freedesktop.UPower"), QStringLiteral("OnBattery"));
    if (!v)
        return std::nullopt;
    return v->toBool();
}

std::optional<qint64> sessionIdleMs(const QDBusConnection &session)
{
    if (auto t = callFor<qulonglong>(session, QStringLiteral("org.gnome.Mutter.IdleMonitor"), QStringLiteral("/org/gnome/Mutter/IdleMonitor/Core"),
                                     QStringLiteral("org.gnome.Mutter.IdleMonitor"), QStringLiteral("GetIdletime")))
        return qint64(*t);
    // KDE and others: milliseconds, as Plasma's implementation returns them.
    if (auto t = callFor<uint>(session, QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("/ScreenSaver"),
                               QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("GetSessionIdleTime")))
        return qint64(*t);
    return std::nullopt;
}

std::optional<bool> screenLocked(const QDBusConnection &session)
{
    for (const auto &[service, path, iface] :
         {std::tuple{QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("/ScreenSaver"), QStringLiteral("org.freedesktop.ScreenSaver")},
          std::tuple{QStringLiteral("org.gnome.ScreenSaver"), QStringLiteral("/org/gnome/ScreenSaver"), QStringLiteral("org.gnome.ScreenSaver")}})
        if (auto active = callFor<bool>(session, service, path, iface, QStringLiteral("GetActive")))
            return active;
    return std::nullopt;
}

std::optional<qint64> logindIdleMs(const QDBusConnection &system, qint64 nowMs)
{
    const QString login = QStringLiteral("org.freedesktop.login1");
    const QString session = QStringLiteral("/org/freedesktop/login1/session/auto"); // the caller's own session
    const QString iface = QStringLiteral("org.freedesktop.login1.Session");
    const auto hint = property(system, login, session, iface, QStringLiteral("IdleHint"));
    if (!hint)
        return std::nullopt;
    if (!hint->toBool())
        return 0;
    const auto since = property(system, login, session, iface, QStringLiteral("IdleSinceHint")); // microseconds, realtime
    if (!since)
        return std::nullopt;
    return std::max<qint64>(0, nowMs - qint64(since->toULongLong() / 1000));
}

} // namespace idleforge::platform
