#include "policy/PolicyEngine.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <limits>

namespace idleforge::policy {

namespace {
constexpr qint64 kForever = std::numeric_limits<qint64>::max();
constexpr double kCpuBand = 10.0; // percentage points below the limit before CPU work resumes

// "4 min 10 s", "45 s", "2 h 5 min" in the user's locale.
QString duration(qint64 ms)
{
    const QLocale l;
    const qint64 s = std::max<qint64>(0, (ms + 999) / 1000);
    if (s < 60)
        return PolicyEngine::tr("%1 s").arg(l.toString(s));
    if (s < 3600)
        return s % 60 ? PolicyEngine::tr("%1 min %2 s").arg(l.toString(s / 60), l.toString(s % 60)) : PolicyEngine::tr("%1 min").arg(l.toString(s / 60));
    return PolicyEngine::tr("%1 h %2 min").arg(l.toString(s / 3600), l.toString(s / 60 % 60));
}

QString degrees(double c)
{
    return QLocale().toString(c, 'f', 0);
}

void earliest(qint64 &recheck, qint64 at)
{
    if (at > 0 && (recheck == 0 || at < recheck))
        recheck = at;
}
} // namespace

QString stateId(State state)
{
    switch (state) {
    case State::Running: return QStringLiteral("running");
    case State::WaitingForIdle: return QStringLiteral("waiting_for_idle");
    case State::PausedByUser: return QStringLiteral("paused_by_user");
    case State::PausedGame: return QStringLiteral("paused_game");
    case State::PausedFullscreen: return QStringLiteral("paused_fullscreen");
    case State::PausedMedia: return QStringLiteral("paused_media");
    case State::PausedGpuBusy: return QStringLiteral("paused_gpu_busy");
    case State::PausedCpuBusy: return QStringLiteral("paused_cpu_busy");
    case State::PausedThermal: return QStringLiteral("paused_thermal");
    case State::PausedBattery: return QStringLiteral("paused_battery");
    case State::PausedSchedule: return QStringLiteral("paused_schedule");
    }
    return QStringLiteral("running");
}

QString modeId(Mode mode)
{
    switch (mode) {
    case Mode::Auto: return QStringLiteral("auto");
    case Mode::Always: return QStringLiteral("always");
    case Mode::Paused: return QStringLiteral("paused");
    }
    return QStringLiteral("auto");
}

std::optional<Mode> modeFromId(const QString &id)
{
    for (Mode m : {Mode::Auto, Mode::Always, Mode::Paused})
        if (modeId(m) == id)
            return m;
    return std::nullopt;
}

PolicyEngine::PolicyEngine(PolicySettings settings, const Clock &clock, QTimeZone zone)
    : m_settings(std::move(settings)), m_clock(clock), m_zone(std::move(zone))
{
}

void PolicyEngine::pauseFor(qint64 ms)
{
    m_pausedUntilMs = m_clock.msecsSinceEpoch() + std::max<qint64>(0, ms);
}

void PolicyEngine::pauseUntilResumed()
{
    m_pausedUntilMs = kForever;
}

void PolicyEngine::resume()
{
    m_pausedUntilMs = 0;
}

Decision PolicyEngine::evaluate(const Facts &facts)
{
    const qint64 now = m_clock.msecsSinceEpoch();
    Decision d;
    d.runCpu = true;
    d.runGpu = facts.hasGpu;
    m_recheck = 0;
    userRules(d, now);
    machineRules(d, facts, now);
    if (m_settings.mode == Mode::Auto)
        presenceRules(d, facts, now);
    loadRules(d, facts, now);
    d.state = d.runsAnything() ? State::Running : m_firstState;
    d.recheckAtMs = m_recheck;
    return d;
}

void PolicyEngine::block(Decision &d, State state, Blocks what, const QString &rule, const QString &text)
{
    if (d.reasons.isEmpty())
        m_firstState = state;
    d.reasons.append({rule, text});
    d.runCpu = d.runCpu && !what.cpu;
    d.runGpu = d.runGpu && !what.gpu;
}

bool PolicyEngine::settling(bool active, qint64 &lastMs, qint64 now, qint64 &recheck) const
{
    if (active) {
        lastMs = now;
        earliest(recheck, now + m_settings.settleMs);
        return true;
    }
    if (lastMs != 0 && now - lastMs < m_settings.settleMs) {
        earliest(recheck, lastMs + m_settings.settleMs);
        return true;
    }
    lastMs = 0;
    return false;
}

void PolicyEngine::userRules(Decision &d, qint64 now)
{
    const Blocks all{true, true};
    if (m_settings.mode == Mode::Paused)
        block(d, State::PausedByUser, all, QStringLiteral("mode_paused"), tr("Paused in the settings (mode: paused)"));
    if (m_pausedUntilMs != 0 && m_pausedUntilMs <= now)
        m_pausedUntilMs = 0; // a pause for a while is over
    if (m_pausedUntilMs == kForever) {
        block(d, State::PausedByUser, all, QStringLiteral("user_pause"), tr("Paused until you resume"));
    } else if (m_pausedUntilMs != 0) {
        const QDateTime until = QDateTime::fromMSecsSinceEpoch(m_pausedUntilMs, m_zone);
        block(d, State::PausedByUser, all, QStringLiteral("user_pause"),
              tr("Paused by you until %1").arg(QLocale().toString(until.time(), QLocale::ShortFormat)));
        earliest(m_recheck, m_pausedUntilMs);
    }
}

void PolicyEngine::machineRules(Decision &d, const Facts &f, qint64 now)
{
    const Blocks all{true, true};
    if (settling(!f.gamesRunning.isEmpty(), m_lastGameMs, now, m_recheck))
        block(d, State::PausedGame, all, QStringLiteral("game"),
              f.gamesRunning.isEmpty() ? tr("A game just ended; resuming in %1").arg(duration(m_lastGameMs + m_settings.settleMs - now))
                                       : tr("Game running: %1").arg(f.gamesRunning.join(QStringLiteral(", "))));
    if (settling(!f.exclusiveAppsRunning.isEmpty(), m_lastExclusiveMs, now, m_recheck))
        block(d, State::PausedGame, all, QStringLiteral("exclusive_app"),
              f.exclusiveAppsRunning.isEmpty()
                  ? tr("An exclusive app just ended; resuming in %1").arg(duration(m_lastExclusiveMs + m_settings.settleMs - now))
                  : tr("%1 is running (exclusive apps)").arg(f.exclusiveAppsRunning.join(QStringLiteral(", "))));
    if (f.onBattery.value_or(false) && !m_settings.runOnBattery)
        block(d, State::PausedBattery, all, QStringLiteral("battery"), tr("On battery power"));
    thermalRule(d, f);
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(now, m_zone);
    if (!m_settings.schedule.isAlways()) {
        if (!m_settings.schedule.allows(local))
            block(d, State::PausedSchedule, all, QStringLiteral("schedule"),
                  tr("Outside the schedule (%1)").arg(m_settings.schedule.toString()));
        if (const QDateTime next = m_settings.schedule.nextChange(local); next.isValid())
            earliest(m_recheck, next.toMSecsSinceEpoch());
    }
}

void PolicyEngine::thermalRule(Decision &d, const Facts &f)
{
    // Hysteresis: hot above max_temp_c, cool again only below resume_temp_c. A sensor that
    // goes away clears its latch (no reading is no reason to stop).
    const auto latch = [this](bool &hot, std::optional<double> t) {
        if (!t)
            hot = false;
        else if (*t > m_settings.maxTempC)
            hot = true;
        else if (*t < m_settings.resumeTempC)
            hot = false;
        return hot;
    };
    const auto text = [this](const QString &what, double t) {
        return tr("%1 at %2 °C (limit %3 °C; resumes below %4 °C)")
            .arg(what, degrees(t), degrees(m_settings.maxTempC), degrees(m_settings.resumeTempC));
    };
    if (latch(m_cpuHot, f.cpuTempC))
        block(d, State::PausedThermal, {true, false}, QStringLiteral("thermal"), text(tr("CPU"), *f.cpuTempC));
    if (latch(m_gpuHot, f.gpuTempC))
        block(d, State::PausedThermal, {false, true}, QStringLiteral("thermal"), text(tr("GPU"), *f.gpuTempC));
}

void PolicyEngine::presenceRules(Decision &d, const Facts &f, qint64 now)
{
    const Blocks all{true, true};
    // A fullscreen window or a playing player is a user who is there without touching anything.
    if (f.fullscreen.value_or(false) && !f.screenLocked) {
        m_lastPresenceMs = now;
        block(d, State::PausedFullscreen, all, QStringLiteral("fullscreen"), tr("A fullscreen window is open"));
    }
    if (!f.mediaPlaying.isEmpty()) {
        m_lastPresenceMs = now;
        block(d, State::PausedMedia, all, QStringLiteral("media"), tr("Media playing: %1").arg(f.mediaPlaying.join(QStringLiteral(", "))));
    }
    if (f.screenLocked)
        return; // away, whatever the idle counter says
    if (!f.inputIdleMs) {
        block(d, State::WaitingForIdle, all, QStringLiteral("input"),
              tr("Cannot tell when you are away (no idle-time source); set mode to always to compute anyway"));
        return;
    }
    const qint64 need = qint64(m_settings.idleMinutes * 60'000.0);
    const qint64 idle = m_lastPresenceMs ? std::min(*f.inputIdleMs, now - m_lastPresenceMs) : *f.inputIdleMs;
    if (idle < need) {
        block(d, State::WaitingForIdle, all, QStringLiteral("input"),
              tr("Waiting for %1 without input (%2 so far)").arg(duration(need), duration(idle)));
        earliest(m_recheck, now + need - idle);
    }
}

void PolicyEngine::loadRules(Decision &d, const Facts &f, qint64 now)
{
    if (!f.otherCpuPercent)
        m_cpuBusy = false;
    else if (*f.otherCpuPercent > m_settings.maxOtherCpuPct)
        m_cpuBusy = true;
    else if (*f.otherCpuPercent < m_settings.maxOtherCpuPct - kCpuBand)
        m_cpuBusy = false;
    if (m_cpuBusy)
        block(d, State::PausedCpuBusy, {true, false}, QStringLiteral("cpu_busy"),
              tr("Other programs use %1 % of the CPU (limit %2 %)")
                  .arg(QLocale().toString(*f.otherCpuPercent, 'f', 0), QLocale().toString(m_settings.maxOtherCpuPct, 'f', 0)));
    if (settling(f.otherGpuProcesses.value_or(0) > 0, m_lastGpuBusyMs, now, m_recheck))
        block(d, State::PausedGpuBusy, {false, true}, QStringLiteral("gpu_busy"),
              f.otherGpuProcesses.value_or(0) > 0 ? tr("Another program is using the GPU")
                                                  : tr("The GPU was just in use; resuming in %1")
                                                        .arg(duration(m_lastGpuBusyMs + m_settings.settleMs - now)));
}

} // namespace idleforge::policy
