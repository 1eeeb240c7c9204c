#pragma once
// The X11 session's facts: the user's input idle time (the MIT-SCREEN-SAVER extension's
// XScreenSaverQueryInfo) and whether the active window is fullscreen (_NET_ACTIVE_WINDOW and
// its _NET_WM_STATE, as EWMH window managers keep them). libX11 and libXss are loaded at run
// time (dlopen), like NVML: a machine without them, or without a display, simply has no X11
// facts, and nothing of X is linked into the app. One display connection, opened by open().
#include <QString>

#include <memory>
#include <optional>

namespace idleforge::platform {

class X11Session {
public:
    // nullptr when the libraries or the display are not there (`display` empty: $DISPLAY).
    static std::unique_ptr<X11Session> open(const QString &display = {});
    ~X11Session();
    X11Session(const X11Session &) = delete;
    X11Session &operator=(const X11Session &) = delete;

    // Milliseconds since the last input; nullopt without the screen saver extension.
    std::optional<qint64> inputIdleMs();
    // The active window is fullscreen; nullopt without an EWMH window manager (neither
    // _NET_ACTIVE_WINDOW nor _NET_SUPPORTING_WM_CHECK on the root window).
    std::optional<bool> activeWindowFullscreen();

    struct Api; // the dlopen'ed entry points

private:
    X11Session() = default;
    unsigned long atom(const char *name);
    std::optional<QList<unsigned long>> windowProperty(unsigned long window, unsigned long property, unsigned long type);

    std::unique_ptr<Api> m_api;
    void *m_display = nullptr;
    bool m_hasScreenSaver = false;
};

} // namespace idleforge::platform
