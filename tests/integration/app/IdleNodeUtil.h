#pragma once
// A real `idleforge` process for the idle-policy test and benchmarks (issue 14): its own data
// directory with an idleforge.conf written before start, `idleforgectl` against it, its worker
// processes found in /proc (children named idleforge-worker), input through xdotool on the X
// display the environment gives (tests/with-test-env.sh's Xvfb), and its log as a file.
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <functional>
#include <optional>

namespace idletest {

// The binaries of this build; IDLEFORGE_BENCH_BIN_DIR points a benchmark at another build's (a before/after).
inline QString bin(const char *name)
{
    return qEnvironmentVariable("IDLEFORGE_BENCH_BIN_DIR", QStringLiteral(IDLEFORGE_BIN_DIR)) + QLatin1Char('/') + QLatin1String(name);
}

// True once `pred` holds, polling every `everyMs` with the event loop running; false after `timeoutMs`.
inline bool waitFor(const std::function<bool()> &pred, int timeoutMs, int everyMs = 100)
{
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, everyMs);
        QThread::msleep(static_cast<unsigned long>(everyMs));
    }
    return true;
}

inline bool processAlive(qint64 pid) { return pid > 0 && QFile::exists(QStringLiteral("/proc/%1").arg(pid)); }

// Runs a short helper (xdotool, cp) to its end; true on exit code 0.
inline bool run(const QString &program, const QStringList &args, int timeoutMs = 20000)
{
    QProcess p;
    p.start(program, args);
    return p.waitForFinished(timeoutMs) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// One mouse move to a spot that differs from the last one (a move to the same place is no input).
inline bool mouseMove()
{
    static int n = 0;
    ++n;
    return run(QStringLiteral("xdotool"), {QStringLiteral("mousemove"), QString::number(100 + n % 7 * 40), QString::number(100 + n % 5 * 30)});
}

// Input every 300 ms from a shell loop of its own (independent of this process's event loop),
// until stopped: the user is at the machine.
class Jiggler {
public:
    ~Jiggler() { stop(); }
    bool start()
    {
        m_p.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("while :; do xdotool mousemove 200 200; sleep 0.3; "
                                                                                "xdotool mousemove 220 240; sleep 0.3; done")});
        return m_p.waitForStarted(10000);
    }
    void stop()
    {
        if (m_p.state() == QProcess::NotRunning)
            return;
        m_p.kill();
        m_p.waitForFinished(10000);
    }

private:
    QProcess m_p;
};

class Node {
public:
    Node() : m_home(m_dir.filePath(QStringLiteral("home"))) { QDir().mkpath(m_home); }
    ~Node() { stop(); }

    QString home() const { return m_home; }
    QString logPath() const { return m_dir.filePath(QStringLiteral("node.log")); }
    QProcess &process() { return m_process; }
    qint64 pid() const { return m_process.processId(); }

    // `conf`: the [General] lines of idleforge.conf. `display`: keep $DISPLAY (the GUI app on xcb).
    bool start(const QStringList &args, const QByteArray &conf, bool display)
    {
        QFile f(m_home + QStringLiteral("/idleforge.conf"));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        f.write("[General]\n" + conf);
        f.close();
        QProcessEnvironment env = environment();
        if (display) {
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        } else {
            env.remove(QStringLiteral("DISPLAY"));
            env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        }
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setStandardOutputFile(logPath(), QIODevice::Append);
        m_process.start(bin("idleforge"), args);
        return m_process.waitForStarted(20000);
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(30000)) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("IDLEFORGE_HOME"), m_home);
        return env;
    }

    // idleforgectl with this node's data directory; its exit code, -1 if it did not finish.
    int ctl(const QStringList &args, QByteArray *out = nullptr) const
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(bin("idleforgectl"), args);
        if (!p.waitForFinished(30000))
            return -1;
        if (out)
            *out = p.readAllStandardOutput() + p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    // `idleforgectl status --json`'s status object; empty while the node does not answer.
    QJsonObject status() const
    {
        QByteArray out;
        if (ctl({QStringLiteral("status"), QStringLiteral("--json")}, &out) != 0)
            return {};
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        return o.contains(QLatin1String("status")) ? o.value(QLatin1String("status")).toObject() : o;
    }

    // The node's idleforge-worker children (this provider's and the devnet auditor's).
    QList<qint64> workers() const
    {
        QList<qint64> out;
        const qint64 parent = pid();
        for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            bool ok = false;
            const qint64 p = entry.toLongLong(&ok);
            if (!ok)
                continue;
            QFile stat(QStringLiteral("/proc/%1/stat").arg(p));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            const QByteArray s = stat.read(1024);
            // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
            const qsizetype close = s.lastIndexOf(')');
            const qsizetype open = s.indexOf('(');
            if (close < 0 || open < 0)
                continue;
            const QByteArray comm = s.mid(open + 1, close - open - 1);
            const QList<QByteArray> rest = s.mid(close + 2).split(' ');
            if (rest.size() > 1 && rest[1].toLongLong() == parent && comm.startsWith("idleforge-worke"))
                out << p;
        }
        return out;
    }

    QString log() const
    {
        QFile f(logPath());
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    // With --devnet: puts a `gpt` task of `steps` steps into the embedded coordinator's pool
    // with `reward` (above the demo tasks' rewards, so it is leased first), through
    // `idleforgectl task new` and `idleforgectl devnet submit` at the URL and key the node logged.
    // The demo tasks (400 steps) train in a few seconds: too short to stop mid-way reliably.
    // The task's id, empty on failure (`error` says why).
    QString submitTask(qint64 steps, qint64 reward, int checkpointEvery, QString *error)
    {
        static const QRegularExpression re(QStringLiteral("devnet: coordinator on (\\S+) key (\\S+)"));
        QRegularExpressionMatch m;
        if (!waitFor([&] { return (m = re.match(log())).hasMatch(); }, 120000, 200)) {
            *error = QStringLiteral("the node never said where its devnet listens");
            return {};
        }
        const QString path = m_dir.filePath(QStringLiteral("spec-%1.json").arg(reward));
        QByteArray out;
        if (ctl({QStringLiteral("task"), QStringLiteral("new"), QStringLiteral("--template"), QStringLiteral("gpt"), QStringLiteral("--layers"),
                 QStringLiteral("1"), QStringLiteral("--d-model"), QStringLiteral("64"), QStringLiteral("--heads"), QStringLiteral("2"),
                 QStringLiteral("--context"), QStringLiteral("32"), QStringLiteral("--batch"), QStringLiteral("4"), QStringLiteral("--steps"),
                 QString::number(steps), QStringLiteral("--checkpoint-every"), QString::number(checkpointEvery), QStringLiteral("--seed"),
                 QString::number(steps + reward), QStringLiteral("--output"), path}, &out) != 0) {
            *error = QString::fromUtf8(out);
            return {};
        }
        const int rc = ctl({QStringLiteral("devnet"), QStringLiteral("submit"), path, QStringLiteral("--reward"), QString::number(reward),
                            QStringLiteral("--url"), m.captured(1), QStringLiteral("--key"), m.captured(2)}, &out);
        *error = QString::fromUtf8(out);
        static const QRegularExpression submitted(QStringLiteral("task (\\S+) submitted"));
        const auto id = submitted.match(*error);
        return rc == 0 && id.hasMatch() ? id.captured(1) : QString();
    }

private:
    QTemporaryDir m_dir;
    QString m_home;
    QProcess m_process;
};

// The policy object of a status, and its parts.
inline QJsonObject policyOf(const QJsonObject &status) { return status.value(QLatin1String("policy")).toObject(); }
inline QString stateOf(const QJsonObject &status) { return policyOf(status).value(QLatin1String("state")).toString(); }
inline QJsonObject jobOf(const QJsonObject &status) { return status.value(QLatin1String("job")).toObject(); }
// The first reason with `rule`, empty if none.
inline QJsonObject reasonOf(const QJsonObject &status, const QString &rule)
{
    for (const QJsonValue &r : policyOf(status).value(QLatin1String("reasons")).toArray())
        if (r.toObject().value(QLatin1String("rule")).toString() == rule)
            return r.toObject();
    return {};
}

// The newest "pausing <task> at step N" in a log, -1 if none after `from` characters.
inline qint64 pausedAtStep(const QString &log, const QString &task, qsizetype from = 0)
{
    const QRegularExpression re(QStringLiteral("pausing %1 at step (\\d+)").arg(QRegularExpression::escape(task)));
    qint64 step = -1;
    for (auto it = re.globalMatch(log.mid(from)); it.hasNext();)
        step = it.next().captured(1).toLongLong();
    return step;
}

// The folder a task trains in, from the node's "training <task> in <dir>" line.
inline QString workdirOf(const QString &log, const QString &task)
{
    const QRegularExpression re(QStringLiteral("training %1 in (\\S+)").arg(QRegularExpression::escape(task)));
    QString dir;
    for (auto it = re.globalMatch(log); it.hasNext();)
        dir = it.next().captured(1);
    return dir;
}

// The newest checkpoint step in a repro workdir (checkpoints-repro/step-NNNNNNNNNN.ckpt), -1 if none.
inline qint64 newestCheckpoint(const QString &workdir)
{
    qint64 newest = -1;
    static const QRegularExpression re(QStringLiteral("^step-(\\d{10})\\.ckpt$"));
    for (const QString &name : QDir(workdir + QStringLiteral("/checkpoints-repro")).entryList(QDir::Files))
        if (const auto m = re.match(name); m.hasMatch())
            newest = std::max(newest, m.captured(1).toLongLong());
    return newest;
}

} // namespace idletest
