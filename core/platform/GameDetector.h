#pragma once
// Which games and exclusive apps run now, from the process list (ProcFs.h) and Steam's running
// app: the `game` and `exclusive_app` facts of the policy. A game is a process named in the
// games list (resources/games.txt, shipped inside the binary, plus the user's games.txt: extra
// names, and "-name" lines that drop shipped ones), any process started from a Steam library
// (a path with steamapps/common in its command line: native and Proton games alike), or Steam's
// RunningAppID. Names compare case-insensitively, and also cut to the 15 characters the kernel
// keeps of a process name. Our own processes (the worker) are never a game.
#include "platform/ProcFs.h"

#include <QSet>
#include <QStringList>

#include <optional>

namespace idleforge::platform {

class GameDetector {
public:
    struct Found {
        QStringList games;     // "Steam app 570", "cs2.exe"
        QStringList exclusive; // the exclusive_apps names that run
    };

    explicit GameDetector(QStringList gameNames);
    // The shipped list plus the user's file (which may not exist).
    static QStringList loadGamesList(const QString &userFile);

    Found scan(const QList<ProcessInfo> &processes, const QStringList &exclusiveApps, std::optional<qint64> steamAppId,
               const QSet<qint64> &ours = {}) const;

private:
    static bool matches(const ProcessInfo &p, const QSet<QString> &names);
    QSet<QString> m_games;
};

} // namespace idleforge::platform
