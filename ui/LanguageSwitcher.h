#pragma once
// The language of the dashboard and the tray, switched while the app runs. apply(setting) takes
// the `language` setting's word (system, en, de, es, zh_CN) and, when the shown language
// changes:
//  1. sets QLocale's default, so every number and date the models format follows;
//  2. swaps the app's translator (idleforge_<lang>.qm, embedded under :/i18n) and Qt's own
//     (qtbase_<lang>.qm from QLibraryInfo's translations path, where installed);
//  3. retranslates every added QML engine (bindings that call qsTr);
//  4. refreshes every watched C++ object: it sends it a QEvent::LanguageChange (objects that
//     keep formatted text rebuild it there), re-emits its argument-less NOTIFY signals and,
//     for an item model, dataChanged over all its rows, and does the same for the QObjects its
//     properties hold (a page model's list models);
//  5. emits languageChanged.
// `system` is the desktop's language: the first of QLocale::system().uiLanguages() that we
// have, else English; numbers and dates then follow the desktop's locale. setSystemLocale() is
// the seam for tests. follow(settings) applies the setting at once (before the first window:
// the first frame is already in that language) and again at each change, from the Settings
// page or `idleforgectl config set language ...` alike. IDLEFORGE_LANGUAGE, when set, is the
// language follow() starts with instead of the stored setting (screenshots, tests); a later
// change of the setting still applies.
#include <QList>
#include <QLocale>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

class QQmlEngine;
class QTranslator;

namespace idleforge::settings {
class Settings;
}

namespace idleforge::ui {

class LanguageSwitcher : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString language READ language NOTIFY languageChanged)
public:
    explicit LanguageSwitcher(QObject *parent = nullptr);
    ~LanguageSwitcher() override;

    // The languages with a translation: en (the source), de, es, zh_CN.
    static QStringList available();
    // The language shown for a setting's word: itself when we have it; for `system` (or a word
    // we lack) the first of `uiLanguages` we have ("de-AT" -> de, "zh-Hans-CN" -> zh_CN), else en.
    static QString resolve(const QString &setting, const QStringList &uiLanguages);

    void setSystemLocale(const QLocale &locale) { m_system = locale; }
    void addEngine(QQmlEngine *engine);
    void watch(QObject *object);
    void follow(settings::Settings &settings);

    // Shows the language the setting's word names; false when it was already shown.
    bool apply(const QString &setting);
    QString language() const { return m_language; } // e.g. "de"; empty before the first apply

Q_SIGNALS:
    void languageChanged(const QString &language);

private:
    void installTranslators(const QString &language);
    void refresh(QObject *object, QList<QObject *> &seen);

    QLocale m_system = QLocale::system();
    QString m_language;
    std::unique_ptr<QTranslator> m_app, m_qt;
    QList<QPointer<QQmlEngine>> m_engines;
    QList<QPointer<QObject>> m_watched;
};

} // namespace idleforge::ui
