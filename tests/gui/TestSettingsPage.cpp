// The Settings page over a real settings file: every visible key of the table has an editor of
// its type, a switch, a number, a choice and a schedule are driven as a person would, a bad
// value shows the table's message and stores nothing, and a change from elsewhere shows up.
#include "PageHarness.h"
#include "SettingsModel.h"
#include "settings/Settings.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

using namespace idleforge;

class TestSettingsPage : public QObject {
    Q_OBJECT
    std::unique_ptr<settings::Settings> m_settings;
    std::unique_ptr<ui::SettingsModel> m_model;
    std::unique_ptr<test::PageHarness> m_page;

    QQuickItem *editor(const QString &key)
    {
        auto *list = m_page->find(QStringLiteral("settingsList"));
        if (!list)
            return nullptr;
        QMetaObject::invokeMethod(list, "positionViewAtIndex", Q_ARG(int, m_model->rowOf(key)), Q_ARG(int, 1 /* Center */));
        QTest::qWait(50);
        return m_page->find(QStringLiteral("setting_") + key);
    }
    QString errorText(const QString &key)
    {
        auto *label = m_page->find(QStringLiteral("settingError_") + key);
        return label && label->isVisible() ? label->property("text").toString() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(test::prepareDisplay(), "no X display: GUI tests need Xvfb (tests/with-test-env.sh)");
        m_settings = settings::Settings::temporary();
        m_model = std::make_unique<ui::SettingsModel>(*m_settings);
        new QAbstractItemModelTester(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_model.get());
        m_page = std::make_unique<test::PageHarness>(QStringLiteral("SettingsPage"), QStringLiteral("settings"), m_model.get());
        QVERIFY2(m_page->ok(), qPrintable(m_page->errors().join(u'\n')));
    }

    void everyVisibleKeyHasAnEditorOfItsType()
    {
        int visible = 0;
        for (const settings::Key &k : settings::table()) {
            if (k.internal) {
                QCOMPARE(m_model->rowOf(k.name), -1);
                continue;
            }
            ++visible;
            QQuickItem *e = editor(k.name);
            QVERIFY2(e, qPrintable(k.name));
            const QString cls = QString::fromLatin1(e->metaObject()->className());
            const QString kind = m_model->index(m_model->rowOf(k.name)).data(ui::SettingsModel::EditorRole).toString();
            if (kind == QLatin1String("bool"))
                QVERIFY2(cls.contains(QLatin1String("Switch")), qPrintable(k.name + u' ' + cls));
            else if (kind == QLatin1String("choice"))
                QVERIFY2(cls.contains(QLatin1String("ComboBox")), qPrintable(k.name + u' ' + cls));
            else
                QVERIFY2(cls.contains(QLatin1String("TextField")), qPrintable(k.name + u' ' + cls));
        }
        QCOMPARE(m_model->rowCount(), visible);
        for (const char *key : {"language", "autostart", "coordinator_url", "coordinator_key"})
            QVERIFY2(m_model->rowOf(QLatin1String(key)) >= 0, key);
    }

    void switchStoresTheBool()
    {
        QQuickItem *sw = editor(QStringLiteral("run_on_battery"));
        QVERIFY(sw);
        QCOMPARE(sw->property("checked").toBool(), false);
        QSignalSpy changed(m_settings.get(), &settings::Settings::changed);
        m_page->click(sw);
        QTRY_COMPARE(m_settings->value(QStringLiteral("run_on_battery")).toBool(), true);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(sw->property("checked").toBool(), true);
    }

    void numberInRangeIsStoredOutOfRangeShowsTheTablesError()
    {
        QQuickItem *field = editor(QStringLiteral("idle_minutes"));
        QVERIFY(field);
        m_page->type(field, QStringLiteral("12"));
        QTRY_COMPARE(m_settings->value(QStringLiteral("idle_minutes")).toDouble(), 12.0);
        QCOMPARE(errorText(QStringLiteral("idle_minutes")), QString());

        m_page->type(field, QStringLiteral("5000"));
        QTRY_VERIFY(!errorText(QStringLiteral("idle_minutes")).isEmpty());
        m_page->shot(QStringLiteral("settings-error"));
        QVERIFY2(errorText(QStringLiteral("idle_minutes")).contains(QLatin1String("out of range")),
                 qPrintable(errorText(QStringLiteral("idle_minutes"))));
        QCOMPARE(m_settings->value(QStringLiteral("idle_minutes")).toDouble(), 12.0); // nothing lost
        // What was typed stays for correcting it.
        QCOMPARE(field->property("text").toString(), QStringLiteral("5000"));
        m_page->type(field, QStringLiteral("7.5"));
        QTRY_COMPARE(m_settings->value(QStringLiteral("idle_minutes")).toDouble(), 7.5);
        QTRY_COMPARE(errorText(QStringLiteral("idle_minutes")), QString());
    }

    void choiceFromTheKeyboard()
    {
        QQuickItem *combo = editor(QStringLiteral("language"));
        QVERIFY(combo);
        QCOMPARE(combo->property("currentIndex").toInt(), 0); // system
        QCOMPARE(combo->property("displayText").toString(), QStringLiteral("System language"));
        combo->forceActiveFocus();
        QTest::keyClick(m_page->window(), Qt::Key_Down);
        QTRY_COMPARE(m_settings->value(QStringLiteral("language")).toString(), QStringLiteral("en"));
        QTest::keyClick(m_page->window(), Qt::Key_Down);
        QTRY_COMPARE(m_settings->value(QStringLiteral("language")).toString(), QStringLiteral("de"));
        QCOMPARE(combo->property("displayText").toString(), QStringLiteral("Deutsch"));
    }

    void badScheduleAndBadCoordinatorAreRefused()
    {
        QQuickItem *schedule = editor(QStringLiteral("schedule"));
        QVERIFY(schedule);
        m_page->type(schedule, QStringLiteral("someday 25-3"));
        QTRY_VERIFY(!errorText(QStringLiteral("schedule")).isEmpty());
        QCOMPARE(m_settings->value(QStringLiteral("schedule")).toString(), QStringLiteral("always"));
        m_page->type(schedule, QStringLiteral("mon-fri 18-8"));
        QTRY_COMPARE(m_settings->value(QStringLiteral("schedule")).toString(), QStringLiteral("mon-fri 18-8"));
        QTRY_COMPARE(errorText(QStringLiteral("schedule")), QString());

        QQuickItem *url = editor(QStringLiteral("coordinator_url"));
        QVERIFY(url);
        m_page->type(url, QStringLiteral("http://example.org"));
        QTRY_VERIFY(errorText(QStringLiteral("coordinator_url")).contains(QLatin1String("ws://")));
        QVERIFY(m_settings->value(QStringLiteral("coordinator_url")).toString().isEmpty());
        m_page->type(url, QStringLiteral("wss://coordinator.example.org:7700"));
        QTRY_COMPARE(m_settings->value(QStringLiteral("coordinator_url")).toString(),
                     QStringLiteral("wss://coordinator.example.org:7700"));

        QQuickItem *key = editor(QStringLiteral("coordinator_key"));
        QVERIFY(key);
        m_page->type(key, QStringLiteral("not-a-key"));
        QTRY_VERIFY(!errorText(QStringLiteral("coordinator_key")).isEmpty());
        QVERIFY(m_settings->value(QStringLiteral("coordinator_key")).toString().isEmpty());
    }

    void changeFromElsewhereShowsAndResetGoesBack()
    {
        // Another writer (idleforgectl config set, then reload) changes the file.
        settings::Settings other(m_settings->file());
        QVERIFY(other.set(QStringLiteral("notifications"), QStringLiteral("false")).ok());
        m_settings->reload();
        QQuickItem *sw = editor(QStringLiteral("notifications"));
        QVERIFY(sw);
        QTRY_COMPARE(sw->property("checked").toBool(), false);

        QQuickItem *reset = m_page->find(QStringLiteral("settingReset_notifications"));
        QVERIFY(reset);
        QTRY_VERIFY(reset->isVisible());
        m_page->click(reset);
        QTRY_VERIFY(!m_settings->isSet(QStringLiteral("notifications")));
        QTRY_COMPARE(sw->property("checked").toBool(), true);
        QTRY_VERIFY(!reset->isVisible());
    }

    void noQmlWarnings()
    {
        QVERIFY2(m_page->errors().isEmpty(), qPrintable(m_page->errors().join(u'\n')));
    }

    void cleanupTestCase() { m_page.reset(); }
};

QTEST_MAIN(TestSettingsPage)
#include "TestSettingsPage.moc"
