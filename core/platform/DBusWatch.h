#pragma once
// The D-Bus facts that change rarely, kept from change signals instead of asked every second
// (issue 14's cost goal): the MPRIS players that play, UPower's OnBattery, the lock screen. It
// asks once when made, then again only when a signal says something changed: a player coming
// or going (NameOwnerChanged of an org.mpris.MediaPlayer2.* name), PropertiesChanged of a
// player (/org/mpris/MediaPlayer2) or of UPower, ActiveChanged of the freedesktop or GNOME
// screen saver. A burst of signals (a player announcing a new track) is one re-read,
// kCoalesceMs after the first; and every kResyncMs it asks anyway, for a player that changes
// without saying so. Signals arrive through the event loop of the thread it lives in (the facts
// thread). Buses are parameters: tests use the private session bus for both.
#include "platform/DBusFacts.h"

#include <QDBusMessage>
#include <QObject>

class QTimer;

namespace idleforge::platform {

class DBusWatch : public QObject {
    Q_OBJECT
public:
    DBusWatch(const QDBusConnection &session, const QDBusConnection &system, QObject *parent = nullptr);

    QStringList mediaPlaying() const { return m_media; }
    std::optional<bool> onBattery() const { return m_onBattery; }
    std::optional<bool> screenLocked() const { return m_locked; }
    // How often it has asked the buses (the first time included): for tests.
    int reads() const { return m_reads; }

    static constexpr int kCoalesceMs = 250;
    static constexpr int kResyncMs = 30'000;

private Q_SLOTS:
    void onNameOwnerChanged(const QDBusMessage &message);
    void onChanged(const QDBusMessage &message);

private:
    void read();

    QDBusConnection m_session;
    QDBusConnection m_system;
    QTimer *m_coalesce;
    QTimer *m_resync;
    QStringList m_media;
    std::optional<bool> m_onBattery;
    std::optional<bool> m_locked;
    int m_reads = 0;
};

} // namespace idleforge::platform
