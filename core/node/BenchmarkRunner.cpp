#include "node/BenchmarkRunner.h"

#include "base/Paths.h"
#include "node/Log.h"
#include "node/WorkerSupervisor.h"

#include <QJsonDocument>

namespace idleforge::node {

BenchmarkRunner::BenchmarkRunner(QObject *parent) : QObject(parent) {}

BenchmarkRunner::~BenchmarkRunner() = default;

void BenchmarkRunner::start(const Options &options)
{
    QJsonObject params{{QStringLiteral("tier"), options.tier}, {QStringLiteral("device"), options.device},
                       {QStringLiteral("threads"), options.threads}};
    if (options.timeScale != 1.0)
        params.insert(QStringLiteral("time_scale"), options.timeScale);
    startJob(QStringLiteral("bench"), params);
}

void BenchmarkRunner::startJob(const QString &job, const QJsonObject &params)
{
    if (m_running)
        return;
    m_running = true;
    m_reported = false;
    delete m_worker;
    m_worker = new WorkerSupervisor(this);
    m_worker->setProgram(paths::workerProgram());

    connect(m_worker, &WorkerSupervisor::progress, this,
            [this](const QString &id, double fraction, const QString &message) {
                if (id == m_jobId)
                    Q_EMIT progress(fraction, message);
            });
    connect(m_worker, &WorkerSupervisor::resultReady, this, [this](const QString &id, const QJsonObject &result) {
        if (id != m_jobId || m_reported)
            return;
        m_reported = true;
        Q_EMIT finished(result);
        m_worker->stop();
    });
    connect(m_worker, &WorkerSupervisor::failed, this, [this](const QString &, const QString &code, const QString &message) {
        if (m_reported)
            return;
        m_reported = true;
        qCWarning(lcNode) << "worker job failed:" << code << message;
        Q_EMIT failed(code, message);
        m_worker->stop();
    });
    connect(m_worker, &WorkerSupervisor::finished, this, [this] {
        if (!m_reported) {
            m_reported = true;
            Q_EMIT failed(QStringLiteral("worker.exited"), QStringLiteral("the worker ended without a result"));
        }
        m_running = false;
        Q_EMIT stopped();
    });

    m_worker->start();
    m_jobId = m_worker->submit(job, params);
    qCInfo(lcNode).noquote() << "worker job started:" << job << QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact));
}

void BenchmarkRunner::cancel()
{
    if (!m_running || !m_worker)
        return;
    m_worker->cancel(m_jobId);
    m_worker->stop();
}

} // namespace idleforge::node
