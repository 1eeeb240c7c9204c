// What the Linux (FactsCollector.cpp) and the Windows (FactsCollectorWin.cpp) collectors do
// alike, compiled on every platform: which pids are ours, and the games list against the
// process list.
#include "platform/FactsCollector.h"

#include "platform/GameDetector.h"

#include <QCoreApplication>

namespace idleforge::platform {

QSet<qint64> FactsCollector::withThisProcess(const QSet<qint64> &workers)
{
    // This process is ours too: its verification thread replays steps on the CPU.
    QSet<qint64> ours = workers;
    ours.insert(QCoreApplication::applicationPid());
    return ours;
}

void FactsCollector::scanGames(policy::Facts &f, const QList<ProcessInfo> &processes, const QStringList &exclusiveApps,
                               std::optional<qint64> steamApp, const QSet<qint64> &ours) const
{
    const GameDetector::Found found = m_games->scan(processes, exclusiveApps, steamApp, ours);
    f.gamesRunning = found.games;
    f.exclusiveAppsRunning = found.exclusive;
}

bool FactsCollector::anyGame(const QList<ProcessInfo> &young, const QStringList &exclusiveApps, const QSet<qint64> &workers) const
{
    if (young.isEmpty())
        return false;
    const GameDetector::Found found = m_games->scan(young, exclusiveApps, std::nullopt, workers);
    return !found.games.isEmpty() || !found.exclusive.isEmpty();
}

} // namespace idleforge::platform
