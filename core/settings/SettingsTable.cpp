#include "policy/Schedule.h"
#include "settings/Settings.h"

#include <QCoreApplication>

namespace idleforge::settings {

namespace {
QString checkSchedule(const QString &text)
{
    auto s = policy::Schedule::parse(text);
    return s ? QString() : s.error().message;
}

// A comma-separated list of process names (as /proc/<pid>/comm or the .exe name shows them).
QString checkProcessList(const QString &text)
{
    for (const QString &raw : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = raw.trimmed();
        if (name.isEmpty() || name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) || name.size() > 255)
            return QStringLiteral("'%1' is not a process name (no paths; names are separated by commas)").arg(name);
    }
    return {};
}

QList<Key> makeTable()
{
#define D(text) QStringLiteral(QT_TRANSLATE_NOOP("idleforge::settings", text))
    return {
        {QStringLiteral("mode"), Type::Choice, QStringLiteral("auto"), 0, 0,
         {QStringLiteral("auto"), QStringLiteral("always"), QStringLiteral("paused")},
         D("When to compute: auto (only while you are away and nothing else needs the machine), always (a dedicated "
           "machine: ignores input, fullscreen and media; the default of --headless), paused."),
         {}},
        {QStringLiteral("idle_minutes"), Type::Double, 5.0, 0.05, 1440, {},
         D("Minutes without keyboard or mouse input before work starts (fractions allowed)."), {}},
        {QStringLiteral("exclusive_apps"), Type::String, QString(), 0, 0, {},
         D("Programs that pause all work while they run, by process name, separated by commas."), checkProcessList},
        {QStringLiteral("max_other_cpu_pct"), Type::Double, 50.0, 1, 100, {},
         D("Pause CPU work while other programs use more than this share of the CPU (percent, over 10 s)."), {}},
        {QStringLiteral("max_temp_c"), Type::Double, 83.0, 40, 110, {},
         D("Pause work on a CPU or GPU hotter than this (degrees Celsius)."), {}},
        {QStringLiteral("resume_temp_c"), Type::Double, 70.0, 30, 105, {},
         D("Resume once it has cooled below this (degrees Celsius; below max_temp_c)."), {}},
        {QStringLiteral("run_on_battery"), Type::Bool, false, 0, 0, {}, D("Compute while the machine runs on battery."), {}},
        {QStringLiteral("schedule"), Type::String, QStringLiteral("always"), 0, 0, {},
         D("The hours work may run, e.g. 'mon-fri 18-8; sat,sun 0-24' (always: every hour)."), checkSchedule},
        {QStringLiteral("notifications"), Type::Bool, true, 0, 0, {},
         D("Say when work starts after idle, when it pauses for a game, when a task is verified and paid, when an audit of your work fails, when a dispute is won or lost and when stake is slashed."), {}},
        {QStringLiteral("autostart"), Type::Bool, true, 0, 0, {}, D("Start IdleForge minimized in the tray at login."), {}},
    };
#undef D
}
} // namespace

const QList<Key> &table()
{
    static const QList<Key> keys = makeTable();
    return keys;
}

const Key *find(const QString &name)
{
    for (const Key &k : table())
        if (k.name == name)
            return &k;
    return nullptr;
}

} // namespace idleforge::settings
