#pragma once
// When to compute: a pure state machine from Facts (core/platform) and the user's settings to a
// Decision. No OS calls and no timers: time comes from the injected Clock, so every rule and its
// hysteresis is tested with a ManualClock; the node asks again at each new snapshot of facts
// and at Decision::recheckAtMs.
//
// Rules (rule id: what blocks, the setting; README.md has the table):
//   user_pause    the user paused, for a while or until resumed          pauseFor/pauseUntilResumed
//   mode_paused   mode = paused                                          mode
//   game          a game runs (Steam, games list), settle after it ends  -
//   exclusive_app a process named in exclusive_apps runs                 exclusive_apps
//   battery       on battery                                             run_on_battery
//   thermal       CPU/GPU above max_temp_c until below resume_temp_c     max_temp_c, resume_temp_c
//   schedule      outside the weekly schedule                            schedule
//   fullscreen    a fullscreen window (a present user)                   - (mode auto only)
//   media         media playing (a present user)                         - (mode auto only)
//   input         input within idle_minutes (also since the last         idle_minutes (mode auto only)
//                 fullscreen or playing moment: they count as presence)
//   cpu_busy      other processes over max_other_cpu_pct (CPU work only) max_other_cpu_pct
//   gpu_busy      other processes on the GPU (GPU work only)             -
// Mode `always` (dedicated machines, the --headless default) drops the three presence rules.
// The state is that of the first blocking rule in this order, `running` when CPU or GPU work may
// run; every blocking rule is listed in reasons, with text for the tray and `idleforgectl status`.
#include "base/Clock.h"
#include "policy/Facts.h"
#include "policy/Schedule.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QTimeZone>

namespace idleforge::policy {

enum class State {
    Running,
    WaitingForIdle,
    PausedByUser,
    PausedGame,
    PausedFullscreen,
    PausedMedia,
    PausedGpuBusy,
    PausedCpuBusy,
    PausedThermal,
    PausedBattery,
    PausedSchedule,
};
QString stateId(State state); // "running", "waiting_for_idle", "paused_by_user", ...

enum class Mode { Auto, Always, Paused };
QString modeId(Mode mode);
std::optional<Mode> modeFromId(const QString &id);

struct PolicySettings {
    Mode mode = Mode::Auto;
    double idleMinutes = 5.0;
    double maxOtherCpuPct = 50.0;
    double maxTempC = 83.0;
    double resumeTempC = 70.0;
    bool runOnBattery = false;
    Schedule schedule;
    qint64 settleMs = 10'000; // a game, exclusive app or other GPU user gone this long before work resumes
};

struct Reason {
    QString rule; // stable id, see above
    QString text; // translated, for people
    bool operator==(const Reason &) const = default;
};

struct Decision {
    State state = State::WaitingForIdle;
    bool runCpu = false;
    bool runGpu = false; // never without Facts::hasGpu
    QList<Reason> reasons; // every rule that blocks something, in the order above
    qint64 recheckAtMs = 0; // the next moment the decision can change with the same facts
    bool runsAnything() const { return runCpu || runGpu; }
};

class PolicyEngine {
    Q_DECLARE_TR_FUNCTIONS(PolicyEngine) // the reasons' texts, translated when decided
public:
    static constexpr qint64 kPollMs = 1000;

    explicit PolicyEngine(PolicySettings settings = {}, const Clock &clock = Clock::instance(),
                          QTimeZone zone = QTimeZone::systemTimeZone());

    void setSettings(const PolicySettings &settings) { m_settings = settings; }
    const PolicySettings &settings() const { return m_settings; }

    // The user's own pause: for `ms` from now, or until resume().
    void pauseFor(qint64 ms);
    void pauseUntilResumed();
    void resume();
    // When the user's pause ends: 0 none, INT64_MAX until resumed.
    qint64 pausedUntilMs() const { return m_pausedUntilMs; }

    // Stateful (thermal and CPU latches, settle times, the last moment of presence): call it
    // with each new snapshot, in time order.
    Decision evaluate(const Facts &facts);

private:
    struct Blocks {
        bool cpu = false, gpu = false;
    };
    void block(Decision &d, State state, Blocks what, const QString &rule, const QString &text);
    void userRules(Decision &d, qint64 now);
    void machineRules(Decision &d, const Facts &f, qint64 now);
    void thermalRule(Decision &d, const Facts &f);
    void presenceRules(Decision &d, const Facts &f, qint64 now);
    void loadRules(Decision &d, const Facts &f, qint64 now);
    // True while `active`, and for settleMs after it was last active (`lastMs` remembers when).
    bool settling(bool active, qint64 &lastMs, qint64 now, qint64 &recheck) const;

    PolicySettings m_settings;
    const Clock &m_clock;
    QTimeZone m_zone;
    qint64 m_pausedUntilMs = 0;
    qint64 m_lastGameMs = 0, m_lastExclusiveMs = 0, m_lastGpuBusyMs = 0;
    qint64 m_lastPresenceMs = 0; // fullscreen or media seen (they count as input)
    bool m_cpuHot = false, m_gpuHot = false, m_cpuBusy = false;
    State m_firstState = State::Running;
    qint64 m_recheck = 0;
};

} // namespace idleforge::policy
