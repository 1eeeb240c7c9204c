#include "settings/PolicySettings.h"

#include "settings/Settings.h"

namespace idleforge::settings {

policy::PolicySettings policySettings(const Settings &s, bool headless)
{
    policy::PolicySettings p;
    const QString mode = s.value(QStringLiteral("mode")).toString();
    p.mode = (headless && !s.isSet(QStringLiteral("mode"))) ? policy::Mode::Always
                                                           : policy::modeFromId(mode).value_or(policy::Mode::Auto);
    p.idleMinutes = s.value(QStringLiteral("idle_minutes")).toDouble();
    p.maxOtherCpuPct = s.value(QStringLiteral("max_other_cpu_pct")).toDouble();
    p.maxTempC = s.value(QStringLiteral("max_temp_c")).toDouble();
    p.resumeTempC = s.value(QStringLiteral("resume_temp_c")).toDouble();
    p.runOnBattery = s.value(QStringLiteral("run_on_battery")).toBool();
    if (auto schedule = policy::Schedule::parse(s.value(QStringLiteral("schedule")).toString()))
        p.schedule = *schedule; // Settings::value() checked it already; a bad file gives the default
    return p;
}

QStringList exclusiveApps(const Settings &s)
{
    QStringList apps;
    for (const QString &name : s.value(QStringLiteral("exclusive_apps")).toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        apps << name.trimmed();
    return apps;
}

} // namespace idleforge::settings
