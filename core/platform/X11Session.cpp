#include "platform/X11Session.h"

#include <QList>

#include <dlfcn.h>

namespace idleforge::platform {

namespace {
// The few Xlib and Xss types used, as their ABI has been since X11R6 (no headers needed).
using Display = void;
using Window = unsigned long;
using Atom = unsigned long;
struct XScreenSaverInfo {
    Window window;
    int state;
    int kind;
    unsigned long til_or_since;
    unsigned long idle;
    unsigned long eventMask;
};
constexpr Atom kXaAtom = 4;
constexpr Atom kXaWindow = 33;
constexpr int kSuccess = 0;

// Xlib's default error handler exits the process; a window that is gone between two requests
// (the active one just closed) is an ordinary event here. Only this file uses Xlib.
thread_local bool g_xError = false;
int ignoreXError(void *, void *)
{
    g_xError = true;
    return 0;
}

template <typename F>
bool load(void *lib, const char *name, F &slot)
{
    slot = reinterpret_cast<F>(::dlsym(lib, name));
    return slot != nullptr;
}
} // namespace

struct X11Session::Api {
    void *x11 = nullptr, *xss = nullptr;
    Display *(*openDisplay)(const char *) = nullptr;
    int (*closeDisplay)(Display *) = nullptr;
    Window (*defaultRootWindow)(Display *) = nullptr;
    Atom (*internAtom)(Display *, const char *, int) = nullptr;
    int (*getWindowProperty)(Display *, Window, Atom, long, long, int, Atom, Atom *, int *, unsigned long *, unsigned long *,
                             unsigned char **) = nullptr;
    int (*free)(void *) = nullptr;
    int (*(*setErrorHandler)(int (*)(void *, void *)))(void *, void *) = nullptr;
    int (*queryExtension)(Display *, int *, int *) = nullptr;
    XScreenSaverInfo *(*allocInfo)() = nullptr;
    int (*queryInfo)(Display *, Window, XScreenSaverInfo *) = nullptr;

    ~Api()
    {
        if (xss)
            ::dlclose(xss);
        if (x11)
            ::dlclose(x11);
    }
};

std::unique_ptr<X11Session> X11Session::open(const QString &display)
{
    auto api = std::make_unique<Api>();
    api->x11 = ::dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
    if (!api->x11 || !load(api->x11, "XOpenDisplay", api->openDisplay) || !load(api->x11, "XCloseDisplay", api->closeDisplay) ||
        !load(api->x11, "XDefaultRootWindow", api->defaultRootWindow) || !load(api->x11, "XInternAtom", api->internAtom) ||
        !load(api->x11, "XGetWindowProperty", api->getWindowProperty) || !load(api->x11, "XFree", api->free) ||
        !load(api->x11, "XSetErrorHandler", api->setErrorHandler))
        return nullptr;
    api->setErrorHandler(&ignoreXError);
    const QByteArray name = display.toLocal8Bit();
    Display *d = api->openDisplay(name.isEmpty() ? nullptr : name.constData());
    if (!d)
        return nullptr;
    std::unique_ptr<X11Session> s(new X11Session);
    s->m_display = d;
    api->xss = ::dlopen("libXss.so.1", RTLD_NOW | RTLD_LOCAL);
    if (api->xss && load(api->xss, "XScreenSaverQueryExtension", api->queryExtension) &&
        load(api->xss, "XScreenSaverAllocInfo", api->allocInfo) && load(api->xss, "XScreenSaverQueryInfo", api->queryInfo)) {
        int event = 0, error = 0;
        s->m_hasScreenSaver = api->queryExtension(d, &event, &error) != 0;
    }
    s->m_api = std::move(api);
    return s;
}

X11Session::~X11Session()
{
    if (m_display)
        m_api->closeDisplay(m_display);
}

std::optional<qint64> X11Session::inputIdleMs()
{
    if (!m_hasScreenSaver)
        return std::nullopt;
    XScreenSaverInfo *info = m_api->allocInfo();
    if (!info)
        return std::nullopt;
    std::optional<qint64> idle;
    if (m_api->queryInfo(m_display, m_api->defaultRootWindow(m_display), info) != 0)
        idle = qint64(info->idle);
    m_api->free(info);
    return idle;
}

unsigned long X11Session::atom(const char *name)
{
    return m_api->internAtom(m_display, name, 0);
}

std::optional<QList<unsigned long>> X11Session::windowProperty(unsigned long window, unsigned long property, unsigned long type)
{
    Atom actualType = 0;
    int format = 0;
    unsigned long count = 0, after = 0;
    unsigned char *data = nullptr;
    // At most 64 items: a state list or one window id; more is not what EWMH puts there.
    // XGetWindowProperty waits for its reply, so an error for it (BadWindow) has come by then.
    g_xError = false;
    if (m_api->getWindowProperty(m_display, window, property, 0, 64, 0, type, &actualType, &format, &count, &after, &data) != kSuccess ||
        g_xError) {
        if (data)
            m_api->free(data);
        return std::nullopt;
    }
    std::optional<QList<unsigned long>> out;
    if (actualType == type && format == 32) {
        out = QList<unsigned long>();
        const auto *items = reinterpret_cast<const unsigned long *>(data); // format 32 comes as longs
        for (unsigned long i = 0; i < count; ++i)
            out->append(items[i]);
    }
    if (data)
        m_api->free(data);
    return out;
}

std::optional<bool> X11Session::activeWindowFullscreen()
{
    const Window root = m_api->defaultRootWindow(m_display);
    const auto active = windowProperty(root, atom("_NET_ACTIVE_WINDOW"), kXaWindow);
    if (!active) // none yet (openbox sets it at the first focus), or no EWMH window manager at all
        return windowProperty(root, atom("_NET_SUPPORTING_WM_CHECK"), kXaWindow) ? std::optional<bool>(false) : std::nullopt;
    if (active->isEmpty() || active->first() == 0)
        return false; // nothing has the focus
    const auto state = windowProperty(active->first(), atom("_NET_WM_STATE"), kXaAtom);
    return state && state->contains(atom("_NET_WM_STATE_FULLSCREEN"));
}

} // namespace idleforge::platform
