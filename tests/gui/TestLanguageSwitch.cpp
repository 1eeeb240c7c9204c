// The dashboard's language switched while it runs, through the `language` setting as the
// Settings page or `idleforgectl config set language` change it: the page's QML text (qsTr, by
// QQmlEngine::retranslate) and the C++ model's text (SettingsModel's labels, by LanguageChange
// and dataChanged) change at once, to German, to Chinese (with a font that has its glyphs: no
// tofu), and back to English; German plurals and numbers follow; `system` picks the desktop's
// language. The translations are the .qm files compiled into idleforge_ui (:/i18n).
#include "CreditsText.h"
#include "LanguageSwitcher.h"
#include "PageHarness.h"
#include "SettingsModel.h"
#include "settings/Settings.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QSignalSpy>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

using namespace idleforge;

class TestLanguageSwitch : public QObject {
    Q_OBJECT
    std::unique_ptr<settings::Settings> m_settings;
    std::unique_ptr<ui::SettingsModel> m_model;
    std::unique_ptr<test::PageHarness> m_page;
    std::unique_ptr<ui::LanguageSwitcher> m_language;

    QString pageTitle() { return m_page->page()->property("title").toString(); }
    QString resetButtonText()
    {
        auto *list = m_page->find(QStringLiteral("settingsList"));
        QMetaObject::invokeMethod(list, "positionViewAtIndex", Q_ARG(int, m_model->rowOf(QStringLiteral("language"))), Q_ARG(int, 1));
        QTest::qWait(50);
        auto *button = m_page->find(QStringLiteral("settingReset_language"));
        return button ? button->property("text").toString() : QString();
    }
    QString languageLabel() { return m_model->index(m_model->rowOf(QStringLiteral("language"))).data(ui::SettingsModel::LabelRole).toString(); }
    void set(const char *language)
    {
        QVERIFY(m_settings->set(QStringLiteral("language"), QString::fromLatin1(language)).ok());
        QTRY_COMPARE(m_language->language(), ui::LanguageSwitcher::resolve(QString::fromLatin1(language), {}));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(test::prepareDisplay(), "no X display: GUI tests need Xvfb (tests/with-test-env.sh)");
        m_settings = settings::Settings::temporary();
        m_language = std::make_unique<ui::LanguageSwitcher>();
        m_language->setSystemLocale(QLocale(QStringLiteral("en_US")));
        m_language->follow(*m_settings); // "system" -> English here
        m_model = std::make_unique<ui::SettingsModel>(*m_settings);
        m_page = std::make_unique<test::PageHarness>(QStringLiteral("SettingsPage"), QStringLiteral("settings"), m_model.get());
        QVERIFY2(m_page->ok(), qPrintable(m_page->errors().join(u'\n')));
        m_language->addEngine(&m_page->engine());
        m_language->watch(m_model.get());
        QCOMPARE(pageTitle(), QStringLiteral("Settings"));
        QCOMPARE(languageLabel(), QStringLiteral("Language"));
    }

    void germanAtRunTime()
    {
        QSignalSpy rows(m_model.get(), &QAbstractItemModel::dataChanged);
        set("de");
        QCOMPARE(pageTitle(), QStringLiteral("Einstellungen"));
        QCOMPARE(resetButtonText(), QStringLiteral("Standard"));
        QCOMPARE(languageLabel(), QStringLiteral("Sprache"));
        QVERIFY(rows.count() > 0); // the page's delegates were told
        // Plurals and numbers in German.
        QCOMPARE(QCoreApplication::translate("idleforge::ui::StatusModel", "%n minute(s)", nullptr, 1), QStringLiteral("1 Minute"));
        QCOMPARE(QCoreApplication::translate("idleforge::ui::StatusModel", "%n minute(s)", nullptr, 3), QStringLiteral("3 Minuten"));
        QCOMPARE(ui::creditsText(1234500000), QStringLiteral("1.234,50 Credits"));
        QVERIFY(m_page->errors().isEmpty());
    }

    void chineseRendersWithARealFont()
    {
        set("zh_CN");
        QCOMPARE(pageTitle(), QStringLiteral("设置"));
        QCOMPARE(languageLabel(), QStringLiteral("语言"));
        QVERIFY2(!QFontDatabase::families(QFontDatabase::SimplifiedChinese).isEmpty(),
                 "no font for Simplified Chinese: install fonts-noto-cjk (installer/install-deps.sh --test)");
        // The font the page draws its title with has every glyph of it.
        const QFont font = m_page->page()->property("font").value<QFont>();
        const QFontMetrics metrics(font);
        const QString shown = pageTitle() + languageLabel();
        for (const QChar c : shown)
            QVERIFY2(metrics.inFont(c), qPrintable(QStringLiteral("no glyph for U+%1 in %2").arg(c.unicode(), 4, 16, QLatin1Char('0')).arg(font.family())));
        QVERIFY(m_page->errors().isEmpty());
    }

    void spanishAndBackToEnglish()
    {
        set("es");
        QCOMPARE(pageTitle(), QStringLiteral("Ajustes"));
        QCOMPARE(languageLabel(), QStringLiteral("Idioma"));
        set("en");
        QCOMPARE(pageTitle(), QStringLiteral("Settings"));
        QCOMPARE(resetButtonText(), QStringLiteral("Default"));
        QCOMPARE(languageLabel(), QStringLiteral("Language"));
        QCOMPARE(QCoreApplication::translate("idleforge::ui::StatusModel", "%n minute(s)", nullptr, 1), QStringLiteral("1 minute"));
        QCOMPARE(ui::creditsText(1234500000), QStringLiteral("1,234.50 credits"));
        QVERIFY(m_page->errors().isEmpty());
    }

    void systemMeansTheDesktopsLanguage()
    {
        using L = ui::LanguageSwitcher;
        QCOMPARE(L::resolve(QStringLiteral("system"), {QStringLiteral("de-AT"), QStringLiteral("en-US")}), QStringLiteral("de"));
        QCOMPARE(L::resolve(QStringLiteral("system"), {QStringLiteral("zh-Hans-CN")}), QStringLiteral("zh_CN"));
        QCOMPARE(L::resolve(QStringLiteral("system"), {QStringLiteral("zh-TW"), QStringLiteral("es-MX")}), QStringLiteral("es"));
        QCOMPARE(L::resolve(QStringLiteral("system"), {QStringLiteral("fr-FR")}), QStringLiteral("en"));
        QCOMPARE(L::resolve(QStringLiteral("de"), {QStringLiteral("es-ES")}), QStringLiteral("de"));
        m_language->setSystemLocale(QLocale(QStringLiteral("de_DE")));
        QVERIFY(m_settings->set(QStringLiteral("language"), QStringLiteral("system")).ok());
        QTRY_COMPARE(m_language->language(), QStringLiteral("de"));
        QTRY_COMPARE(pageTitle(), QStringLiteral("Einstellungen"));
    }
};

QTEST_MAIN(TestLanguageSwitch)
#include "TestLanguageSwitch.moc"
