#include "node/WorkerSupervisor.h"

#include "base/WorkerMessages.h"
#include "node/Log.h"

namespace idleforge::node {

namespace wp = idleforge::workerproto;

WorkerSupervisor::WorkerSupervisor(QObject *parent)
    : QObject(parent), m_stdout(wp::kMaxLineBytes)
{
    // libtorch's OpenMP threads spin-wait by default; on a busy desktop that costs the worker
    // most of its throughput and steals cycles from the user. Passive waiting unless told otherwise.
    if (!m_env.contains(QStringLiteral("OMP_WAIT_POLICY")))
        m_env.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("PASSIVE"));
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcNode) << "worker did not exit within" << m_stopDeadlineMs << "ms; killing it";
        kill();
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &WorkerSupervisor::onReadyRead);
    connect(&m_process, &QProcess::readyReadStandardError, this, &WorkerSupervisor::onStderr);
    connect(&m_process, &QProcess::errorOccurred, this, &WorkerSupervisor::onProcessError);
    connect(&m_process, &QProcess::finished, this, &WorkerSupervisor::onProcessFinished);
    connect(&m_process, &QProcess::started, this, [this] {
        m_state = m_stopRequested ? State::Stopping : State::Running;
        qCInfo(lcNode) << "worker started, pid" << m_process.processId();
        Q_EMIT started();
    });
}

WorkerSupervisor::~WorkerSupervisor()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.disconnect(this);
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

void WorkerSupervisor::setProgram(const QString &program, const QStringList &arguments)
{
    m_program = program;
    m_arguments = arguments;
}

void WorkerSupervisor::start()
{
    if (m_state != State::NotRunning)
        return;
    m_stdout = LineBuffer(wp::kMaxLineBytes);
    m_stderrTail.clear();
    m_currentJob.clear();
    m_stopRequested = false;
    m_killed = false;
    m_state = State::Starting;
    m_process.setProcessEnvironment(m_env);
    m_process.setProgram(m_program);
    m_process.setArguments(m_arguments);
    m_process.start(QIODevice::ReadWrite);
}

void WorkerSupervisor::write(const QJsonObject &message)
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.write(toJsonLine(message)); // QProcess buffers until the child is up
}

QString WorkerSupervisor::submit(const QString &job, const QJsonObject &params)
{
    const QString id = QString::number(m_nextId++);
    if (!isRunning()) {
        QMetaObject::invokeMethod(this, [this, id] {
            Q_EMIT failed(id, QStringLiteral("worker.not_running"), QStringLiteral("the worker is not running"));
        }, Qt::QueuedConnection);
        return id;
    }
    m_currentJob = id;
    write({{QStringLiteral("type"), wp::kJob}, {QStringLiteral("id"), id},
           {QStringLiteral("job"), job}, {QStringLiteral("params"), params}});
    return id;
}

void WorkerSupervisor::cancel(const QString &id)
{
    write({{QStringLiteral("type"), wp::kCancel}, {QStringLiteral("id"), id}});
}

void WorkerSupervisor::stop()
{
    if (m_state == State::NotRunning || m_stopRequested)
        return;
    m_stopRequested = true;
    m_state = State::Stopping;
    write({{QStringLiteral("type"), wp::kStop}});
    m_process.closeWriteChannel();
    m_killTimer.start(m_stopDeadlineMs);
}

void WorkerSupervisor::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_killed = true;
    m_state = State::Stopping;
    m_process.kill();
}

void WorkerSupervisor::onReadyRead()
{
    const QByteArray bytes = m_process.readAllStandardOutput();
    const bool wasOverflowed = m_stdout.overflowed();
    const auto lines = m_stdout.append(bytes);
    if (m_stdout.overflowed() && !wasOverflowed)
        Q_EMIT failed(m_currentJob, QStringLiteral("worker.line_too_long"), QStringLiteral("worker sent an over-long line"));
    for (const QByteArray &line : lines)
        handleLine(line);
}

void WorkerSupervisor::onStderr()
{
    // The worker's stderr is diagnostics (libtorch warnings and the like): log it, keep a tail
    // to explain a crash.
    const QByteArray bytes = m_process.readAllStandardError();
    m_stderrTail.append(bytes);
    if (m_stderrTail.size() > 4096)
        m_stderrTail = m_stderrTail.right(4096);
    for (const QByteArray &line : bytes.split('\n'))
        if (!line.trimmed().isEmpty())
            qCDebug(lcNode).noquote() << "worker stderr:" << QString::fromUtf8(line);
}

void WorkerSupervisor::handleLine(const QByteArray &line)
{
    auto parsed = parseJsonLine(line);
    if (!parsed) {
        qCWarning(lcNode) << "unparsable worker line:" << parsed.error().message;
        Q_EMIT failed(m_currentJob, QStringLiteral("worker.protocol"),
                      QStringLiteral("unparsable line from the worker: %1").arg(parsed.error().message));
        return;
    }
    const QJsonObject msg = parsed.value();
    const QString type = msg.value(QStringLiteral("type")).toString();
    const QString id = msg.value(QStringLiteral("id")).toString();
    if (type == wp::kProgress) {
        Q_EMIT progress(id, msg.value(QStringLiteral("fraction")).toDouble(),
                        msg.value(QStringLiteral("message")).toString(), msg);
    } else if (type == wp::kResult) {
        if (id == m_currentJob)
            m_currentJob.clear();
        Q_EMIT resultReady(id, msg.value(QStringLiteral("result")).toObject());
    } else if (type == wp::kError) {
        if (id == m_currentJob)
            m_currentJob.clear();
        Q_EMIT failed(id, msg.value(QStringLiteral("code")).toString(), msg.value(QStringLiteral("message")).toString());
    } else if (type == wp::kHello || type == wp::kBye) {
        qCDebug(lcNode) << "worker says" << type;
    } else {
        Q_EMIT failed(m_currentJob, QStringLiteral("worker.protocol"),
                      QStringLiteral("unknown message type \"%1\" from the worker").arg(type));
    }
}

void WorkerSupervisor::onProcessError(QProcess::ProcessError error)
{
    if (error == QProcess::FailedToStart) {
        m_state = State::NotRunning;
        Q_EMIT failed(m_currentJob, QStringLiteral("worker.failed_to_start"),
                      QStringLiteral("could not start %1: %2").arg(m_program, m_process.errorString()));
        m_currentJob.clear();
        Q_EMIT finished(false);
    }
    // Crashes are reported from onProcessFinished, which always follows.
}

void WorkerSupervisor::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    m_killTimer.stop();
    onReadyRead();
    const QString jobId = m_currentJob;
    m_currentJob.clear();
    m_state = State::NotRunning;
    const QString tail = QString::fromUtf8(m_stderrTail).trimmed().right(500);

    if (!m_stdout.pending().isEmpty())
        Q_EMIT failed(jobId, QStringLiteral("worker.truncated"),
                      QStringLiteral("worker output ended in the middle of a line"));
    bool graceful = false;
    if (m_killed) {
        Q_EMIT failed(jobId, QStringLiteral("worker.killed"),
                      m_stopRequested ? QStringLiteral("worker killed after the stop deadline")
                                      : QStringLiteral("worker killed"));
    } else if (status == QProcess::CrashExit) {
        Q_EMIT failed(jobId, QStringLiteral("worker.crashed"),
                      QStringLiteral("worker crashed%1").arg(tail.isEmpty() ? QString() : QStringLiteral(": ") + tail));
    } else if (exitCode != 0) {
        Q_EMIT failed(jobId, QStringLiteral("worker.exit_code"),
                      QStringLiteral("worker exited with code %1%2").arg(exitCode).arg(tail.isEmpty() ? QString() : QStringLiteral(": ") + tail));
    } else {
        graceful = true;
        if (!jobId.isEmpty() && !m_stopRequested)
            Q_EMIT failed(jobId, QStringLiteral("worker.exited"), QStringLiteral("worker exited before finishing the job"));
    }
    qCInfo(lcNode) << "worker finished; graceful:" << graceful;
    Q_EMIT finished(graceful);
}

} // namespace idleforge::node
