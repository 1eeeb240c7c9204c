// X11 facts against a real X server: a private Xvfb (MIT-SCREEN-SAVER, XTEST) with openbox as
// the EWMH window manager. Input idle time grows and drops at xdotool input; a window of
// xmessage is active and not fullscreen until it asks for _NET_WM_STATE_FULLSCREEN; no display,
// no session. The environment must start: a test that cannot start Xvfb or openbox fails.
#include "platform/FactsCollector.h"
#include "platform/X11Session.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <X11/Xlib.h>

using namespace idleforge::platform;

class TestX11Session : public QObject {
    Q_OBJECT
    QProcess m_xvfb, m_wm;
    QString m_display;

    QProcessEnvironment env() const
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("DISPLAY"), m_display);
        return e;
    }

    bool run(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(program, args);
        return p.waitForFinished(10'000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

    // Asks the window manager to make `window` fullscreen, as a player does (EWMH client message).
    void requestFullscreen(unsigned long window)
    {
        Display *d = XOpenDisplay(m_display.toLocal8Bit().constData());
        QVERIFY(d);
        XEvent e{};
        e.xclient.type = ClientMessage;
        e.xclient.window = window;
        e.xclient.message_type = XInternAtom(d, "_NET_WM_STATE", False);
        e.xclient.format = 32;
        e.xclient.data.l[0] = 1; // _NET_WM_STATE_ADD
        e.xclient.data.l[1] = long(XInternAtom(d, "_NET_WM_STATE_FULLSCREEN", False));
        e.xclient.data.l[3] = 1; // a normal application
        XSendEvent(d, DefaultRootWindow(d), False, SubstructureRedirectMask | SubstructureNotifyMask, &e);
        XFlush(d);
        XCloseDisplay(d);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        QVERIFY2(!xvfb.isEmpty(), "Xvfb is needed (installer/install-deps.sh installs it)");
        m_xvfb.start(xvfb, {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"), QStringLiteral("0"),
                            QStringLiteral("1024x768x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp")});
        QVERIFY(m_xvfb.waitForStarted(10'000));
        QVERIFY2(QTest::qWaitFor([&] { return m_xvfb.canReadLine(); }, 20'000), "Xvfb did not say its display");
        m_display = QStringLiteral(":") + QString::fromLatin1(m_xvfb.readLine().trimmed());
        m_wm.setProcessEnvironment(env());
        m_wm.start(QStringLiteral("openbox"), {QStringLiteral("--sm-disable")});
        QVERIFY2(m_wm.waitForStarted(10'000), "openbox is needed (installer/install-deps.sh installs it)");
        auto s = X11Session::open(m_display);
        QVERIFY(s);
        QVERIFY2(QTest::qWaitFor([&] { return s->activeWindowFullscreen().has_value(); }, 20'000), "openbox never set _NET_ACTIVE_WINDOW");
    }

    void cleanupTestCase()
    {
        m_wm.kill();
        m_wm.waitForFinished();
        m_xvfb.kill();
        m_xvfb.waitForFinished();
    }

    void noDisplayNoSession()
    {
        QVERIFY(!X11Session::open(QStringLiteral(":4711")));
    }

    void idleTimeFollowsInput()
    {
        auto s = X11Session::open(m_display);
        QVERIFY(s);
        QVERIFY(run(QStringLiteral("xdotool"), {QStringLiteral("mousemove"), QStringLiteral("100"), QStringLiteral("100")}));
        QVERIFY(s->inputIdleMs().has_value());
        QVERIFY2(*s->inputIdleMs() < 1000, qPrintable(QString::number(*s->inputIdleMs())));
        QTest::qWait(1500);
        QVERIFY2(*s->inputIdleMs() >= 1000, qPrintable(QString::number(*s->inputIdleMs())));
        QVERIFY(run(QStringLiteral("xdotool"), {QStringLiteral("key"), QStringLiteral("shift")}));
        QVERIFY2(*s->inputIdleMs() < 1000, qPrintable(QString::number(*s->inputIdleMs())));
    }

    void factsThreadSaysInputAtOnce()
    {
        FactsSources sources;
        sources.x11Display = m_display;
        sources.dbus = false;
        sources.nvmlLibrary.clear();
        FactsThread facts(sources, 60'000); // snapshots far apart: only the fast check can tell
        QSignalSpy input(&facts, &FactsThread::inputSeen);
        facts.start();
        QTest::qWait(500);
        QElapsedTimer t;
        t.start();
        QVERIFY(run(QStringLiteral("xdotool"), {QStringLiteral("mousemove"), QStringLiteral("300"), QStringLiteral("200")}));
        QVERIFY(input.count() > 0 || input.wait(2000));
        qInfo() << "input seen" << t.elapsed() << "ms after xdotool was started";
        QVERIFY(input.last().first().toLongLong() < 1000);
    }

    void fullscreenActiveWindow()
    {
        auto s = X11Session::open(m_display);
        QVERIFY(s);
        QProcess window;
        window.setProcessEnvironment(env());
        window.start(QStringLiteral("xmessage"), {QStringLiteral("IdleForge fullscreen test")});
        QVERIFY(window.waitForStarted());
        QString id;
        QVERIFY(QTest::qWaitFor([&] {
            QProcess p;
            p.setProcessEnvironment(env());
            p.start(QStringLiteral("xdotool"), {QStringLiteral("search"), QStringLiteral("--class"), QStringLiteral("xmessage")});
            p.waitForFinished();
            id = QString::fromLatin1(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).value(0);
            return !id.isEmpty();
        }, 10'000));
        QVERIFY(run(QStringLiteral("xdotool"), {QStringLiteral("windowactivate"), QStringLiteral("--sync"), id}));
        QCOMPARE(s->activeWindowFullscreen(), std::optional<bool>(false));
        requestFullscreen(id.toULong());
        QVERIFY(QTest::qWaitFor([&] { return s->activeWindowFullscreen() == std::optional<bool>(true); }, 10'000));
        window.kill();
        window.waitForFinished();
        QVERIFY(QTest::qWaitFor([&] { return s->activeWindowFullscreen() == std::optional<bool>(false); }, 10'000));
    }
};

QTEST_GUILESS_MAIN(TestX11Session)
#include "TestX11Session.moc"
