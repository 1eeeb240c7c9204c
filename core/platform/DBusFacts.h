#pragma once
// Facts the desktop tells over D-Bus: media players that play (MPRIS), the battery (UPower),
// and, where X11 cannot tell (Wayland), the input idle time and the lock screen (GNOME's
// Mutter IdleMonitor, the freedesktop ScreenSaver of KDE and others, logind's IdleHint). Every
// call is synchronous with a short timeout, for the facts collector's own thread; a service
// that is not there is "unknown", never an error. Buses are parameters so tests point them at a
// private bus with fake services.
#include <QDBusConnection>
#include <QStringList>

#include <optional>

namespace idleforge::platform {

inline constexpr int kDBusTimeoutMs = 250;

// Identities (or bus names) of the MPRIS players whose PlaybackStatus is "Playing".
QStringList playingMedia(const QDBusConnection &session);

// UPower's OnBattery (org.freedesktop.UPower on the system bus); nullopt without UPower.
std::optional<bool> upowerOnBattery(const QDBusConnection &system);

// Milliseconds since the last input from the compositor or session: Mutter's IdleMonitor,
// else org.freedesktop.ScreenSaver.GetSessionIdleTime; nullopt when neither answers.
std::optional<qint64> sessionIdleMs(const QDBusConnection &session);

// The lock screen is up (org.freedesktop.ScreenSaver or org.gnome.ScreenSaver GetActive).
std::optional<bool> screenLocked(const QDBusConnection &session);

// logind's IdleHint of this session, as an idle time: 0 when not idle, else since IdleSinceHint.
std::optional<qint64> logindIdleMs(const QDBusConnection &system, qint64 nowMs);

} // namespace idleforge::platform
