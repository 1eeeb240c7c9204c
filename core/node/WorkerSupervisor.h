#pragma once
// Owns one idleforge-worker process: starts it, sends jobs, turns its JSON lines into signals,
// and gets rid of it on demand. Stopping is graceful first ("stop" line, the worker checkpoints
// and exits) and forced after a deadline (kill), so the machine is always given back.
// A crash, a non-zero exit, an unparsable line or output cut mid-line is reported as an error.
#include "base/JsonLines.h"

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QTimer>

namespace idleforge::node {

class WorkerSupervisor : public QObject {
    Q_OBJECT
public:
    enum class State { NotRunning, Starting, Running, Stopping };
    Q_ENUM(State)

    explicit WorkerSupervisor(QObject *parent = nullptr);
    ~WorkerSupervisor() override;

    void setProgram(const QString &program, const QStringList &arguments = {});
    // Replaces the worker's environment (default: this process's, with OMP_WAIT_POLICY=PASSIVE).
    void setProcessEnvironment(const QProcessEnvironment &env) { m_env = env; }
    // Time between the "stop" line and the kill. DESIGN: the GPU is free within 1 s.
    void setStopDeadlineMs(int msecs) { m_stopDeadlineMs = msecs; }

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Starting || m_state == State::Running; }
    qint64 pid() const { return m_process.processId(); }

    void start();
    // Queues a job and returns its id. The worker must be running (or starting).
    QString submit(const QString &job, const QJsonObject &params = {});
    void cancel(const QString &id);
    // Graceful stop with a deadline; finished() follows either way.
    void stop();
    // Immediate kill; finished() follows.
    void kill();

Q_SIGNALS:
    void started();
    void progress(const QString &id, double fraction, const QString &message, const QJsonObject &line);
    void resultReady(const QString &id, const QJsonObject &result);
    // id is empty for errors not tied to a job (protocol errors, crashes, failed start).
    void failed(const QString &id, const QString &code, const QString &message);
    // The process is gone. graceful: it exited 0 after being asked to (or on its own when idle).
    void finished(bool graceful);

private:
    void onReadyRead();
    void onStderr();
    void onProcessError(QProcess::ProcessError error);
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void handleLine(const QByteArray &line);
    void write(const QJsonObject &message);

    QProcess m_process;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QString m_program;
    QStringList m_arguments;
    LineBuffer m_stdout;
    QByteArray m_stderrTail;
    QTimer m_killTimer;
    QString m_currentJob; // the one job in flight, empty if none
    State m_state = State::NotRunning;
    int m_stopDeadlineMs = 1000;
    quint64 m_nextId = 1;
    bool m_stopRequested = false;
    bool m_killed = false;
};

} // namespace idleforge::node
