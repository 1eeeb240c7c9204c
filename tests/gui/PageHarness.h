#pragma once
// One page of the dashboard in a small window of its own, on the real display (Xvfb): the
// page's file from the IdleForge QML module, created with its view model as the required
// property, inside a 1024x700 window. Collects every QML warning (the engine's, and any message
// of a qml/js category through GuiTestUtil.h's trap), so a test can insist on none.
#include "GuiTestUtil.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QQmlExpression>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTest>

#include <memory>

namespace idleforge::test {

// Call from initTestCase: checks the display and installs the warning trap.
inline bool prepareDisplay()
{
    if (qEnvironmentVariable("DISPLAY").isEmpty() || QGuiApplication::platformName() != QLatin1String("xcb"))
        return false;
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    guitest::watchQmlMessages();
    guitest::applyScreenshotLanguage(); // screenshots.sh's German run
    return true;
}

class PageHarness {
public:
    // `page`: "SettingsPage" etc.; `property`: its required view-model property.
    PageHarness(const QString &page, const QString &property, QObject *model)
    {
        m_window = std::make_unique<QQuickWindow>();
        m_window->resize(1024, 700);
        QObject::connect(&m_engine, &QQmlEngine::warnings, [this](const QList<QQmlError> &w) {
            for (const QQmlError &e : w)
                m_errors << e.toString();
        });
        QQmlComponent component(&m_engine, QUrl(QStringLiteral("qrc:/qt/qml/IdleForge/%1.qml").arg(page)));
        for (const QQmlError &e : component.errors())
            m_errors << e.toString();
        QObject *object = component.createWithInitialProperties({{property, QVariant::fromValue(model)}});
        for (const QQmlError &e : component.errors())
            m_errors << e.toString();
        m_page = qobject_cast<QQuickItem *>(object);
        if (!m_page)
            return;
        // The dashboard's dark palette, as Main.qml gives it to everything in its window.
        QQmlExpression palette(qmlContext(m_page), m_page, QStringLiteral("Theme.applyPalette(palette)"));
        (void)palette.evaluate();
        if (palette.hasError())
            m_errors << palette.error().toString();
        m_page->setParentItem(m_window->contentItem());
        m_page->setSize(m_window->size());
        m_window->show();
        m_exposed = QTest::qWaitForWindowExposed(m_window.get());
    }
    ~PageHarness()
    {
        delete m_page;
        m_window.reset();
    }

    QQmlEngine &engine() { return m_engine; }
    bool ok() const { return m_page && m_exposed; }
    QQuickWindow *window() const { return m_window.get(); }
    QQuickItem *page() const { return m_page; }
    QStringList errors() const { return m_errors + guitest::qmlMessages(); }

    // An item by objectName anywhere in the window (delegates, Loader items, popups too).
    QQuickItem *find(const QString &name) const
    {
        QQuickItem *root = m_window->contentItem();
        while (root->parentItem())
            root = root->parentItem();
        return m_page ? findIn(root, name) : nullptr;
    }
    static QQuickItem *findIn(QQuickItem *root, const QString &name)
    {
        if (root->objectName() == name)
            return root;
        for (QQuickItem *child : root->childItems())
            if (QQuickItem *hit = findIn(child, name))
                return hit;
        return nullptr;
    }

    // Clicks the middle of an item (it must be visible in the window), once it has stopped
    // moving (a dialog's opening transition, a layout still settling).
    void click(QQuickItem *item) const
    {
        QPointF c = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        for (int i = 0; i < 40; ++i) {
            QTest::qWait(50);
            const QPointF now = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
            if (now == c)
                break;
            c = now;
        }
        QTest::mouseClick(m_window.get(), Qt::LeftButton, {}, c.toPoint());
    }
    // With IDLEFORGE_SCREENSHOT_DIR set: the window as a PNG named `name` there (for looking
    // at the pages; tests/gui/screenshots.sh collects them), and at 1920x1080 as
    // `name`-large.png, after which the window goes back to its size.
    void shot(const QString &name) const
    {
        const QString dir = qEnvironmentVariable("IDLEFORGE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(100);
        const QSize size = m_window->size();
        if (!m_window->grabWindow().save(dir + u'/' + name + QStringLiteral(".png")))
            qWarning() << "cannot save the screenshot" << name << "in" << dir;
        resize({1920, 1080});
        QTest::qWait(400);
        if (!m_window->grabWindow().save(dir + u'/' + name + QStringLiteral("-large.png")))
            qWarning() << "cannot save the screenshot" << name << "in" << dir;
        resize(size);
        QTest::qWait(200);
    }
    void resize(QSize size) const
    {
        m_window->resize(size);
        if (m_page)
            m_page->setSize(size);
    }
    // Replaces a text field's text the way a person does: focus, select all, type, Enter.
    void type(QQuickItem *field, const QString &text) const
    {
        click(field);
        QTest::keyClick(m_window.get(), Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(m_window.get(), Qt::Key_Delete);
        for (const QChar c : text) // keyClicks() takes widgets only
            QTest::keyClick(m_window.get(), c.toLatin1());
        QTest::keyClick(m_window.get(), Qt::Key_Return);
    }

private:
    QQmlEngine m_engine;
    std::unique_ptr<QQuickWindow> m_window;
    QQuickItem *m_page = nullptr;
    bool m_exposed = false;
    QStringList m_errors;
};

} // namespace idleforge::test
