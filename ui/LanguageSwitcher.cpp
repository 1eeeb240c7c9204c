#include "LanguageSwitcher.h"

#include "Log.h"
#include "settings/Settings.h"

#include <QAbstractItemModel>
#include <QAbstractProxyModel>
#include <QCoreApplication>
#include <QEvent>
#include <QLibraryInfo>
#include <QMetaMethod>
#include <QMetaProperty>
#include <QQmlEngine>
#include <QTranslator>

namespace idleforge::ui {

LanguageSwitcher::LanguageSwitcher(QObject *parent) : QObject(parent) {}

LanguageSwitcher::~LanguageSwitcher()
{
    for (QTranslator *t : {m_app.get(), m_qt.get()})
        if (t)
            QCoreApplication::removeTranslator(t);
}

QStringList LanguageSwitcher::available()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("es"), QStringLiteral("zh_CN")};
}

QString LanguageSwitcher::resolve(const QString &setting, const QStringList &uiLanguages)
{
    const QStringList ours = available();
    if (setting != QLatin1String("system") && ours.contains(setting))
        return setting;
    for (const QString &name : uiLanguages) {
        const QLocale asked(name);
        if (asked.language() == QLocale::Chinese) {
            if (asked.script() == QLocale::SimplifiedChineseScript) // zh, zh-CN, zh-Hans, zh-SG; not zh-TW
                return QStringLiteral("zh_CN");
            continue;
        }
        for (const QString &code : ours)
            if (asked.language() != QLocale::C && QLocale(code).language() == asked.language())
                return code;
    }
    return QStringLiteral("en");
}

void LanguageSwitcher::addEngine(QQmlEngine *engine)
{
    m_engines.append(engine);
    engine->setUiLanguage(QLocale().name()); // Qt.uiLanguage: the locale QML formats numbers in (charts)
}

void LanguageSwitcher::watch(QObject *object) { m_watched.append(object); }

void LanguageSwitcher::follow(settings::Settings &settings)
{
    const QString key = QStringLiteral("language");
    const QString forced = qEnvironmentVariable("IDLEFORGE_LANGUAGE");
    apply(forced.isEmpty() ? settings.value(key).toString() : forced);
    connect(&settings, &settings::Settings::changed, this, [this, &settings, key](const QString &changed) {
        if (changed == key)
            apply(settings.value(key).toString());
    });
}

bool LanguageSwitcher::apply(const QString &setting)
{
    const QString language = resolve(setting, m_system.uiLanguages());
    const bool system = setting == QLatin1String("system") || !available().contains(setting);
    const QLocale locale = system ? m_system : QLocale(language);
    if (language == m_language && locale == QLocale())
        return false;
    QLocale::setDefault(locale);
    installTranslators(language);
    m_language = language;
    qCInfo(lcUi).noquote() << "language:" << language << "numbers and dates:" << locale.name();
    for (const QPointer<QQmlEngine> &engine : std::as_const(m_engines))
        if (engine) {
            engine->setUiLanguage(locale.name());
            engine->retranslate();
        }
    QList<QObject *> seen;
    for (const QPointer<QObject> &object : std::as_const(m_watched))
        refresh(object, seen);
    Q_EMIT languageChanged(language);
    return true;
}

void LanguageSwitcher::installTranslators(const QString &language)
{
    for (QTranslator *t : {m_app.get(), m_qt.get()})
        if (t)
            QCoreApplication::removeTranslator(t);
    m_app = std::make_unique<QTranslator>();
    m_qt = std::make_unique<QTranslator>();
    const QLocale locale(language);
    if (m_app->load(locale, QStringLiteral("idleforge"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(m_app.get());
    else
        qCWarning(lcUi).noquote() << "no translation of IdleForge for" << language;
    // Qt's own words (dialog buttons, the file dialog); Debian's qt6-translations-l10n has them.
    if (m_qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(m_qt.get());
}

void LanguageSwitcher::refresh(QObject *object, QList<QObject *> &seen)
{
    if (!object || seen.contains(object))
        return;
    seen.append(object);
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(object, &change);
    const QMetaObject *meta = object->metaObject();
    QList<int> notifiers;
    for (int i = QObject::staticMetaObject.propertyCount(); i < meta->propertyCount(); ++i) {
        const QMetaProperty p = meta->property(i);
        if (p.hasNotifySignal() && p.notifySignal().parameterCount() == 0 && !notifiers.contains(p.notifySignalIndex()))
            notifiers.append(p.notifySignalIndex());
        if (p.metaType().flags().testFlag(QMetaType::PointerToQObject))
            refresh(p.read(object).value<QObject *>(), seen);
    }
    for (int index : std::as_const(notifiers))
        meta->method(index).invoke(object, Qt::DirectConnection);
    // A proxy passes its source's dataChanged on; the source is watched itself.
    auto *model = qobject_cast<QAbstractItemModel *>(object);
    if (!model || qobject_cast<QAbstractProxyModel *>(object))
        return;
    const int rows = model->rowCount(), columns = model->columnCount();
    if (rows > 0 && columns > 0)
        Q_EMIT model->dataChanged(model->index(0, 0), model->index(rows - 1, columns - 1));
    if (columns > 0)
        Q_EMIT model->headerDataChanged(Qt::Horizontal, 0, columns - 1);
}

} // namespace idleforge::ui
