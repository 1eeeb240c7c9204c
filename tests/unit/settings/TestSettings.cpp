// The typed settings table over a real INI file: defaults, every type's parsing and refusals
// naming key and value, the rule between the two temperatures, changed() only on a real change,
// a hand-edited bad value read as the default, reload() of a file another process wrote, the
// file's place, and the policy settings built from it (headless default mode).
#include "settings/PolicySettings.h"
#include "settings/Settings.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace idleforge;
using namespace idleforge::settings;

class TestSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void languageAndNetworkKeys()
    {
        auto s = Settings::temporary();
        QCOMPARE(s->value(QStringLiteral("language")).toString(), QStringLiteral("system"));
        QVERIFY(s->set(QStringLiteral("language"), QStringLiteral("zh_CN")).ok());
        QVERIFY(!s->set(QStringLiteral("language"), QStringLiteral("fr")).ok());
        QCOMPARE(s->value(QStringLiteral("language")).toString(), QStringLiteral("zh_CN"));

        QVERIFY(s->value(QStringLiteral("coordinator_url")).toString().isEmpty());
        for (const char *bad : {"http://example.org", "ws://", "example.org:7700"}) {
            auto r = s->set(QStringLiteral("coordinator_url"), QLatin1String(bad));
            QVERIFY2(!r.ok(), bad);
            QCOMPARE(r.error().code, QStringLiteral("settings.bad_value"));
        }
        QVERIFY(s->set(QStringLiteral("coordinator_url"), QStringLiteral("wss://coord.example.org:7700")).ok());
        QVERIFY(s->set(QStringLiteral("coordinator_url"), QString()).ok()); // back to offline

        // 32 bytes in base58 pass; other lengths and other alphabets do not.
        QVERIFY(s->set(QStringLiteral("coordinator_key"), QStringLiteral("11111111111111111111111111111111")).ok());
        QVERIFY(!s->set(QStringLiteral("coordinator_key"), QStringLiteral("1111")).ok());
        QVERIFY(!s->set(QStringLiteral("coordinator_key"), QStringLiteral("0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl")).ok());

        const Key *step = find(QStringLiteral("onboarding_step"));
        QVERIFY(step && step->internal);
        QVERIFY(!s->set(QStringLiteral("onboarding_step"), QStringLiteral("101")).ok());
    }

    void tableIsWellFormed()
    {
        QSet<QString> names;
        for (const Key &k : table()) {
            QVERIFY2(!names.contains(k.name), qPrintable(k.name));
            names.insert(k.name);
            QVERIFY2(!k.description.isEmpty(), qPrintable(k.name));
            // Every default passes its own key's parser.
            auto s = Settings::temporary();
            QCOMPARE(s->value(k.name), k.defaultValue);
            QVERIFY2(Settings::parse(k.name, s->text(k.name)).ok(), qPrintable(k.name));
        }
        for (const char *required : {"mode", "idle_minutes", "exclusive_apps", "max_other_cpu_pct", "max_temp_c",
                                     "resume_temp_c", "schedule", "autostart", "notifications"})
            QVERIFY2(names.contains(QLatin1String(required)), required);
    }

    void setGetAndPersist()
    {
        auto s = Settings::temporary();
        QSignalSpy changed(s.get(), &Settings::changed);
        QVERIFY(s->set(QStringLiteral("idle_minutes"), QStringLiteral("0.1")).ok());
        QVERIFY(s->set(QStringLiteral("mode"), QStringLiteral("always")).ok());
        QVERIFY(s->set(QStringLiteral("run_on_battery"), QStringLiteral("yes")).ok());
        QVERIFY(s->set(QStringLiteral("exclusive_apps"), QStringLiteral("blender, obs")).ok());
        QCOMPARE(changed.count(), 4);
        QVERIFY(s->set(QStringLiteral("mode"), QStringLiteral("always")).ok()); // the same again
        QCOMPARE(changed.count(), 4);
        QCOMPARE(s->value(QStringLiteral("idle_minutes")).toDouble(), 0.1);
        QCOMPARE(s->text(QStringLiteral("run_on_battery")), QStringLiteral("true"));
        // A second instance on the same file (another process) reads what was written.
        Settings other(s->file());
        QCOMPARE(other.text(QStringLiteral("idle_minutes")), QStringLiteral("0.1"));
        QCOMPARE(exclusiveApps(other), (QStringList{QStringLiteral("blender"), QStringLiteral("obs")}));
        QVERIFY(s->reset(QStringLiteral("mode")).ok());
        QVERIFY(!s->isSet(QStringLiteral("mode")));
        QCOMPARE(s->text(QStringLiteral("mode")), QStringLiteral("auto"));
    }

    void refusalsNameKeyAndValue_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown key") << "idle_minute" << "5" << "settings.unknown_key";
        QTest::newRow("not a number") << "idle_minutes" << "five" << "settings.bad_value";
        QTest::newRow("too small") << "idle_minutes" << "0" << "settings.bad_value";
        QTest::newRow("nan") << "max_temp_c" << "nan" << "settings.bad_value";
        QTest::newRow("bad choice") << "mode" << "sometimes" << "settings.bad_value";
        QTest::newRow("bad bool") << "autostart" << "maybe" << "settings.bad_value";
        QTest::newRow("bad schedule") << "schedule" << "mon 9:30-17" << "settings.bad_value";
        QTest::newRow("path in list") << "exclusive_apps" << "/usr/bin/obs" << "settings.bad_value";
        QTest::newRow("resume above max") << "resume_temp_c" << "90" << "settings.bad_value";
    }
    void refusalsNameKeyAndValue()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, code);
        auto s = Settings::temporary();
        QSignalSpy changed(s.get(), &Settings::changed);
        const auto r = s->set(key, value);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY2(r.error().message.contains(key), qPrintable(r.error().message));
        QCOMPARE(changed.count(), 0);
        QVERIFY(!s->isSet(key));
    }

    void handEditedBadValueReadsAsDefault()
    {
        auto s = Settings::temporary();
        {
            QSettings raw(s->file(), QSettings::IniFormat);
            raw.setValue(QStringLiteral("idle_minutes"), QStringLiteral("soon"));
        }
        s->reload();
        QCOMPARE(s->value(QStringLiteral("idle_minutes")).toDouble(), 5.0);
    }

    void reloadSignalsWhatAnotherProcessChanged()
    {
        auto s = Settings::temporary();
        QSignalSpy changed(s.get(), &Settings::changed);
        Settings writer(s->file());
        QVERIFY(writer.set(QStringLiteral("max_other_cpu_pct"), QStringLiteral("30")).ok());
        s->reload();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toString(), QStringLiteral("max_other_cpu_pct"));
        QCOMPARE(s->value(QStringLiteral("max_other_cpu_pct")).toDouble(), 30.0);
    }

    void fileFollowsTheDataDir()
    {
        // The test runs with a throw-away IDLEFORGE_HOME (idleforge_add_test).
        QVERIFY(Settings::defaultFile().startsWith(qEnvironmentVariable("IDLEFORGE_HOME")));
        QVERIFY(Settings::defaultFile().endsWith(QStringLiteral("/idleforge.conf")));
    }

    void policySettingsFromTheTable()
    {
        auto s = Settings::temporary();
        QCOMPARE(policySettings(*s, false).mode, policy::Mode::Auto);
        QCOMPARE(policySettings(*s, true).mode, policy::Mode::Always); // --headless: a dedicated machine
        QVERIFY(s->set(QStringLiteral("mode"), QStringLiteral("auto")).ok());
        QCOMPARE(policySettings(*s, true).mode, policy::Mode::Auto); // unless the user said so
        QVERIFY(s->set(QStringLiteral("schedule"), QStringLiteral("daily 1-7")).ok());
        QVERIFY(s->set(QStringLiteral("max_temp_c"), QStringLiteral("90")).ok());
        const auto p = policySettings(*s, false);
        QVERIFY(!p.schedule.isAlways());
        QCOMPARE(p.maxTempC, 90.0);
        QCOMPARE(p.idleMinutes, 5.0);
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "TestSettings.moc"
