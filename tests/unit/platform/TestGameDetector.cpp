// Games and exclusive apps from process lists: the shipped list, the user's additions and
// removals, Proton's .exe names, names cut to 15 characters, Steam libraries and Steam's running
// app, our own worker ignored; and a real process started from the list, found in the real /proc.
#include "platform/GameDetector.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge::platform;

namespace {
ProcessInfo proc(qint64 pid, const QString &comm, const QString &program, const QString &cmd = {})
{
    return ProcessInfo{pid, comm, program, cmd.isEmpty() ? program : cmd};
}
} // namespace

class TestGameDetector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedListAndUserFile()
    {
        QTemporaryDir dir;
        const QString user = dir.filePath(QStringLiteral("games.txt"));
        QVERIFY(GameDetector::loadGamesList(user).contains(QStringLiteral("cs2.exe"))); // no user file yet
        QFile f(user);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# mine\nMyGame.x86_64\n-cs2.exe\n");
        f.close();
        const QStringList names = GameDetector::loadGamesList(user);
        QVERIFY(names.contains(QStringLiteral("mygame.x86_64")));
        QVERIFY(!names.contains(QStringLiteral("cs2.exe")));
        QVERIFY(names.contains(QStringLiteral("dota2")));
    }

    void findsGamesAndExclusiveApps()
    {
        const GameDetector d({QStringLiteral("cs2.exe"), QStringLiteral("HogwartsLegacy.exe")});
        const QList<ProcessInfo> ps = {
            proc(1, QStringLiteral("systemd"), QStringLiteral("systemd")),
            proc(2, QStringLiteral("cs2.exe"), QStringLiteral("CS2.EXE"), QStringLiteral("Z:\\cs2\\CS2.EXE -novid")),
            proc(3, QStringLiteral("HogwartsLegacy."), QString()), // comm only, cut by the kernel
            proc(4, QStringLiteral("Hades"), QStringLiteral("Hades"),
                 QStringLiteral("/home/me/.local/share/Steam/steamapps/common/Hades/Hades")),
            proc(5, QStringLiteral("obs"), QStringLiteral("obs")),
            proc(6, QStringLiteral("cs2.exe"), QStringLiteral("cs2.exe")), // a second one: listed once
        };
        const auto found = d.scan(ps, {QStringLiteral("OBS")}, 570);
        QCOMPARE(found.games, (QStringList{QStringLiteral("Steam app 570"), QStringLiteral("CS2.EXE"), QStringLiteral("HogwartsLegacy."),
                                           QStringLiteral("Hades"), QStringLiteral("cs2.exe")}));
        QCOMPARE(found.exclusive, QStringList{QStringLiteral("obs")});
        QVERIFY(d.scan({proc(9, QStringLiteral("cs2.exe"), QStringLiteral("cs2.exe"))}, {}, 0, {9}).games.isEmpty()); // ours
        QVERIFY(d.scan(ps.mid(0, 1), {}, std::nullopt).games.isEmpty());
    }

    void realProcessFromTheList()
    {
        // A process really named like a listed game, found in the real /proc.
        QTemporaryDir dir;
        const QString sleep = QStandardPaths::findExecutable(QStringLiteral("sleep"));
        QVERIFY(!sleep.isEmpty());
        const QString game = dir.filePath(QStringLiteral("factorio"));
        QVERIFY(QFile::copy(sleep, game));
        QProcess p;
        p.start(game, {QStringLiteral("30")});
        QVERIFY(p.waitForStarted());
        const GameDetector d(GameDetector::loadGamesList(QString()));
        const bool seen = QTest::qWaitFor([&] { return d.scan(listProcesses(), {}, std::nullopt).games.contains(QStringLiteral("factorio")); }, 5000);
        p.kill();
        p.waitForFinished();
        QVERIFY(seen);
        QVERIFY(!d.scan(listProcesses(), {}, std::nullopt).games.contains(QStringLiteral("factorio")));
    }
};

QTEST_GUILESS_MAIN(TestGameDetector)
#include "TestGameDetector.moc"
