#include "crypto/Base58.h"
#include "policy/Schedule.h"
#include "settings/Settings.h"

#include <QCoreApplication>
#include <QUrl>

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
            return QCoreApplication::translate("idleforge::settings", "'%1' is not a process name (no paths; names are separated by commas)").arg(name);
    }
    return {};
}

// A coordinator address: empty (stay offline unless --coordinator or --devnet) or ws(s)://host[:port].
QString checkCoordinatorUrl(const QString &text)
{
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")) || url.host().isEmpty())
        return QCoreApplication::translate("idleforge::settings", "expected ws://host:port or wss://host:port");
    return {};
}

// The coordinator's public key: empty, or base58 of 32 bytes (an Ed25519 key).
QString checkCoordinatorKey(const QString &text)
{
    if (text.isEmpty())
        return {};
    const QByteArray latin = text.toLatin1();
    const auto bytes = crypto::base58Decode(std::string_view(latin.constData(), std::size_t(latin.size())));
    if (!bytes || bytes->size() != 32)
        return QCoreApplication::translate("idleforge::settings", "expected the coordinator's Ed25519 public key in base58 (32 bytes)");
    return {};
}

QList<Key> makeTable()
{
#define D(text) QStringLiteral(QT_TRANSLATE_NOOP("idleforge::settings", text))
    const QString compute = D("When to compute"), app = D("Application"), network = D("Network");
    return {
        {QStringLiteral("mode"), Type::Choice, QStringLiteral("auto"), 0, 0,
         {QStringLiteral("auto"), QStringLiteral("always"), QStringLiteral("paused")},
         D("When to compute: auto (only while you are away and nothing else needs the machine), always (a dedicated "
           "machine: ignores input, fullscreen and media; the default of --headless), paused."),
         {}, D("Mode"), compute, {}},
        {QStringLiteral("idle_minutes"), Type::Double, 5.0, 0.05, 1440, {},
         D("Minutes without keyboard or mouse input before work starts (fractions allowed)."), {}, D("Idle time (minutes)"),
         compute, {}},
        {QStringLiteral("exclusive_apps"), Type::String, QString(), 0, 0, {},
         D("Programs that pause all work while they run, by process name, separated by commas."), checkProcessList,
         D("Exclusive programs"), compute, {}},
        {QStringLiteral("max_other_cpu_pct"), Type::Double, 50.0, 1, 100, {},
         D("Pause CPU work while other programs use more than this share of the CPU (percent, over 10 s)."), {},
         D("Other programs' CPU use (%)"), compute, {}},
        {QStringLiteral("max_temp_c"), Type::Double, 83.0, 40, 110, {},
         D("Pause work on a CPU or GPU hotter than this (degrees Celsius)."), {}, D("Pause above (°C)"), compute, {}},
        {QStringLiteral("resume_temp_c"), Type::Double, 70.0, 30, 105, {},
         D("Resume once it has cooled below this (degrees Celsius; below the pause temperature)."), {}, D("Resume below (°C)"), compute, {}},
        {QStringLiteral("run_on_battery"), Type::Bool, false, 0, 0, {}, D("Compute while the machine runs on battery."), {},
         D("Run on battery"), compute, {}},
        {QStringLiteral("schedule"), Type::String, QStringLiteral("always"), 0, 0, {},
         D("The hours work may run, e.g. 'mon-fri 18-8; sat,sun 0-24' (always: every hour)."), checkSchedule,
         D("Schedule"), compute, QStringLiteral("schedule")},
        {QStringLiteral("notifications"), Type::Bool, true, 0, 0, {},
         D("Say when work starts after idle, when it pauses for a game, when a task is verified and paid, when an audit of "
           "your work fails, when a dispute is won or lost and when stake is slashed."), {}, D("Notifications"), app, {}},
        {QStringLiteral("autostart"), Type::Bool, true, 0, 0, {}, D("Start IdleForge minimized in the tray at login."), {},
         D("Start at login"), app, {}},
        {QStringLiteral("language"), Type::Choice, QStringLiteral("system"), 0, 0,
         {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("es"), QStringLiteral("zh_CN")},
         D("The language of the dashboard and the tray (system: the desktop's language)."), {}, D("Language"), app, {}},
        {QStringLiteral("coordinator_url"), Type::String, QString(), 0, 0, {},
         D("The coordinator to provide to, ws://host:port or wss://host:port; empty: stay offline. --coordinator and "
           "--devnet take precedence. Takes effect at the next start."),
         checkCoordinatorUrl, D("Coordinator address"), network, {}},
        {QStringLiteral("coordinator_key"), Type::String, QString(), 0, 0, {},
         D("The coordinator's public key (base58), pinned: receipts are checked against it. --coordinator-key takes "
           "precedence. Takes effect at the next start."),
         checkCoordinatorKey, D("Coordinator key"), network, {}},
        {QStringLiteral("onboarding_step"), Type::Int, qint64(0), 0, 100, {},
         D("How far the first-run guide got (100: done; it is not shown again)."), {}, D("First-run guide"), app, {}, true},
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
