// idleforgectl config: the settings table (core/settings) from the command line.
//
//   idleforgectl config list [--json]     every setting: value, default, type, range, meaning
//   idleforgectl config get KEY
//   idleforgectl config set KEY VALUE
//   idleforgectl config reset KEY         back to the default
//
// The file is the node's own (Settings::defaultFile() of --data-dir or the default data dir). A
// change is written there, then the running node (if any) is told to read it again, so it
// takes effect at once; without a node it takes effect at the next start. A bad key or value
// changes nothing and says which.
#include "Cli.h"
#include "Commands.h"
#include "NodeSocket.h"

#include "base/Paths.h"
#include "settings/Settings.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QTextStream>

#include <cstdio>

namespace idleforge::ctl {

namespace {

const char *kUsage =
    "usage: idleforgectl config list [--json]\n"
    "       idleforgectl config get KEY\n"
    "       idleforgectl config set KEY VALUE\n"
    "       idleforgectl config reset KEY\n"
    "  --data-dir DIR     the node's data directory (default: IDLEFORGE_HOME or the standard one)\n"
    "  --socket NAME      tell the node on this local socket about a change\n"
    "  --timeout-ms N     wait at most N ms for the running node (default 5000)\n";

const Cli cli("config");

QString rangeText(const settings::Key &k)
{
    switch (k.type) {
    case settings::Type::Int:
    case settings::Type::Double:
        return QStringLiteral("%1..%2").arg(k.min, 0, 'g', 15).arg(k.max, 0, 'g', 15);
    case settings::Type::Choice:
        return k.choices.join(QLatin1Char('|'));
    case settings::Type::Bool:
        return QStringLiteral("true|false");
    case settings::Type::String:
        return QString();
    }
    return QString();
}

int list(const settings::Settings &s, bool json)
{
    if (json) {
        QJsonArray rows;
        for (const settings::Key &k : settings::table())
            rows.append(QJsonObject{{QStringLiteral("key"), k.name},
                                    {QStringLiteral("value"), s.text(k.name)},
                                    {QStringLiteral("default"), settings::Settings::textOf(k.defaultValue)},
                                    {QStringLiteral("set"), s.isSet(k.name)},
                                    {QStringLiteral("type"), settings::typeName(k.type)},
                                    {QStringLiteral("range"), rangeText(k)},
                                    {QStringLiteral("description"), k.description}});
        printJson(QJsonObject{{QStringLiteral("file"), s.file()}, {QStringLiteral("settings"), rows}});
        return 0;
    }
    QTextStream out(stdout);
    out << "# " << s.file() << '\n';
    for (const settings::Key &k : settings::table()) {
        out << k.name.leftJustified(18) << ' ' << s.text(k.name) << (s.isSet(k.name) ? "" : "  (default)") << '\n';
        out << "    " << settings::typeName(k.type) << (rangeText(k).isEmpty() ? QString() : QStringLiteral(" ") + rangeText(k))
            << ": " << k.description << '\n';
    }
    return 0;
}

// Tells the running node to read the file again; says what happened. Never fails the command:
// the change is in the file either way.
void tellNode(const QCommandLineParser &p, int timeoutMs)
{
    const auto node = nodeAddress(p);
    if (!node) {
        std::fprintf(stderr, "saved; not telling a node: %s\n", qPrintable(node.error().message));
        return;
    }
    const auto r = askNode(*node, QJsonObject{{QStringLiteral("request"), QStringLiteral("reload_settings")}}, timeoutMs);
    if (r)
        std::fprintf(stderr, "saved; the running node took it\n");
    else if (r.error().code == QLatin1String("ctl.no_node"))
        std::fprintf(stderr, "saved; IdleForge is not running and reads it when it starts\n");
    else
        std::fprintf(stderr, "saved, but the running node did not take it (%s): it reads it when it starts again\n",
                     qPrintable(r.error().message));
}

} // namespace

int runConfig(const QStringList &args)
{
    QCommandLineParser p;
    if (const int rc = parseNodeCommand(cli, p, args, kUsage, /*json=*/true); rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    const QString verb = pos.value(0);
    const int want = verb == QLatin1String("list") ? 1 : verb == QLatin1String("get") || verb == QLatin1String("reset") ? 2
                                                     : verb == QLatin1String("set") ? 3 : -1;
    if (want < 0)
        return cli.usageError(verb.isEmpty() ? QStringLiteral("say list, get, set or reset")
                                             : QStringLiteral("unknown config command \"%1\"").arg(verb), kUsage);
    if (pos.size() != want)
        return cli.usageError(QStringLiteral("config %1 takes %2 argument(s)").arg(verb).arg(want - 1), kUsage);
    const auto timeout = timeoutOf(p);
    if (!timeout)
        return cli.usageError(QStringLiteral("--timeout-ms takes a positive number of milliseconds"), kUsage);
    const int timeoutMs = *timeout;
    if (p.isSet(QStringLiteral("data-dir")))
        paths::setDataDir(p.value(QStringLiteral("data-dir")));
    settings::Settings s(settings::Settings::defaultFile());
    if (verb == QLatin1String("list"))
        return list(s, p.isSet(QStringLiteral("json")));
    const QString key = pos[1];
    if (!settings::find(key))
        return cli.fail(settings::Settings::parse(key, QString()).error(), 2);
    if (verb == QLatin1String("get")) {
        std::printf("%s\n", qPrintable(s.text(key)));
        return 0;
    }
    const auto r = verb == QLatin1String("set") ? s.set(key, pos[2]) : s.reset(key);
    if (!r)
        return cli.fail(r.error(), r.error().code == QLatin1String("settings.io") ? 1 : 2);
    std::printf("%s = %s\n", qPrintable(key), qPrintable(s.text(key)));
    tellNode(p, timeoutMs);
    return 0;
}

} // namespace idleforge::ctl
