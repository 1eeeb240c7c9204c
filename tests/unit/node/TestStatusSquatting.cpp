// The status socket against another local user (issue 13 item 2): it lives in a private
// runtime directory, a node whose name is held by another uid says status.squatted at critical
// level, and idleforgectl believes no answer from a peer of another uid. The squatter is a
// forked child that turns into "nobody" (so those cases need root, as CI runs; they skip
// otherwise); the directory checks run as any user.
#include "../CtlProcess.h"
#include "base/PrivateDir.h"
#include "node/StatusServer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

using namespace idleforge;
using idleforge::node::StatusServer;
using idleforge::testing::CtlRun;
using idleforge::testing::runCtl;

// A developer's run as a normal user skips these; CI (CI set, run as root) must run them, so
// there a missing root fails instead of skipping.
#define SKIP_UNLESS_ROOT(why)                                                                          \
    do {                                                                                               \
        if (::geteuid() != 0) {                                                                        \
            if (qEnvironmentVariableIsSet("CI"))                                                       \
                QFAIL("CI runs as root: " why);                                                        \
            QSKIP(why);                                                                                \
        }                                                                                              \
    } while (false)

namespace {

const QString kCtl = QStringLiteral(IDLEFORGE_BIN_DIR "/idleforgectl");
constexpr uid_t kNobody = 65534;
const char kFakeAnswer[] = "{\"ok\":true,\"status\":{\"balance\":987654321,\"coordinator\":\"ws://squatter\"}}\n";

// A child process that runs as `uid` and answers every connection on `path` with a fake status.
// After fork() only async-signal-safe calls: everything it needs is prepared before.
class Squatter {
public:
    Squatter(const QString &path, uid_t uid)
    {
        const QByteArray native = QFile::encodeName(path);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, native.constData(), size_t(native.size()));
        m_pid = ::fork();
        if (m_pid != 0)
            return;
        if (::setgid(kNobody) != 0 || ::setuid(uid) != 0)
            ::_exit(3);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0 || ::listen(fd, 16) != 0)
            ::_exit(4);
        for (;;) {
            const int c = ::accept(fd, nullptr, nullptr);
            if (c < 0)
                continue;
            if (::write(c, kFakeAnswer, sizeof(kFakeAnswer) - 1) < 0) {
            }
            ::close(c);
        }
    }
    ~Squatter()
    {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    // True once the socket file exists (the child bound it).
    static bool waitFor(const QString &path)
    {
        for (int i = 0; i < 500 && !QFile::exists(path); ++i)
            QTest::qWait(10);
        return QFile::exists(path);
    }

private:
    pid_t m_pid = -1;
};

// A directory another user can create files in (as /tmp is).
bool makeShared(const QString &dir)
{
    return QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::WriteGroup |
                                          QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther);
}

} // namespace

class TestStatusSquatting : public QObject {
    Q_OBJECT
    QTemporaryDir m_runtime; // 0700: this run's XDG_RUNTIME_DIR
    QTemporaryDir m_tmp;     // TMPDIR for the fallback cases

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_runtime.isValid() && m_tmp.isValid());
        QVERIFY2(QFile::exists(kCtl), qPrintable(kCtl));
    }

    void init() { qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path())); }

    void bareNameLivesInTheRuntimeDir()
    {
        QTemporaryDir home;
        StatusServer server([] { return QJsonObject{{QStringLiteral("connection"), QStringLiteral("online")}}; });
        const auto r = server.listen(StatusServer::defaultName(home.path()));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().toString()));
        QCOMPARE(QFileInfo(server.fullServerName()).absolutePath(), QDir(m_runtime.path()).absolutePath());
        QVERIFY(!QFile::exists(QDir::tempPath() + QLatin1Char('/') + StatusServer::defaultName(home.path())));
        // idleforgectl (same environment) finds it from the data dir.
        QProcess proc;
        QSignalSpy finished(&proc, &QProcess::finished);
        proc.start(kCtl, {QStringLiteral("status"), QStringLiteral("--data-dir"), home.path(), QStringLiteral("--json")});
        QVERIFY(finished.wait(30'000));
        QCOMPARE(proc.exitCode(), 0);
        QCOMPARE(QJsonDocument::fromJson(proc.readAllStandardOutput()).object().value(QLatin1String("connection")).toString(),
                 QStringLiteral("online"));
    }

    void fallbackDirIsCreatedPrivate()
    {
        qunsetenv("XDG_RUNTIME_DIR");
        qputenv("TMPDIR", QFile::encodeName(m_tmp.filePath(QStringLiteral("ok"))));
        QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("ok"))));
        const auto dir = paths::privateRuntimeDir();
        qunsetenv("TMPDIR");
        QVERIFY2(dir.ok(), dir.ok() ? "" : qPrintable(dir.error().message));
        QCOMPARE(*dir, m_tmp.filePath(QStringLiteral("ok/idleforge-%1").arg(::geteuid())));
        struct stat st {};
        QCOMPARE(::lstat(QFile::encodeName(*dir).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 07777), 0700);
    }

    void unsafeRuntimeDirIsSquatted_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("mode 0755") << QStringLiteral("mode");
        QTest::newRow("symlink") << QStringLiteral("link");
        QTest::newRow("a file") << QStringLiteral("file");
        QTest::newRow("another user's") << QStringLiteral("owner");
    }

    void unsafeRuntimeDirIsSquatted()
    {
        QFETCH(QString, kind);
        if (kind == QLatin1String("owner"))
            SKIP_UNLESS_ROOT("needs root to give a directory to another user");
        const QString tmp = m_tmp.filePath(kind);
        QVERIFY(QDir().mkpath(tmp));
        const QString dir = tmp + QStringLiteral("/idleforge-%1").arg(::geteuid());
        const QByteArray native = QFile::encodeName(dir);
        if (kind == QLatin1String("mode")) {
            QCOMPARE(::mkdir(native.constData(), 0755), 0);
            QCOMPARE(::chmod(native.constData(), 0755), 0);
        } else if (kind == QLatin1String("link")) {
            QVERIFY(QFile::link(m_runtime.path(), dir)); // even a link to a good directory
        } else if (kind == QLatin1String("file")) {
            QFile f(dir);
            QVERIFY(f.open(QIODevice::WriteOnly));
        } else {
            QCOMPARE(::mkdir(native.constData(), 0700), 0);
            QCOMPARE(::chown(native.constData(), kNobody, kNobody), 0);
        }
        // The XDG directory is unsafe too, so both candidates are checked.
        QTemporaryDir open;
        QVERIFY(makeShared(open.path()));
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(open.path()));
        qputenv("TMPDIR", QFile::encodeName(tmp));
        StatusServer server([] { return QJsonObject{}; });
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not using XDG_RUNTIME_DIR")));
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("status socket squatted")));
        const auto r = server.listen(StatusServer::defaultName(m_tmp.path()));
        const CtlRun ctl = runCtl({QStringLiteral("status"), QStringLiteral("--data-dir"), m_tmp.path()});
        qunsetenv("TMPDIR");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("status.squatted"));
        QVERIFY(server.fullServerName().isEmpty());
        QCOMPARE(ctl.exitCode, 1);
        QVERIFY2(ctl.err.contains("status.squatted"), ctl.err.constData());
    }

    void ctlBelievesNoOtherUser()
    {
        SKIP_UNLESS_ROOT("needs root to run the squatter as another user");
        QTemporaryDir shared;
        QVERIFY(makeShared(shared.path()));
        const QString path = shared.filePath(QStringLiteral("squat.sock"));
        Squatter squatter(path, kNobody);
        QVERIFY(Squatter::waitFor(path));
        const CtlRun run = runCtl({QStringLiteral("status"), QStringLiteral("--socket"), path, QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("status.squatted") && run.err.contains("uid 65534"), run.err.constData());
        QVERIFY(!run.out.contains("987654321"));
        QVERIFY(!run.out.contains("squatter"));
    }

    void nodeSaysSquattedLoudly()
    {
        SKIP_UNLESS_ROOT("needs root to run the squatter as another user");
        QTemporaryDir shared;
        QVERIFY(makeShared(shared.path()));
        const QString path = shared.filePath(QStringLiteral("taken.sock"));
        Squatter squatter(path, kNobody);
        QVERIFY(Squatter::waitFor(path));
        StatusServer server([] { return QJsonObject{}; });
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("status socket squatted.*uid 65534")));
        const auto r = server.listen(path);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("status.squatted"));
        QVERIFY(server.fullServerName().isEmpty());
        // Its socket file is left alone (it is not ours to remove).
        QVERIFY(QFile::exists(path));
    }

    void ownPeerIsBelieved()
    {
        const QString path = m_runtime.filePath(QStringLiteral("own.sock"));
        StatusServer server([] { return QJsonObject{}; });
        QVERIFY(server.listen(path).ok());
        QLocalSocket client;
        client.connectToServer(path);
        QVERIFY(client.waitForConnected(2000));
        QVERIFY(StatusServer::checkPeer(client).ok());
    }
};

QTEST_GUILESS_MAIN(TestStatusSquatting)
#include "TestStatusSquatting.moc"
