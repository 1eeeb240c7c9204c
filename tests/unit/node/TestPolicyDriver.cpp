// The node's policy loop without the OS: snapshots fed by hand into PolicyDriver over a real
// settings file: a decision announced only when it changes, a settings change taking effect at
// once, the user's pause ending on time by the driver's own re-check timer, the headless default
// mode, and pause/resume/reload_settings through a real status socket.
#include "node/PolicyDriver.h"
#include "node/StatusServer.h"
#include "settings/Settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::node;

namespace {
policy::Facts idle(qint64 ms)
{
    policy::Facts f;
    f.inputIdleMs = ms;
    return f;
}
} // namespace

class TestPolicyDriver : public QObject {
    Q_OBJECT

    static QJsonObject ask(const QString &path, const QByteArray &line)
    {
        QLocalSocket s;
        s.connectToServer(path);
        if (!s.waitForConnected(2000))
            return {};
        s.write(line + '\n');
        QByteArray got;
        (void)QTest::qWaitFor([&] { got += s.readAll(); return got.contains('\n'); }, 5000);
        return QJsonDocument::fromJson(got).object();
    }

private Q_SLOTS:
    void init() { qRegisterMetaType<policy::Decision>(); }

    void announcesOnlyChanges()
    {
        auto s = settings::Settings::temporary();
        PolicyDriver d(*s, {});
        QSignalSpy changed(&d, &PolicyDriver::decisionChanged);
        QVERIFY(!d.decision().runsAnything()); // nothing known yet
        d.onFacts(idle(60'000));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(d.decision().state, policy::State::WaitingForIdle);
        d.onFacts(idle(61'000)); // the same decision, a new "so far" text: announced for the tooltip
        d.onFacts(idle(10 * 60'000));
        QCOMPARE(d.decision().state, policy::State::Running);
        const int before = changed.count();
        d.onFacts(idle(11 * 60'000));
        QCOMPARE(changed.count(), before); // nothing new
    }

    void inputBetweenSnapshotsStopsAtOnce()
    {
        auto s = settings::Settings::temporary();
        PolicyDriver d(*s, {});
        d.onFacts(idle(10 * 60'000));
        QCOMPARE(d.decision().state, policy::State::Running);
        QSignalSpy changed(&d, &PolicyDriver::decisionChanged);
        d.onInput(40); // FactsThread's fast check saw a key press
        QCOMPARE(changed.count(), 1);
        QCOMPARE(d.decision().state, policy::State::WaitingForIdle);
    }

    void settingsTakeEffectAtOnce()
    {
        auto s = settings::Settings::temporary();
        PolicyDriver d(*s, {});
        d.onFacts(idle(60'000));
        QCOMPARE(d.decision().state, policy::State::WaitingForIdle);
        QVERIFY(s->set(QStringLiteral("idle_minutes"), QStringLiteral("0.5")).ok());
        QCOMPARE(d.decision().state, policy::State::Running);
        QVERIFY(s->set(QStringLiteral("mode"), QStringLiteral("paused")).ok());
        QCOMPARE(d.decision().state, policy::State::PausedByUser);
        QCOMPARE(d.statusJson().value(QLatin1String("mode")).toString(), QStringLiteral("paused"));
    }

    void headlessDefaultsToAlways()
    {
        auto s = settings::Settings::temporary();
        PolicyDriver::Options o;
        o.headless = true;
        PolicyDriver d(*s, o);
        d.onFacts(policy::Facts{}); // no idle source at all, as on a server
        QCOMPARE(d.decision().state, policy::State::Running);
    }

    void pauseEndsOnTime()
    {
        auto s = settings::Settings::temporary();
        QVERIFY(s->set(QStringLiteral("mode"), QStringLiteral("always")).ok());
        PolicyDriver d(*s, {});
        d.onFacts(policy::Facts{});
        QSignalSpy changed(&d, &PolicyDriver::decisionChanged);
        d.pauseFor(300);
        QCOMPARE(d.decision().state, policy::State::PausedByUser);
        QVERIFY(!d.statusJson().value(QLatin1String("paused_until")).isNull());
        // No new snapshot comes: the driver's own re-check ends the pause.
        QVERIFY(QTest::qWaitFor([&] { return d.decision().state == policy::State::Running; }, 3000));
        QVERIFY(d.statusJson().value(QLatin1String("paused_until")).isNull());
    }

    // With the X11 input check running, the last snapshot's idle time grows with the clock: work
    // starts at the idle threshold although the next snapshot is an hour away. The real FactsThread
    // on tests/with-test-env.sh's Xvfb, input by xdotool.
    void idleThresholdBetweenSnapshotsStartsWork()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DISPLAY"), "run inside tests/with-test-env.sh (Xvfb)");
        auto s = settings::Settings::temporary();
        for (const auto &[key, value] : {std::pair{"idle_minutes", "0.1"}, {"run_on_battery", "true"}, {"max_temp_c", "110"},
                                         {"resume_temp_c", "105"}, {"max_other_cpu_pct", "100"}})
            QVERIFY(s->set(QLatin1String(key), QLatin1String(value)).ok());
        PolicyDriver::Options o;
        o.sources.dbus = false;
        o.sources.nvmlLibrary.clear();
        o.sources.gamesFile = QStringLiteral("/nonexistent");
        o.intervalMs = 60 * 60 * 1000; // one snapshot at the start, the next in an hour
        PolicyDriver d(*s, o);
        d.start();
        // The first snapshot's decision: waiting for idle, or already running (no reasons) when the
        // shared Xvfb of a full suite has seen no input for a while.
        QVERIFY(QTest::qWaitFor([&] { return d.decision().reasons.isEmpty() || d.decision().reasons.first().rule != QLatin1String("starting"); }, 20000));
        QProcess xdotool;
        xdotool.start(QStringLiteral("xdotool"), {QStringLiteral("mousemove"), QStringLiteral("321"), QStringLiteral("123")});
        QVERIFY(xdotool.waitForFinished(20000) && xdotool.exitCode() == 0);
        QVERIFY(QTest::qWaitFor([&] { return d.decision().state == policy::State::WaitingForIdle; }, 20000));
        QVERIFY2(QTest::qWaitFor([&] { return d.decision().state == policy::State::Running; }, 60000),
                 qPrintable(d.decision().reasons.isEmpty() ? QString() : d.decision().reasons.first().text));
    }

    void commandsOverTheStatusSocket()
    {
        QTemporaryDir dir;
        auto s = settings::Settings::temporary();
        QVERIFY(s->set(QStringLiteral("mode"), QStringLiteral("always")).ok());
        PolicyDriver d(*s, {});
        d.onFacts(policy::Facts{});
        StatusServer server([&] { return QJsonObject{{QStringLiteral("policy"), d.statusJson()}}; });
        const QString path = dir.filePath(QStringLiteral("node.sock"));
        QVERIFY(server.listen(path).ok());
        d.installCommands(server);
        QJsonObject r = ask(path, "{\"request\":\"pause\",\"for_ms\":3600000}");
        QCOMPARE(r.value(QLatin1String("result")).toObject().value(QLatin1String("state")).toString(), QStringLiteral("paused_by_user"));
        QVERIFY(r.value(QLatin1String("result")).toObject().value(QLatin1String("text")).toString().contains(QStringLiteral("until")));
        r = ask(path, "{\"request\":\"status\"}");
        const QJsonObject policy = r.value(QLatin1String("status")).toObject().value(QLatin1String("policy")).toObject();
        QCOMPARE(policy.value(QLatin1String("reasons")).toArray().first().toObject().value(QLatin1String("rule")).toString(),
                 QStringLiteral("user_pause"));
        r = ask(path, "{\"request\":\"pause\",\"for_ms\":-5}");
        QCOMPARE(r.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("policy.bad_pause"));
        r = ask(path, "{\"request\":\"resume\"}");
        QCOMPARE(r.value(QLatin1String("result")).toObject().value(QLatin1String("state")).toString(), QStringLiteral("running"));
        // Another process (idleforgectl config set) wrote the file; reload_settings takes it.
        settings::Settings writer(s->file());
        QVERIFY(writer.set(QStringLiteral("mode"), QStringLiteral("paused")).ok());
        r = ask(path, "{\"request\":\"reload_settings\"}");
        QCOMPARE(r.value(QLatin1String("result")).toObject().value(QLatin1String("state")).toString(), QStringLiteral("paused_by_user"));
    }
};

QTEST_GUILESS_MAIN(TestPolicyDriver)
#include "TestPolicyDriver.moc"
