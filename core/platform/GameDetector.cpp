#include "platform/GameDetector.h"

#include <QFile>

namespace idleforge::platform {

namespace {
constexpr qint64 kMaxListBytes = 1 << 20;
constexpr qsizetype kCommLength = 15;

QStringList linesOf(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList out;
    for (const QByteArray &raw : f.read(kMaxListBytes).split('\n')) {
        const QString line = QString::fromUtf8(raw).section(QLatin1Char('#'), 0, 0).trimmed().toLower();
        if (!line.isEmpty())
            out << line;
    }
    return out;
}
} // namespace

GameDetector::GameDetector(QStringList gameNames)
{
    for (const QString &n : gameNames)
        m_games.insert(n.trimmed().toLower());
}

QStringList GameDetector::loadGamesList(const QString &userFile)
{
    QStringList names = linesOf(QStringLiteral(":/idleforge/platform/games.txt"));
    for (const QString &line : linesOf(userFile)) {
        if (line.startsWith(QLatin1Char('-')))
            names.removeAll(line.mid(1).trimmed());
        else if (!names.contains(line))
            names << line;
    }
    return names;
}

bool GameDetector::matches(const ProcessInfo &p, const QSet<QString> &names)
{
    const QString comm = p.comm.toLower();
    for (const QString &n : namesOf(p))
        if (names.contains(n))
            return true;
    // A long name the kernel cut short in comm ("hogwartslegacy.exe" -> "hogwartslegacy.").
    if (comm.size() == kCommLength)
        for (const QString &n : names)
            if (n.size() > kCommLength && n.left(kCommLength) == comm)
                return true;
    return false;
}

GameDetector::Found GameDetector::scan(const QList<ProcessInfo> &processes, const QStringList &exclusiveApps,
                                       std::optional<qint64> steamAppId, const QSet<qint64> &ours) const
{
    Found found;
    if (steamAppId && *steamAppId > 0)
        found.games << QStringLiteral("Steam app %1").arg(*steamAppId);
    QSet<QString> exclusive;
    for (const QString &n : exclusiveApps)
        exclusive.insert(n.trimmed().toLower());
    for (const ProcessInfo &p : processes) {
        if (ours.contains(p.pid))
            continue;
        const QString shown = p.program.isEmpty() ? p.comm : p.program;
        const bool fromSteamLibrary = p.commandLine.contains(QLatin1String("steamapps/common/"), Qt::CaseInsensitive) ||
                                      p.commandLine.contains(QLatin1String("steamapps\\common\\"), Qt::CaseInsensitive);
        if ((matches(p, m_games) || fromSteamLibrary) && !found.games.contains(shown))
            found.games << shown;
        if (matches(p, exclusive) && !found.exclusive.contains(shown))
            found.exclusive << shown;
    }
    return found;
}

} // namespace idleforge::platform
