#include "WorkerLoop.h"
#include "base/BuildFeatures.h"
#include "base/BuildVersion.h"

#include "Jobs.h"
#include "Sandbox.h"

#include "base/JsonLines.h"
#include "base/Paths.h"
#include "base/SafeFile.h"
#include "base/WorkerMessages.h"
#include "task/WorkerJob.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <cerrno>
#include <cstring>
#include <optional>
#include <exception>
#include <thread>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace idleforge::worker {

namespace wp = idleforge::workerproto;

namespace {

class LoopContext final : public JobContext {
public:
    LoopContext(WorkerLoop &loop, QString id) : m_loop(loop), m_id(std::move(id)) {}
    void progress(double fraction, const QString &message, const QJsonObject &extra) override
    {
        QJsonObject o = extra;
        o.insert(QStringLiteral("type"), wp::kProgress);
        o.insert(QStringLiteral("id"), m_id);
        o.insert(QStringLiteral("fraction"), qBound(0.0, fraction, 1.0));
        o.insert(QStringLiteral("message"), message);
        m_loop.send(o);
    }
    bool cancelled() const override { return m_loop.cancelRequested(); }

private:
    WorkerLoop &m_loop;
    QString m_id;
};

} // namespace

void WorkerLoop::send(const QJsonObject &message)
{
    const QByteArray line = toJsonLine(message);
    std::lock_guard lock(m_outMutex);
    writeAllToFd(STDOUT_FILENO, line); // a closed stdout means the node is gone; nothing to tell
}

void WorkerLoop::requestStop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cancel = true;
    m_wake.notify_all();
}

void WorkerLoop::handleLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return;
    auto parsed = parseJsonLine(line);
    if (!parsed) {
        send(wp::errorMessage({}, QStringLiteral("worker.malformed"), parsed.error().message));
        return;
    }
    const QJsonObject msg = parsed.value();
    const QString type = msg.value(QStringLiteral("type")).toString();
    const QString id = msg.value(QStringLiteral("id")).toString();

    if (type == wp::kStop) {
        requestStop();
    } else if (type == wp::kCancel) {
        std::lock_guard lock(m_mutex);
        if (m_busy && id == m_currentId)
            m_cancel = true;
    } else if (type == wp::kJob) {
        const QString job = msg.value(QStringLiteral("job")).toString();
        if (id.isEmpty()) {
            send(wp::errorMessage({}, QStringLiteral("worker.bad_request"), QStringLiteral("job request without a string \"id\"")));
        } else if (!jobTable().contains(job)) {
            send(wp::errorMessage(id, QStringLiteral("worker.unknown_job"), QStringLiteral("unknown job \"%1\"").arg(job)));
        } else if (msg.contains(QStringLiteral("params")) && !msg.value(QStringLiteral("params")).isObject()) {
            send(wp::errorMessage(id, QStringLiteral("worker.bad_request"), QStringLiteral("\"params\" must be an object")));
        } else {
            std::lock_guard lock(m_mutex);
            if (m_busy || !m_queue.empty() || m_stopping) {
                send(wp::errorMessage(id, QStringLiteral("worker.busy"),
                                      QStringLiteral("the worker runs one job at a time")));
            } else {
                m_queue.push_back(msg);
                m_busy = true;
                m_wake.notify_all();
            }
        }
    } else {
        send(wp::errorMessage(id, QStringLiteral("worker.unknown_type"),
                              QStringLiteral("unknown message type \"%1\"").arg(type)));
    }
}

void WorkerLoop::readInput()
{
    LineBuffer buffer(wp::kMaxLineBytes);
    char chunk[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        const bool wasOverflowed = buffer.overflowed();
        const auto lines = buffer.append(QByteArray(chunk, n));
        if (buffer.overflowed() && !wasOverflowed)
            send(wp::errorMessage({}, QStringLiteral("worker.line_too_long"),
                                  QStringLiteral("input line longer than %1 bytes dropped").arg(wp::kMaxLineBytes)));
        for (const QByteArray &line : lines)
            handleLine(line);
    }
    requestStop(); // end of input: the node closed the pipe or died
}

namespace {

// What the sandbox allows a job (Sandbox.h): its folder and the dataset store for the jobs that
// have them, the system folders for all.
SandboxPlan planFor(const QString &job, const QJsonObject &params)
{
    SandboxPlan plan;
    if (job == QLatin1String("train") || job == QLatin1String("replay-step")) {
        if (auto p = task::TrainJobParams::fromJson(params)) {
            // The job's folder, or what the node names as the root of its job folders (a worker
            // that stays up runs the node's next task too, in a sibling folder: JobRunner).
            plan.jobDir = p->sandboxRoot.isEmpty() ? p->workdir : p->sandboxRoot;
            plan.storeDir = p->storeDir.isEmpty() ? paths::storeDir() : p->storeDir;
            if (p->limits)
                plan.memoryBytes = p->limits->maxMemoryBytes;
        }
    }
    return plan;
}

#ifdef IDLEFORGE_FAULT_INJECTION
// Test builds: {"sandbox_probe": {"socket": "inet"} | {"read": PATH} | {"write": PATH}} makes
// the job try what a hostile task would; it fails as sandbox.refused when the sandbox said no,
// and as sandbox.allowed when it got through.
std::optional<Error> probeSandbox(const QJsonObject &params)
{
    const QJsonObject probe = params.value(QStringLiteral("sandbox_probe")).toObject();
    if (probe.isEmpty())
        return std::nullopt;
    const auto outcome = [](bool refused, const QString &what) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        return refused ? makeError("sandbox.refused", QStringLiteral("%1: %2").arg(what, why))
                       : makeError("sandbox.allowed", QStringLiteral("%1 was allowed").arg(what));
    };
    if (probe.contains(QStringLiteral("socket"))) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd >= 0)
            ::close(fd);
        return outcome(fd < 0, QStringLiteral("socket(AF_INET)"));
    }
    for (const char *key : {"read", "write"}) {
        const QString path = probe.value(QLatin1String(key)).toString();
        if (path.isEmpty())
            continue;
        const bool write = qstrcmp(key, "write") == 0;
        const int fd = ::open(QFile::encodeName(path).constData(), write ? (O_WRONLY | O_CREAT | O_CLOEXEC) : (O_RDONLY | O_CLOEXEC), 0600);
        if (fd >= 0)
            ::close(fd);
        return outcome(fd < 0, QStringLiteral("%1 %2").arg(write ? QStringLiteral("writing") : QStringLiteral("reading"), path));
    }
    return makeError("sandbox.bad_probe", QStringLiteral("sandbox_probe wants socket, read or write"));
}
#endif

} // namespace

void WorkerLoop::runJob(const QJsonObject &request)
{
    const QString id = request.value(QStringLiteral("id")).toString();
    const QString job = request.value(QStringLiteral("job")).toString();
    LoopContext ctx(*this, id);
    Result<QJsonObject> result = makeError("job.failed", QStringLiteral("job did not run"));
    const QJsonObject params = request.value(QStringLiteral("params")).toObject();
    // Before the job touches its input: IDLEFORGE_WORKER_SANDBOX=0 turns it off (debugging only).
    std::optional<SandboxReport> sandbox;
    if (qEnvironmentVariable("IDLEFORGE_WORKER_SANDBOX") != QLatin1String("0")) {
        const SandboxPlan plan = planFor(job, params);
        const bool first = !sandboxEntered();
        sandbox = enterSandbox(plan);
        // A sandbox only ever tightens: a later job outside the first one's folders is refused
        // with a reason, not left to fail on a file it cannot create.
        if (!first && sandbox->files && !plan.jobDir.isEmpty() && !sandboxAllows(plan.jobDir)) {
            send(wp::errorMessage(id, QStringLiteral("sandbox.outside"),
                                  QStringLiteral("this worker may only write below %1; %2 needs a new worker").arg(sandboxWritableDir(), plan.jobDir)));
            return;
        }
    }
#ifdef IDLEFORGE_FAULT_INJECTION
    if (auto refused = probeSandbox(params)) {
        send(wp::errorMessage(id, refused->code, refused->message));
        return;
    }
#endif
    try {
        result = jobTable().at(job)(params, ctx);
        if (result.ok() && sandbox)
            result.value().insert(QStringLiteral("sandbox"), sandbox->toJson());
    } catch (const std::exception &e) {
        result = makeError("job.exception", QString::fromLocal8Bit(e.what()).left(2000));
    } catch (...) {
        result = makeError("job.exception", QStringLiteral("unknown exception"));
    }
    if (result.ok())
        send({{QStringLiteral("type"), wp::kResult}, {QStringLiteral("id"), id}, {QStringLiteral("result"), result.value()}});
    else
        send(wp::errorMessage(id, result.error().code, result.error().message));
}

int WorkerLoop::run()
{
    QJsonArray jobs;
    for (const auto &entry : jobTable())
        jobs.append(entry.first);
    send({{QStringLiteral("type"), wp::kHello}, {QStringLiteral("version"), QStringLiteral(IDLEFORGE_VERSION)},
          {QStringLiteral("pid"), static_cast<qint64>(::getpid())}, {QStringLiteral("jobs"), jobs},
          {QStringLiteral("priority"), m_priority}});

    std::thread reader([this] { readInput(); });
    reader.detach(); // blocked in read() until the pipe closes; the process exit ends it

    for (;;) {
        QJsonObject request;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
            if (m_queue.empty())
                break; // stopping and idle
            request = m_queue.front();
            m_queue.pop_front();
            m_currentId = request.value(QStringLiteral("id")).toString();
        }
        runJob(request);
        std::lock_guard lock(m_mutex);
        m_busy = false;
        m_currentId.clear();
        if (!m_stopping)
            m_cancel = false;
        else
            break;
    }
    send({{QStringLiteral("type"), wp::kBye}});
    return 0;
}

} // namespace idleforge::worker
