#pragma once
// Shared by the dashboard's GUI tests: a message handler that collects every QML warning (a
// test fails on any), loading Main.qml with its view models, and clicking items by objectName.
#include <QGuiApplication>
#include "LanguageSwitcher.h"

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>

namespace idleforge::guitest {

inline QStringList &qmlMessages()
{
    static QStringList messages;
    return messages;
}

inline QtMessageHandler &previousHandler()
{
    static QtMessageHandler previous = nullptr;
    return previous;
}

inline void captureQmlMessages(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
{
    const QtMessageHandler previous = previousHandler();
    const QByteArray category = ctx.category ? QByteArray(ctx.category) : QByteArray();
    if (type != QtDebugMsg && type != QtInfoMsg
        && (category.startsWith("qml") || category.startsWith("js") || msg.contains(QLatin1String(".qml"))))
        qmlMessages() << msg;
    if (previous)
        previous(type, ctx, msg);
}

// Installs the handler once (it chains to Qt's own).
inline void watchQmlMessages()
{
    static const bool installed = [] {
        previousHandler() = qInstallMessageHandler(captureQmlMessages);
        return true;
    }();
    Q_UNUSED(installed);
}

// IDLEFORGE_SCREENSHOT_LANG=de (tests/gui/screenshots.sh): the app's language switcher shows
// that language (its translations, Qt's own, the default QLocale for numbers and dates).
// Returns the language, empty when none is asked for. Call before any QML loads.
inline QString applyScreenshotLanguage()
{
    const QString lang = qEnvironmentVariable("IDLEFORGE_SCREENSHOT_LANG");
    if (lang.isEmpty())
        return {};
    // Kept to the end: its translators must not be removed after the application is gone.
    static auto *switcher = new idleforge::ui::LanguageSwitcher;
    switcher->apply(lang);
    return switcher->language();
}

// What the app shows for an English source text in the language the test runs in (English, or
// IDLEFORGE_SCREENSHOT_LANG's): tests compare shown text with this, never with English alone.
// `context` is the class (tr) or the QML file's base name (qsTr).
inline QString shown(const char *context, const char *source)
{
    return QCoreApplication::translate(context, source);
}

// Loads Main.qml with `models` (name -> view model) as its initial properties.
inline QQuickWindow *loadMain(QQmlApplicationEngine &engine, const QList<std::pair<QString, QObject *>> &models)
{
    QVariantMap props;
    for (const auto &[name, model] : models)
        props.insert(name, QVariant::fromValue(model));
    engine.setInitialProperties(props);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/IdleForge/Main.qml")));
    if (engine.rootObjects().size() != 1)
        return nullptr;
    return qobject_cast<QQuickWindow *>(engine.rootObjects().first());
}

// By objectName, in the visual tree as well: view delegates have no QObject parent.
inline QQuickItem *findItem(QQuickItem *root, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name)
        return root;
    for (QQuickItem *child : root->childItems())
        if (QQuickItem *found = findItem(child, name))
            return found;
    return nullptr;
}

template <typename T = QQuickItem>
T *item(QQuickWindow *window, const QString &name)
{
    if (T *found = window->findChild<T *>(name))
        return found;
    return qobject_cast<T *>(findItem(window->contentItem(), name));
}

// A left click in the middle of the item (it must be visible on the window).
inline bool click(QQuickWindow *window, QQuickItem *target)
{
    if (!target || !target->isVisible() || target->width() <= 0)
        return false;
    const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    return true;
}

// Opens a page through its side bar entry ("overview", "activity", ...).
inline bool showPage(QQuickWindow *window, const QString &key)
{
    const QString name = QStringLiteral("nav_") + key;
    QQuickItem *entry = nullptr;
    if (!QTest::qWaitFor([&] { return (entry = item(window, name)) && entry->isVisible() && entry->width() > 0; }, 5000)) {
        qWarning() << "no visible side bar entry" << name << entry << (entry ? entry->isVisible() : false);
        return false;
    }
    QQuickItem *stack = item(window, QStringLiteral("pageStack"));
    const int before = stack ? stack->property("currentIndex").toInt() : -1;
    click(window, entry);
    return QTest::qWaitFor([&] { return stack && (stack->property("currentIndex").toInt() != before || entry->property("highlighted").toBool()); }, 2000);
}

} // namespace idleforge::guitest
