// The policy machine rule by rule, their combinations and their hysteresis, on a ManualClock in
// UTC: idle time (fractions, input while running, no idle source), games and exclusive apps with
// their settle time, fullscreen and media as presence, thermal and CPU latches, GPU-only and
// CPU-only blocks, battery, the schedule, the user's pauses and the three modes.
#include "policy/PolicyEngine.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::policy;

namespace {
constexpr qint64 kMin = 60'000;

Facts idleFor(qint64 ms)
{
    Facts f;
    f.inputIdleMs = ms;
    return f;
}

QStringList rulesOf(const Decision &d)
{
    QStringList r;
    for (const Reason &x : d.reasons)
        r << x.rule;
    return r;
}
} // namespace

class TestPolicyEngine : public QObject {
    Q_OBJECT
    ManualClock clock; // 2023-11-14 22:13:20 UTC, a Tuesday

    PolicyEngine engine(PolicySettings s = {}) { return PolicyEngine(s, clock, QTimeZone::utc()); }

private Q_SLOTS:
    void init() { clock.set(QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC)); }

    void statesHaveTheirIds()
    {
        QCOMPARE(stateId(State::Running), QStringLiteral("running"));
        QCOMPARE(stateId(State::WaitingForIdle), QStringLiteral("waiting_for_idle"));
        QCOMPARE(stateId(State::PausedByUser), QStringLiteral("paused_by_user"));
        QCOMPARE(stateId(State::PausedGame), QStringLiteral("paused_game"));
        QCOMPARE(stateId(State::PausedFullscreen), QStringLiteral("paused_fullscreen"));
        QCOMPARE(stateId(State::PausedMedia), QStringLiteral("paused_media"));
        QCOMPARE(stateId(State::PausedGpuBusy), QStringLiteral("paused_gpu_busy"));
        QCOMPARE(stateId(State::PausedCpuBusy), QStringLiteral("paused_cpu_busy"));
        QCOMPARE(stateId(State::PausedThermal), QStringLiteral("paused_thermal"));
        QCOMPARE(stateId(State::PausedBattery), QStringLiteral("paused_battery"));
        QCOMPARE(stateId(State::PausedSchedule), QStringLiteral("paused_schedule"));
        QCOMPARE(modeFromId(QStringLiteral("always")), std::optional<Mode>(Mode::Always));
        QCOMPARE(modeFromId(QStringLiteral("sometimes")), std::nullopt);
    }

    void runsAfterIdleMinutes()
    {
        auto e = engine();
        Decision d = e.evaluate(idleFor(4 * kMin));
        QCOMPARE(d.state, State::WaitingForIdle);
        QVERIFY(!d.runCpu && !d.runGpu);
        QCOMPARE(rulesOf(d), QStringList{QStringLiteral("input")});
        QCOMPARE(d.recheckAtMs, clock.msecsSinceEpoch() + kMin); // when the same facts would let it run
        d = e.evaluate(idleFor(5 * kMin));
        QCOMPARE(d.state, State::Running);
        QVERIFY(d.runCpu);
        QVERIFY(!d.runGpu); // no GPU work on this machine
        QVERIFY(d.reasons.isEmpty());
    }

    void inputWhileRunningStopsAtOnce()
    {
        auto e = engine();
        QVERIFY(e.evaluate(idleFor(6 * kMin)).runCpu);
        clock.advance(1000);
        const Decision d = e.evaluate(idleFor(150)); // a mouse move
        QCOMPARE(d.state, State::WaitingForIdle);
        QVERIFY(!d.runCpu);
    }

    void fractionalIdleMinutes()
    {
        PolicySettings s;
        s.idleMinutes = 0.1; // 6 s
        auto e = engine(s);
        QVERIFY(!e.evaluate(idleFor(5'999)).runCpu);
        QVERIFY(e.evaluate(idleFor(6'000)).runCpu);
    }

    void noIdleSourceWaitsUnlessAlways()
    {
        auto e = engine();
        const Decision d = e.evaluate(Facts{});
        QCOMPARE(d.state, State::WaitingForIdle);
        QVERIFY(d.reasons.value(0).text.contains(QStringLiteral("always")));
        PolicySettings always;
        always.mode = Mode::Always;
        e.setSettings(always);
        QCOMPARE(e.evaluate(Facts{}).state, State::Running);
    }

    void lockedScreenIsAway()
    {
        auto e = engine();
        Facts f = idleFor(1000); // the idle counter reset by typing at the lock screen
        f.screenLocked = true;
        f.fullscreen = true; // lock screens are fullscreen: not a present user
        QCOMPARE(e.evaluate(f).state, State::Running);
    }

    void gameBlocksEverythingAndSettles()
    {
        PolicySettings s;
        s.mode = Mode::Always; // games count even on a dedicated machine
        auto e = engine(s);
        Facts f;
        f.hasGpu = true;
        f.gamesRunning = {QStringLiteral("Steam app 570")};
        Decision d = e.evaluate(f);
        QCOMPARE(d.state, State::PausedGame);
        QVERIFY(!d.runCpu && !d.runGpu);
        QVERIFY(d.reasons.value(0).text.contains(QStringLiteral("Steam app 570")));
        clock.advance(1000);
        f.gamesRunning.clear();
        d = e.evaluate(f);
        QCOMPARE(d.state, State::PausedGame); // settling: a game's menu or restart is no idle PC
        QCOMPARE(d.recheckAtMs, clock.msecsSinceEpoch() + 9000);
        clock.advance(9000);
        d = e.evaluate(f);
        QCOMPARE(d.state, State::Running);
        QVERIFY(d.runCpu && d.runGpu);
    }

    void exclusiveAppIsAGame()
    {
        auto e = engine();
        Facts f = idleFor(10 * kMin);
        f.exclusiveAppsRunning = {QStringLiteral("blender")};
        const Decision d = e.evaluate(f);
        QCOMPARE(d.state, State::PausedGame);
        QCOMPARE(rulesOf(d), QStringList{QStringLiteral("exclusive_app")});
    }

    void fullscreenAndMediaArePresence()
    {
        auto e = engine();
        Facts f = idleFor(30 * kMin); // no input for half an hour: watching a film
        f.fullscreen = true;
        QCOMPARE(e.evaluate(f).state, State::PausedFullscreen);
        f.fullscreen = false;
        f.mediaPlaying = {QStringLiteral("VLC media player")};
        clock.advance(60 * kMin);
        f.inputIdleMs = *f.inputIdleMs + 60 * kMin;
        Decision d = e.evaluate(f);
        QCOMPARE(d.state, State::PausedMedia);
        QVERIFY(d.reasons.value(0).text.contains(QStringLiteral("VLC")));
        // The film ends: idle counts from then, not from the last key press.
        f.mediaPlaying.clear();
        clock.advance(1000);
        d = e.evaluate(f);
        QCOMPARE(d.state, State::WaitingForIdle);
        clock.advance(5 * kMin);
        QCOMPARE(e.evaluate(f).state, State::Running);
    }

    void alwaysIgnoresPresence()
    {
        PolicySettings s;
        s.mode = Mode::Always;
        auto e = engine(s);
        Facts f = idleFor(0);
        f.fullscreen = true;
        f.mediaPlaying = {QStringLiteral("mpv")};
        QCOMPARE(e.evaluate(f).state, State::Running);
    }

    void thermalHysteresisPerDevice()
    {
        PolicySettings s;
        s.mode = Mode::Always;
        auto e = engine(s);
        Facts f;
        f.hasGpu = true;
        f.cpuTempC = 85;
        Decision d = e.evaluate(f);
        QVERIFY(!d.runCpu && d.runGpu); // a hot CPU stops CPU work only
        QCOMPARE(d.state, State::Running);
        QCOMPARE(rulesOf(d), QStringList{QStringLiteral("thermal")});
        f.cpuTempC = 75; // below the limit, above the resume point: still stopped
        QVERIFY(!e.evaluate(f).runCpu);
        f.cpuTempC = 69;
        QVERIFY(e.evaluate(f).runCpu);
        f.hasGpu = false; // a CPU-only machine: a hot CPU is the state
        f.cpuTempC = 90;
        d = e.evaluate(f);
        QCOMPARE(d.state, State::PausedThermal);
        QVERIFY(d.reasons.value(0).text.contains(QStringLiteral("90")));
    }

    void cpuBusyHysteresis()
    {
        PolicySettings s;
        s.mode = Mode::Always;
        auto e = engine(s);
        Facts f;
        f.otherCpuPercent = 60;
        QCOMPARE(e.evaluate(f).state, State::PausedCpuBusy);
        f.otherCpuPercent = 45; // under 50 but within the 10-point band
        QCOMPARE(e.evaluate(f).state, State::PausedCpuBusy);
        f.otherCpuPercent = 39;
        QCOMPARE(e.evaluate(f).state, State::Running);
        f.otherCpuPercent = 50; // at the limit is not over it
        QCOMPARE(e.evaluate(f).state, State::Running);
    }

    void otherGpuUserStopsGpuWorkOnly()
    {
        PolicySettings s;
        s.mode = Mode::Always;
        s.settleMs = 5000;
        auto e = engine(s);
        Facts f;
        f.hasGpu = true;
        f.otherGpuProcesses = 1;
        Decision d = e.evaluate(f);
        QVERIFY(d.runCpu && !d.runGpu);
        QCOMPARE(rulesOf(d), QStringList{QStringLiteral("gpu_busy")});
        f.otherGpuProcesses = 0;
        clock.advance(4000);
        QVERIFY(!e.evaluate(f).runGpu);
        clock.advance(1000);
        QVERIFY(e.evaluate(f).runGpu);
    }

    void batteryUnlessAllowed()
    {
        PolicySettings s;
        s.mode = Mode::Always;
        auto e = engine(s);
        Facts f;
        f.onBattery = true;
        QCOMPARE(e.evaluate(f).state, State::PausedBattery);
        s.runOnBattery = true;
        e.setSettings(s);
        QCOMPARE(e.evaluate(f).state, State::Running);
    }

    void scheduleWithItsNextChange()
    {
        PolicySettings s;
        s.mode = Mode::Always;
        s.schedule = *Schedule::parse(QStringLiteral("daily 1-7")); // it is 22:13 UTC
        auto e = engine(s);
        Decision d = e.evaluate(Facts{});
        QCOMPARE(d.state, State::PausedSchedule);
        QCOMPARE(d.recheckAtMs, QDateTime(QDate(2023, 11, 15), QTime(1, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        clock.set(QDateTime(QDate(2023, 11, 15), QTime(1, 0), QTimeZone::utc()));
        d = e.evaluate(Facts{});
        QCOMPARE(d.state, State::Running);
        QCOMPARE(d.recheckAtMs, QDateTime(QDate(2023, 11, 15), QTime(7, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    }

    void userPauses()
    {
        PolicySettings s;
        s.mode = Mode::Always;
        auto e = engine(s);
        e.pauseFor(60 * kMin);
        Decision d = e.evaluate(Facts{});
        QCOMPARE(d.state, State::PausedByUser);
        QCOMPARE(rulesOf(d), QStringList{QStringLiteral("user_pause")});
        QCOMPARE(d.recheckAtMs, clock.msecsSinceEpoch() + 60 * kMin);
        clock.advance(60 * kMin);
        QCOMPARE(e.evaluate(Facts{}).state, State::Running);
        QCOMPARE(e.pausedUntilMs(), qint64(0));
        e.pauseUntilResumed();
        clock.advance(24 * 60 * kMin);
        QCOMPARE(e.evaluate(Facts{}).state, State::PausedByUser);
        e.resume();
        QCOMPARE(e.evaluate(Facts{}).state, State::Running);
        s.mode = Mode::Paused;
        e.setSettings(s);
        QCOMPARE(rulesOf(e.evaluate(Facts{})), QStringList{QStringLiteral("mode_paused")});
    }

    void combinationsListEveryReasonInOrder()
    {
        auto e = engine();
        Facts f = idleFor(kMin);
        f.hasGpu = true;
        f.gamesRunning = {QStringLiteral("cs2.exe")};
        f.onBattery = true;
        f.gpuTempC = 90;
        f.mediaPlaying = {QStringLiteral("Spotify")};
        f.otherCpuPercent = 80;
        const Decision d = e.evaluate(f);
        QCOMPARE(d.state, State::PausedGame);
        QCOMPARE(rulesOf(d), (QStringList{QStringLiteral("game"), QStringLiteral("battery"), QStringLiteral("thermal"),
                                          QStringLiteral("media"), QStringLiteral("input"), QStringLiteral("cpu_busy")}));
        e.pauseUntilResumed();
        QCOMPARE(e.evaluate(f).state, State::PausedByUser); // the user's own word comes first
    }
};

QTEST_GUILESS_MAIN(TestPolicyEngine)
#include "TestPolicyEngine.moc"
