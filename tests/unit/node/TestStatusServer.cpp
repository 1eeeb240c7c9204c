// The node's status socket: the line protocol from a raw QLocalSocket, bad and oversized
// requests, many clients, stale and live sockets, and the real idleforgectl against it.
#include "node/StatusServer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#endif

using namespace idleforge;
using idleforge::node::StatusServer;

namespace {

const QString kCtl = QStringLiteral(IDLEFORGE_BIN_DIR "/idleforgectl");

QJsonObject sampleStatus()
{
    return QJsonObject{
        {QStringLiteral("connection"), QStringLiteral("online")},
        {QStringLiteral("coordinator"), QStringLiteral("ws://127.0.0.1:7800")},
        {QStringLiteral("job"), QJsonObject{{QStringLiteral("id"), QStringLiteral("t7")},
                                            {QStringLiteral("kind"), QStringLiteral("train")},
                                            {QStringLiteral("step"), 40},
                                            {QStringLiteral("steps"), 160},
                                            {QStringLiteral("progress"), 0.25}}},
        {QStringLiteral("balance"), 1234567},
        {QStringLiteral("receipts"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("r1")},
                                                            {QStringLiteral("kind"), QStringLiteral("reward")},
                                                            {QStringLiteral("amount"), 500000},
                                                            {QStringLiteral("task"), QStringLiteral("t6")}}}},
    };
}

QJsonObject parseLine(const QByteArray &line)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        qWarning() << "not a JSON object line:" << line.left(200);
    return doc.object();
}

struct CtlRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestStatusServer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_calls = 0;

    QString socketPath(const char *leaf) const { return m_dir.filePath(QString::fromLatin1(leaf)); }

    std::unique_ptr<StatusServer> makeServer(const QString &name)
    {
        auto server = std::make_unique<StatusServer>([this] {
            QJsonObject s = sampleStatus();
            s.insert(QStringLiteral("calls"), ++m_calls);
            return s;
        });
        const auto r = server->listen(name);
        if (!r.ok())
            qWarning() << "listen:" << r.error().toString();
        return r.ok() ? std::move(server) : nullptr;
    }

    // Reads `count` answer lines, spinning the event loop so the server in this thread runs.
    static QList<QJsonObject> readAnswers(QLocalSocket &socket, int count)
    {
        QList<QJsonObject> answers;
        QDeadlineTimer deadline(10'000);
        while (answers.size() < count && !deadline.hasExpired()) {
            if (socket.canReadLine())
                answers << parseLine(socket.readLine());
            else
                QTest::qWait(5);
        }
        return answers;
    }

    // Runs idleforgectl without blocking the event loop (the server answers from this thread).
    static CtlRun runCtl(const QStringList &args)
    {
        QProcess proc;
        QSignalSpy finished(&proc, &QProcess::finished);
        proc.start(kCtl, args);
        CtlRun run;
        if (!proc.waitForStarted(10'000) || !finished.wait(30'000)) {
            qWarning() << "idleforgectl did not finish:" << proc.errorString();
            proc.kill();
            proc.waitForFinished();
            return run;
        }
        run.exitCode = proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1;
        run.out = proc.readAllStandardOutput();
        run.err = proc.readAllStandardError();
        return run;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(kCtl), qPrintable(kCtl));
    }

    void answersStatusRequests()
    {
        const QString name = socketPath("answers.sock");
        auto server = makeServer(name);
        QVERIFY(server);
        QCOMPARE(server->fullServerName(), name);

        QLocalSocket client;
        client.connectToServer(name);
        QVERIFY(client.waitForConnected(2000));
        // Two requests in one write, the second with CRLF: two answers, in order, each fresh.
        client.write("{\"request\":\"status\"}\n{\"request\":\"status\"}\r\n");
        const auto answers = readAnswers(client, 2);
        QCOMPARE(answers.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(answers[i].value(QLatin1String("ok")), QJsonValue(true));
            QJsonObject expected = sampleStatus();
            expected.insert(QStringLiteral("calls"), m_calls - 1 + i);
            QCOMPARE(answers[i].value(QLatin1String("status")).toObject(), expected);
        }
    }

    void commandsReachTheirHandlers()
    {
        const QString name = socketPath("commands.sock");
        auto server = makeServer(name);
        QVERIFY(server);
        QJsonObject seen;
        server->setCommand(QStringLiteral("pause"), [&](const QJsonObject &request) -> Result<QJsonObject> {
            seen = request;
            return QJsonObject{{QStringLiteral("text"), QStringLiteral("paused")}};
        });
        server->setCommand(QStringLiteral("resume"), [](const QJsonObject &) -> Result<QJsonObject> {
            return makeError("policy.not_paused", QStringLiteral("nothing to resume"));
        });
        QLocalSocket client;
        client.connectToServer(name);
        QVERIFY(client.waitForConnected(2000));
        client.write("{\"request\":\"pause\",\"for_ms\":60000}\n{\"request\":\"resume\"}\n{\"request\":\"reboot\"}\n");
        const auto answers = readAnswers(client, 3);
        QCOMPARE(answers.size(), 3);
        QCOMPARE(seen.value(QLatin1String("for_ms")).toDouble(), 60000.0);
        QCOMPARE(answers[0].value(QLatin1String("result")).toObject().value(QLatin1String("text")).toString(), QStringLiteral("paused"));
        QCOMPARE(answers[1].value(QLatin1String("ok")), QJsonValue(false));
        QCOMPARE(answers[1].value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
                 QStringLiteral("policy.not_paused"));
        const QString unknown = answers[2].value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
        QVERIFY2(unknown.contains(QStringLiteral("known: status, pause, resume")), qPrintable(unknown));
    }

    void ctlPauseResumeAndConfigReachTheNode()
    {
        const QString name = socketPath("ctl-commands.sock");
        auto server = makeServer(name);
        QVERIFY(server);
        QStringList calls;
        for (const char *command : {"pause", "resume", "reload_settings"})
            server->setCommand(QString::fromLatin1(command), [&calls, command](const QJsonObject &request) -> Result<QJsonObject> {
                calls << QStringLiteral("%1 %2").arg(QLatin1String(command)).arg(qint64(request.value(QLatin1String("for_ms")).toDouble()));
                return QJsonObject{{QStringLiteral("text"), QStringLiteral("done: %1").arg(QLatin1String(command))}};
            });
        CtlRun pause = runCtl({QStringLiteral("pause"), QStringLiteral("--for"), QStringLiteral("1h30m"), QStringLiteral("--socket"), name});
        QCOMPARE(pause.exitCode, 0);
        QCOMPARE(pause.out.trimmed(), QByteArray("done: pause"));
        CtlRun resume = runCtl({QStringLiteral("resume"), QStringLiteral("--socket"), name});
        QCOMPARE(resume.exitCode, 0);
        const QString dataDir = m_dir.filePath(QStringLiteral("config-data"));
        CtlRun set = runCtl({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("idle_minutes"), QStringLiteral("2"),
                             QStringLiteral("--data-dir"), dataDir, QStringLiteral("--socket"), name});
        QCOMPARE(set.exitCode, 0);
        QVERIFY2(set.err.contains("the running node took it"), set.err.constData());
        QVERIFY(QFile(dataDir + QStringLiteral("/idleforge.conf")).exists());
        QCOMPARE(calls, (QStringList{QStringLiteral("pause 5400000"), QStringLiteral("resume 0"), QStringLiteral("reload_settings 0")}));
        CtlRun bad = runCtl({QStringLiteral("pause"), QStringLiteral("--for"), QStringLiteral("soon"), QStringLiteral("--socket"), name});
        QCOMPARE(bad.exitCode, 2);
        QCOMPARE(calls.size(), 3); // refused before anything was sent
    }

    void rejectsBadRequestsAndKeepsServing()
    {
        const QString name = socketPath("bad.sock");
        auto server = makeServer(name);
        QVERIFY(server);
        QLocalSocket client;
        client.connectToServer(name);
        QVERIFY(client.waitForConnected(2000));

        const QByteArray oversized(StatusServer::kMaxRequestBytes + 10'000, 'x');
        client.write("this is not json\n");
        client.write("[1,2,3]\n");
        client.write("{\"request\":\"reboot\"}\n");
        client.write("{\"type\":\"status\"}\n");
        // An over-long line sent in pieces: one error, and the request after it still works.
        client.write(oversized.left(30'000));
        client.flush();
        QTest::qWait(20);
        client.write(QByteArray(oversized.mid(30'000) + '\n'));
        client.write("{\"request\":\"status\"}\n");

        const auto answers = readAnswers(client, 6);
        QCOMPARE(answers.size(), 6);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(answers[i].value(QLatin1String("ok")), QJsonValue(false));
            const QJsonObject e = answers[i].value(QLatin1String("error")).toObject();
            QCOMPARE(e.value(QLatin1String("code")).toString(), QStringLiteral("status.bad_request"));
            QVERIFY(!e.value(QLatin1String("message")).toString().isEmpty());
        }
        QVERIFY(answers[2].value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(
            QLatin1String("reboot")));
        QVERIFY(answers[4].value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(
            QLatin1String("longer")));
        QCOMPARE(answers[5].value(QLatin1String("ok")), QJsonValue(true));
        QTest::qWait(50);
        QVERIFY(!client.canReadLine()); // exactly one error for the long line
        QCOMPARE(client.state(), QLocalSocket::ConnectedState);
    }

    void servesManyClientsAtOnce()
    {
        const QString name = socketPath("many.sock");
        auto server = makeServer(name);
        QVERIFY(server);
        std::vector<std::unique_ptr<QLocalSocket>> clients;
        for (int i = 0; i < 32; ++i) {
            clients.push_back(std::make_unique<QLocalSocket>());
            clients.back()->connectToServer(name);
            QVERIFY(clients.back()->waitForConnected(2000));
        }
        // A half-sent request on one client must not hold up the others.
        clients.front()->write("{\"request\":");
        for (std::size_t i = 1; i < clients.size(); ++i)
            clients[i]->write("{\"request\":\"status\"}\n");
        for (std::size_t i = 1; i < clients.size(); ++i) {
            const auto answers = readAnswers(*clients[i], 1);
            QCOMPARE(answers.size(), 1);
            QCOMPARE(answers[0].value(QLatin1String("ok")), QJsonValue(true));
        }
        clients.front()->write("\"status\"}\n");
        const auto last = readAnswers(*clients.front(), 1);
        QCOMPARE(last.size(), 1);
        QCOMPARE(last[0].value(QLatin1String("ok")), QJsonValue(true));
    }

    void socketIsUserOnly()
    {
#ifdef Q_OS_UNIX
        const QString name = socketPath("perm.sock");
        auto server = makeServer(name);
        QVERIFY(server);
        const QFile::Permissions p = QFile::permissions(server->fullServerName());
        QVERIFY(p & QFile::ReadOwner);
        QCOMPARE(int(p & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)), 0);
#else
        QSKIP("socket file permissions are a Unix matter");
#endif
    }

    void replacesStaleSocket()
    {
#ifdef Q_OS_UNIX
        // A socket file left by a node that died: bound, never listened on, never unlinked.
        const QString name = socketPath("stale.sock");
        const QByteArray path = QFile::encodeName(name);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        QVERIFY(size_t(path.size()) < sizeof(addr.sun_path));
        std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)), 0);
        ::close(fd);
        QVERIFY(QFile::exists(name));

        auto server = makeServer(name);
        QVERIFY(server);
        QLocalSocket client;
        client.connectToServer(name);
        QVERIFY(client.waitForConnected(2000));
        client.write("{\"request\":\"status\"}\n");
        const auto answers = readAnswers(client, 1);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].value(QLatin1String("ok")), QJsonValue(true));
#else
        QSKIP("stale socket files are a Unix matter");
#endif
    }

    void neverStealsALiveSocket()
    {
        const QString name = socketPath("live.sock");
        auto first = makeServer(name);
        QVERIFY(first);
        StatusServer second([] { return QJsonObject{{QStringLiteral("who"), QStringLiteral("second")}}; });
        const auto r = second.listen(name);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("status.in_use"));
        QVERIFY(second.fullServerName().isEmpty());

        // The first still owns the socket and answers.
        QLocalSocket client;
        client.connectToServer(name);
        QVERIFY(client.waitForConnected(2000));
        client.write("{\"request\":\"status\"}\n");
        const auto answers = readAnswers(client, 1);
        QCOMPARE(answers.size(), 1);
        QVERIFY(answers[0].value(QLatin1String("status")).toObject().contains(QLatin1String("connection")));
    }

    void defaultNameFollowsTheDataDir()
    {
        QTemporaryDir a;
        QTemporaryDir b;
        QVERIFY(a.isValid() && b.isValid());
        const QString name = StatusServer::defaultName(a.path());
        QVERIFY(name.startsWith(QLatin1String("idleforge-status-")));
        QCOMPARE(name.size(), qsizetype(17 + 16));
        QCOMPARE(StatusServer::defaultName(a.path() + QStringLiteral("/./")), name);
        QVERIFY(StatusServer::defaultName(b.path()) != name);
#ifdef Q_OS_UNIX
        const QString link = b.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(a.path(), link));
        QCOMPARE(StatusServer::defaultName(link), name);
#endif
        // A data dir that does not exist yet still gets a stable name.
        const QString missing = a.filePath(QStringLiteral("not/yet"));
        QCOMPARE(StatusServer::defaultName(missing), StatusServer::defaultName(missing + QStringLiteral("/")));
    }

    void ctlPrintsJsonSnapshot()
    {
        const QString name = socketPath("ctl.sock");
        auto server = makeServer(name);
        QVERIFY(server);
        const CtlRun run = runCtl({QStringLiteral("status"), QStringLiteral("--socket"), name, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QJsonObject expected = sampleStatus();
        expected.insert(QStringLiteral("calls"), m_calls);
        QCOMPARE(QJsonDocument::fromJson(run.out).object(), expected);
    }

    void ctlPrintsSummary()
    {
        const QString name = socketPath("summary.sock");
        auto server = makeServer(name);
        QVERIFY(server);
        const CtlRun run = runCtl({QStringLiteral("status"), QStringLiteral("--socket"), name});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString out = QString::fromUtf8(run.out);
        for (const char *want : {"online", "ws://127.0.0.1:7800", "t7 train step 40/160 25.0%", "1.234567 credits",
                                 "r1  reward  0.500000 credits  task t6", "calls"})
            QVERIFY2(out.contains(QLatin1String(want)), qPrintable(QString::fromLatin1(want) + QStringLiteral(" missing from:\n") + out));
        QVERIFY(!out.contains(QLatin1String("pending"))); // absent fields are skipped
    }

    void ctlFindsTheNodeByDataDir()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        auto server = makeServer(StatusServer::defaultName(home.path()));
        QVERIFY(server);
        const CtlRun run = runCtl({QStringLiteral("status"), QStringLiteral("--data-dir"), home.path(), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QLatin1String("connection")).toString(),
                 QStringLiteral("online"));
    }

    void ctlFailsWhenNoNodeRuns()
    {
        const CtlRun bySocket =
            runCtl({QStringLiteral("status"), QStringLiteral("--socket"), socketPath("nobody.sock"), QStringLiteral("--json")});
        QCOMPARE(bySocket.exitCode, 1);
        QVERIFY2(bySocket.err.contains("no IdleForge node is running"), bySocket.err.constData());
        QVERIFY(bySocket.out.isEmpty());

        QTemporaryDir home;
        QVERIFY(home.isValid());
        const CtlRun byDir = runCtl({QStringLiteral("status"), QStringLiteral("--data-dir"), home.path()});
        QCOMPARE(byDir.exitCode, 1);
        QVERIFY2(byDir.err.contains(QByteArray("no IdleForge node is running for data dir " + QFile::encodeName(home.path()))),
                 byDir.err.constData());
        QVERIFY(byDir.err.contains("idleforge --headless"));
    }

    void ctlTimesOutOnASilentNode()
    {
        const QString name = socketPath("silent.sock");
        QLocalServer silent; // accepts, never answers
        QVERIFY(silent.listen(name));
        const CtlRun run = runCtl(
            {QStringLiteral("status"), QStringLiteral("--socket"), name, QStringLiteral("--timeout-ms"), QStringLiteral("300")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("did not answer within 300 ms"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestStatusServer)
#include "TestStatusServer.moc"
