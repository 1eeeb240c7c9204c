#include "node/ProviderNode.h"

#include "base/Paths.h"
#include "ledger/Ledger.h"
#include "compute/graph/Checkpoint.h"
#include "node/CheckpointTransfer.h"
#include "node/Log.h"
#include "node/Outbox.h"
#include "node/VerifyHost.h"
#include "node/WorkerSupervisor.h"
#include "protocol/BlobFetcher.h"
#include "protocol/BlobUploader.h"
#include "protocol/Envelope.h"
#include "protocol/Messages.h"
#include "protocol/Tls.h"
#include "task/DatasetStore.h"
#include "task/TaskSpec.h"
#include "verify/FaultOption.h"
#include "wallet/NodeIdentity.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QScopeGuard>
#include <QSaveFile>
#include <QThreadPool>
#include <QTimer>

namespace idleforge::node {

namespace msg = protocol::msg;

namespace {
qint64 stepsOf(const QJsonObject &spec)
{
    auto parsed = task::parseTaskSpec(spec);
    return parsed ? parsed->graph.config.steps : 0;
}
QJsonObject parseSpecText(const QJsonValue &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
// Runs `work` on the global thread pool and `done(result)` back on the GUI thread, unless `self`
// is gone by then.
template <class T>
void offThread(QObject *self, std::function<T()> work, std::function<void(T)> done)
{
    QThreadPool::globalInstance()->start([guard = QPointer<QObject>(self), work = std::move(work), done = std::move(done)] {
        auto result = std::make_shared<T>(work());
        QMetaObject::invokeMethod(QCoreApplication::instance(), [guard, done, result] {
            if (guard)
                done(std::move(*result));
        }, Qt::QueuedConnection);
    });
}
qint64 newestCheckpointStep(const QString &dir)
{
    const auto steps = graph::listCheckpoints(QFile::encodeName(dir).toStdString());
    return steps.empty() ? 0 : steps.back();
}
} // namespace

ProviderNode::ProviderNode(const wallet::NodeIdentity &identity, Options options, ledger::Ledger *ledger, QObject *parent)
    : QObject(parent), m_identity(identity), m_options(std::move(options)), m_ledger(ledger)
{
    if (m_options.storeDir.isEmpty())
        m_options.storeDir = paths::storeDir();
    m_fetcher = new protocol::BlobFetcher(this);
    m_uploader = new protocol::BlobUploader(this);
    m_fetcher->setTlsConfiguration(protocol::clientTlsConfiguration(m_options.trustedCas));
    m_uploader->setTlsConfiguration(protocol::clientTlsConfiguration(m_options.trustedCas));
    m_verifyThread.setObjectName(m_options.name + QStringLiteral("-verify"));
    m_verifyContext = new QObject;
    m_verifyContext->moveToThread(&m_verifyThread);
    m_host = new VerifyHost(m_options.storeDir, m_options.threads);
    connect(&m_verifyThread, &QThread::finished, m_verifyContext, &QObject::deleteLater);
    m_verifyThread.start(QThread::LowPriority);
}

ProviderNode::~ProviderNode()
{
    m_verifyThread.quit();
    m_verifyThread.wait();
    delete m_host; // no call can be in flight once the thread is gone
}

QString ProviderNode::nodeId() const
{
    return protocol::keyToBase58(m_identity.publicKey());
}

void ProviderNode::say(const QString &line)
{
    qCInfo(lcNode).noquote() << m_options.name + QLatin1Char(':') << line;
    Q_EMIT activity(line);
}

Result<void> ProviderNode::start(const QJsonObject &capability)
{
    if (m_options.jobsDir.isEmpty())
        return makeError("node.config", QStringLiteral("a provider needs a jobs directory"));
    if (!QDir().mkpath(m_options.jobsDir))
        return makeError("node.io", QStringLiteral("cannot create %1").arg(m_options.jobsDir));
    auto outbox = Outbox::open(QDir(m_options.jobsDir).filePath(QStringLiteral("outbox.sqlite")));
    if (!outbox)
        return outbox.error();
    m_outbox = std::move(outbox).value();

    CoordinatorClient::Options co;
    co.url = m_options.url;
    co.coordinatorKey = m_options.coordinatorKey;
    co.trustedCas = m_options.trustedCas;
    co.minBackoffMs = m_options.minBackoffMs;
    co.capability = CoordinatorClient::summarize(capability, m_options.payout.isEmpty() ? nodeId() : m_options.payout);
    m_client = new CoordinatorClient(m_identity, co, Clock::instance(), this);
    connect(m_client, &CoordinatorClient::stateChanged, this, &ProviderNode::onStateChanged);
    connect(m_client, &CoordinatorClient::registered, this, &ProviderNode::onRegistered);
    connect(m_client, &CoordinatorClient::leaseGranted, this, &ProviderNode::onLease);
    connect(m_client, &CoordinatorClient::pushed, this, &ProviderNode::onPushed);
    connect(m_client, &CoordinatorClient::noTask, this, [this](int retryMs) {
        m_askPending = true;
        QTimer::singleShot(std::clamp(retryMs, 200, 60'000), this, [this] {
            m_askPending = false;
            askForWork();
        });
    });
    connect(m_client, &CoordinatorClient::leaseLost, this, [this](const QString &leaseId, const Error &why) {
        say(QStringLiteral("lease %1 lost: %2").arg(leaseId, why.message));
        if (m_job && m_job->leaseId == leaseId && m_worker)
            m_worker->cancel(m_job->workerJob);
        else
            askForWork();
    });

    m_worker = new WorkerSupervisor(this);
    m_worker->setProgram(m_options.workerProgram.isEmpty() ? paths::workerProgram() : m_options.workerProgram);
    connect(m_worker, &WorkerSupervisor::progress, this, &ProviderNode::onWorkerProgress);
    connect(m_worker, &WorkerSupervisor::resultReady, this, &ProviderNode::onWorkerResult);
    connect(m_worker, &WorkerSupervisor::failed, this, &ProviderNode::onWorkerFailed);
    connect(m_worker, &WorkerSupervisor::finished, this, [this](bool) {
        if (m_stopping) {
            m_client->stop();
            Q_EMIT stopped();
        }
    });
    say(QStringLiteral("provider %1 connecting to %2").arg(nodeId(), m_options.url.toString()));
    m_client->start();
    return {};
}

void ProviderNode::stop()
{
    m_stopping = true;
    if (m_worker && m_worker->state() != WorkerSupervisor::State::NotRunning) {
        m_worker->stop(); // it checkpoints; finished() completes the stop
        return;
    }
    if (m_client)
        m_client->stop();
    Q_EMIT stopped();
}

QString ProviderNode::connectionText() const
{
    if (!m_client)
        return QStringLiteral("stopped");
    switch (m_client->state()) {
    case CoordinatorClient::State::Stopped: return QStringLiteral("stopped");
    case CoordinatorClient::State::Connecting: return QStringLiteral("connecting");
    case CoordinatorClient::State::Registering: return QStringLiteral("registering");
    case CoordinatorClient::State::Ready: return QStringLiteral("connected");
    case CoordinatorClient::State::Leased: return QStringLiteral("connected, leased");
    }
    return {};
}

QJsonObject ProviderNode::statusSnapshot() const
{
    QJsonObject s{{QStringLiteral("node"), nodeId()},
                  {QStringLiteral("connection"), connectionText()},
                  {QStringLiteral("coordinator"), m_options.url.toString()},
                  {QStringLiteral("receipts_stored"), m_receiptsStored}};
    if (m_job)
        s.insert(QStringLiteral("job"), QJsonObject{{QStringLiteral("id"), m_job->taskId},
                                                    {QStringLiteral("kind"), m_job->kind},
                                                    {QStringLiteral("step"), m_job->step},
                                                    {QStringLiteral("steps"), m_job->steps},
                                                    {QStringLiteral("progress"), m_job->steps ? double(m_job->step) / double(m_job->steps) : 0.0}});
    if (m_ledger) {
        if (auto b = m_ledger->balance())
            s.insert(QStringLiteral("balance"), *b);
        if (auto st = m_ledger->staked())
            s.insert(QStringLiteral("stake"), *st);
        if (auto p = m_ledger->pending())
            s.insert(QStringLiteral("pending"), *p);
    }
    QJsonArray receipts;
    for (const QJsonObject &r : m_lastReceipts)
        receipts.append(QJsonObject{{QStringLiteral("id"), r.value(QLatin1String("id"))},
                                    {QStringLiteral("kind"), r.value(QLatin1String("kind"))},
                                    {QStringLiteral("amount"), r.value(QLatin1String("amount"))},
                                    {QStringLiteral("task"), r.value(QLatin1String("job"))}});
    s.insert(QStringLiteral("receipts"), receipts);
    if (!m_lastSettled.isEmpty())
        s.insert(QStringLiteral("last_settled"), m_lastSettled);
    if (m_outbox)
        if (auto p = m_outbox->pending())
            s.insert(QStringLiteral("outbox_pending"), qint64(p->size()));
    return s;
}

// ---- session -----------------------------------------------------------------------------

void ProviderNode::onStateChanged(CoordinatorClient::State)
{
    Q_EMIT statusChanged();
}

void ProviderNode::onRegistered()
{
    say(QStringLiteral("registered with the coordinator"));
    flushOutbox();
    askForWork();
}

void ProviderNode::askForWork()
{
    if (m_stopping || !m_options.trainTasks || m_job || m_askPending || !m_waiting.empty())
        return;
    if (m_client->state() != CoordinatorClient::State::Ready)
        return;
    m_client->requestLease();
}

QString ProviderNode::workdirFor(const QString &taskId, const QJsonObject &spec, const QString &suffix) const
{
    const QByteArray canonical = task::canonicalJson(spec);
    const QString hash = task::hashHex(crypto::blake2b256(std::string_view(canonical.constData(), size_t(canonical.size())))).left(16);
    return QDir(m_options.jobsDir).filePath(taskId + QLatin1Char('-') + hash + suffix);
}

QString ProviderNode::findWorkdir(const QString &taskId) const
{
    const QStringList dirs = QDir(m_options.jobsDir).entryList({taskId + QStringLiteral("-*")}, QDir::Dirs, QDir::Name);
    for (const QString &d : dirs)
        if (!d.endsWith(QLatin1String("-replica")))
            return QDir(m_options.jobsDir).filePath(d);
    return {};
}

void ProviderNode::ensureDataset(const QJsonObject &spec, const QUrl &blobs, std::function<void(Result<void>)> done)
{
    auto parsed = task::parseTaskSpec(spec);
    if (!parsed)
        return done(parsed.error());
    if (parsed->data.kind != task::DatasetRef::Kind::Bytes)
        return done({});
    const task::DatasetStore store(m_options.storeDir);
    if (store.contains(parsed->data.hash))
        return done({});
    say(QStringLiteral("fetching dataset %1").arg(task::hashHex(parsed->data.hash).left(16)));
    const QString storeDir = m_options.storeDir;
    m_fetcher->fetch(blobs, parsed->data.hash, [done, storeDir](Result<QByteArray> bytes) {
        if (!bytes)
            return done(bytes.error());
        task::DatasetStore s(storeDir);
        if (auto put = s.putBytes(*bytes); !put)
            return done(put.error());
        done({});
    });
}

// ---- training ----------------------------------------------------------------------------

void ProviderNode::onLease(const LeaseInfo &lease)
{
    Job job;
    job.kind = QStringLiteral("train");
    job.leaseId = lease.leaseId;
    job.taskId = lease.taskId;
    job.spec = lease.spec;
    job.steps = stepsOf(lease.spec);
    job.step = lease.resumeStep.value_or(0);
    job.resumeStep = lease.resumeStep;
    job.resumeHash = lease.resumeHash;
    job.uploadedStep = lease.resumeStep.value_or(0);
    job.lastUploadMs = nowMs();
    job.workdir = workdirFor(lease.taskId, lease.spec);
    say(QStringLiteral("leased %1 (%2, reward %3 micro-credits%4)")
            .arg(lease.taskId, lease.leaseId).arg(lease.reward)
            .arg(lease.resumeStep ? QStringLiteral(", checkpoint at step %1").arg(*lease.resumeStep) : QString()));
    runJob(std::move(job), lease.blobs);
}

void ProviderNode::runJob(Job job, const QUrl &blobs)
{
    if (m_job) {
        m_waiting.push_back(std::move(job));
        return;
    }
    if (auto parsed = task::parseTaskSpec(job.spec)) {
        job.backend = parsed->backend;
        job.specHash = parsed->taskId;
    }
    m_job = std::move(job);
    Q_EMIT statusChanged();
    const QString taskId = m_job->taskId;
    ensureDataset(m_job->spec, blobs, [this, taskId, blobs](Result<void> r) {
        if (!m_job || m_job->taskId != taskId)
            return;
        if (!r) {
            say(QStringLiteral("cannot get the dataset of %1: %2").arg(taskId, r.error().message));
            if (m_job->kind == QLatin1String("train"))
                m_client->releaseLease();
            m_job.reset();
            QTimer::singleShot(1000, this, &ProviderNode::askForWork);
            return;
        }
        fetchResumeCheckpoint(blobs, [this, taskId] {
            if (m_job && m_job->taskId == taskId)
                startWorkerJob();
        });
    });
}

void ProviderNode::fetchResumeCheckpoint(const QUrl &blobs, std::function<void()> then)
{
    const Job &job = *m_job;
    if (job.kind != QLatin1String("train") || !job.resumeStep || *job.resumeStep <= 0 || job.backend != QLatin1String("repro"))
        return then();
    const QString dir = checkpointDirOf(job.workdir, job.backend);
    if (newestCheckpointStep(dir) >= *job.resumeStep)
        return then(); // ours is as new (a re-sent lease after our own restart)
    const auto hash = crypto::hashFromHex(job.resumeHash.toStdString());
    if (!hash) {
        say(QStringLiteral("the lease names a malformed checkpoint hash; starting %1 from our own state").arg(job.taskId));
        return then();
    }
    say(QStringLiteral("fetching the checkpoint of %1 at step %2").arg(job.taskId).arg(*job.resumeStep));
    const qint64 step = *job.resumeStep;
    const QString taskId = job.taskId;
    const QJsonObject specJson = job.spec;
    m_fetcher->fetch(blobs, *hash, [this, dir, step, taskId, specJson, then](Result<QByteArray> bytes) {
        if (!m_job || m_job->taskId != taskId)
            return;
        if (!bytes) {
            say(QStringLiteral("cannot fetch the checkpoint of %1 (%2); training from step %3")
                    .arg(taskId, bytes.error().message).arg(newestCheckpointStep(dir)));
            m_job->step = newestCheckpointStep(dir);
            return then();
        }
        offThread<QString>(this, [dir, step, specJson, bytes = std::move(bytes).value()]() -> QString {
            auto spec = task::parseTaskSpec(specJson);
            if (!spec)
                return spec.error().message;
            auto r = installCheckpoint(dir, *spec, step, bytes);
            return r ? QString() : r.error().message;
        }, [this, dir, step, taskId, then](QString error) {
            if (!m_job || m_job->taskId != taskId)
                return;
            if (error.isEmpty()) {
                say(QStringLiteral("resuming %1 from the network's checkpoint at step %2").arg(taskId).arg(step));
            } else {
                say(QStringLiteral("%1; training %2 from step %3").arg(error, taskId).arg(newestCheckpointStep(dir)));
                m_job->step = newestCheckpointStep(dir);
            }
            then();
        });
    }, qint64(4) << 30);
}

void ProviderNode::maybeUploadCheckpoint()
{
    if (!m_job || m_job->kind != QLatin1String("train") || m_job->backend != QLatin1String("repro") || m_job->uploading)
        return;
    Job &job = *m_job;
    if (nowMs() - job.lastUploadMs < m_options.checkpointUploadMs)
        return;
    const QString dir = checkpointDirOf(job.workdir, job.backend);
    if (newestCheckpointStep(dir) <= job.uploadedStep || job.step >= job.steps)
        return; // nothing new, or the run is done (the commitment follows)
    job.uploading = true;
    const QString leaseId = job.leaseId;
    const crypto::Hash256 taskHash = job.specHash;
    const qint64 after = job.uploadedStep;
    offThread<Result<CheckpointFile>>(this, [dir, taskHash, after] { return newestCheckpoint(dir, taskHash, after); },
                                      [this, leaseId](Result<CheckpointFile> file) {
        if (!m_job || m_job->leaseId != leaseId)
            return;
        if (!file) {
            m_job->uploading = false;
            return;
        }
        const qint64 step = file->step;
        m_uploader->upload(m_client->blobBase(), file->bytes, [this, leaseId, step](Result<crypto::Hash256> h) {
            if (!m_job || m_job->leaseId != leaseId)
                return;
            m_job->uploading = false;
            m_job->lastUploadMs = nowMs();
            if (!h) {
                say(QStringLiteral("cannot upload the checkpoint at step %1: %2").arg(step).arg(h.error().message));
                return;
            }
            m_job->uploadedStep = step;
            m_client->reportProgress(m_job->step, QString::fromStdString(crypto::toHex(*h)), step);
            qCInfo(lcNode).noquote() << m_options.name + QLatin1Char(':') << "uploaded the checkpoint of" << m_job->taskId
                                     << "at step" << step;
        });
    });
}

void ProviderNode::startWorkerJob()
{
    Job &job = *m_job;
    QDir().mkpath(job.workdir);
    {
        QSaveFile f(QDir(job.workdir).filePath(QStringLiteral("spec.json")));
        if (f.open(QIODevice::WriteOnly)) {
            f.write(QJsonDocument(job.spec).toJson());
            f.commit();
        }
    }
    QJsonObject params{{QStringLiteral("spec"), job.spec},
                       {QStringLiteral("workdir"), job.workdir},
                       {QStringLiteral("store_dir"), m_options.storeDir},
                       {QStringLiteral("threads"), m_options.threads}};
#ifdef IDLEFORGE_FAULT_INJECTION
    if (!m_options.fault.isEmpty() && job.kind == QLatin1String("train")) {
        // A cheating test node records its fault so that it defends what it committed to.
        params.insert(QStringLiteral("fault"), m_options.fault);
        if (auto r = verify::writeFaultRecord(job.workdir, m_options.fault); !r)
            say(QStringLiteral("cannot record the fault: %1").arg(r.error().message));
    }
#endif
    if (!m_worker->isRunning())
        m_worker->start();
    job.workerJob = m_worker->submit(QStringLiteral("train"), params);
    say(QStringLiteral("training %1%2 in %3").arg(job.taskId, job.kind == QLatin1String("replica") ? QStringLiteral(" (re-run for a dispute)") : QString(), job.workdir));
}

void ProviderNode::onWorkerProgress(const QString &id, double, const QString &, const QJsonObject &line)
{
    if (!m_job || m_job->workerJob != id)
        return;
    const qint64 step = line.value(QLatin1String("step")).toInteger(m_job->step);
    if (step != m_job->step) {
        m_job->step = step;
        if (m_job->kind == QLatin1String("train"))
            m_client->reportProgress(step);
        Q_EMIT statusChanged();
    }
    maybeUploadCheckpoint();
}

void ProviderNode::onWorkerResult(const QString &id, const QJsonObject &result)
{
    if (!m_job || m_job->workerJob != id)
        return;
    Job job = *m_job;
    m_job.reset();
    if (job.kind == QLatin1String("train")) {
        QJsonArray losses;
        for (const QJsonValue &l : result.value(QLatin1String("losses")).toArray())
            losses.append(QString::number(l.toDouble(), 'g', 9));
        const QJsonObject body{{QStringLiteral("lease"), job.leaseId},
                               {QStringLiteral("run_root"), result.value(QLatin1String("commitment")).toString()},
                               {QStringLiteral("final_hash"), result.value(QLatin1String("final_state_hash")).toString()},
                               {QStringLiteral("steps"), result.value(QLatin1String("steps")).toInteger()},
                               {QStringLiteral("checkpoint_every"), result.value(QLatin1String("checkpoint_every")).toInteger()},
                               {QStringLiteral("losses"), losses}};
        say(QStringLiteral("finished %1: commitment %2, loss %3 -> %4")
                .arg(job.taskId, body.value(QLatin1String("run_root")).toString().left(16),
                     losses.isEmpty() ? QString() : losses.first().toString(), losses.isEmpty() ? QString() : losses.last().toString()));
        m_client->leaseCompleted();
        deliverOutbox(msg::kCommit, QStringLiteral("commit:") + job.leaseId, body);
    } else {
        say(QStringLiteral("re-ran %1 for dispute %2").arg(job.taskId, job.game));
        QMetaObject::invokeMethod(m_verifyContext, [this, host = m_host, job] {
            auto r = host->openRun(job.game, QStringLiteral("b"), job.spec, job.workdir);
            const QString err = r ? QString() : r.error().message;
            QMetaObject::invokeMethod(this, [this, game = job.game, err] { partyReady(game, QStringLiteral("b"), err); },
                                      Qt::QueuedConnection);
        });
    }
    Q_EMIT statusChanged();
    if (!m_waiting.empty()) {
        Job next = std::move(m_waiting.front());
        m_waiting.pop_front();
        runJob(std::move(next), m_client->blobBase());
        return;
    }
    askForWork();
}

void ProviderNode::onWorkerFailed(const QString &id, const QString &code, const QString &message)
{
    if (m_stopping)
        return;
    if (!m_job || (!id.isEmpty() && m_job->workerJob != id)) {
        if (id.isEmpty())
            say(QStringLiteral("worker: %1 (%2)").arg(message, code));
        return;
    }
    Job job = *m_job;
    m_job.reset();
    say(QStringLiteral("job %1 failed: %2 (%3)").arg(job.taskId, message, code));
    if (job.kind == QLatin1String("train") && code != QLatin1String("train.cancelled"))
        m_client->releaseLease(); // someone else may have better luck; our checkpoint stays
    Q_EMIT statusChanged();
    QTimer::singleShot(1000, this, &ProviderNode::askForWork);
}

// ---- the outbox ----------------------------------------------------------------------------

void ProviderNode::deliverOutbox(const QString &type, const QString &key, const QJsonObject &body, std::function<void()> then)
{
    auto item = m_outbox->put(key, type, body, nowMs());
    if (!item) {
        say(QStringLiteral("cannot persist %1 (%2); sending it anyway").arg(key, item.error().message));
    }
    m_client->send(type, body, [this, key, type, body, then](Result<protocol::Envelope> r) {
        const auto done = qScopeGuard([&then] {
            if (then)
                then();
        });
        if (r) {
            (void)m_outbox->acknowledge(key);
            return;
        }
        const QString code = r.error().code;
        if (code == QLatin1String("protocol.disconnected")) {
            say(QStringLiteral("%1 kept in the outbox until the coordinator is back").arg(key));
            return; // re-sent after the next registration (flushOutbox)
        }
        if (code == QLatin1String("protocol.timeout")) {
            // The connection is up but no answer came: try again later on it. A re-send is the
            // same message to the coordinator (idempotent commits and results, the relay log).
            say(QStringLiteral("%1 got no answer; it stays in the outbox and is re-sent in %2 s").arg(key).arg(kOutboxRetryMs / 1000));
            QTimer::singleShot(kOutboxRetryMs, this, [this, key, type, body] { retryOutbox(key, type, body); });
            return;
        }
        // The coordinator refused it for good (e.g. the lease expired first): re-sending
        // would not change its answer.
        say(QStringLiteral("%1 refused: %2").arg(key, r.error().toString()));
        (void)m_outbox->acknowledge(key);
    });
}

void ProviderNode::retryOutbox(const QString &key, const QString &type, const QJsonObject &body)
{
    if (m_stopping || !m_client)
        return;
    const auto state = m_client->state();
    if (state != CoordinatorClient::State::Ready && state != CoordinatorClient::State::Leased)
        return; // the registration after the reconnect flushes it
    auto pending = m_outbox->pending();
    if (!pending)
        return;
    for (const OutboxItem &item : *pending)
        if (item.key == key) {
            (void)m_outbox->markSent(item.id);
            deliverOutbox(type, key, body);
            return;
        }
}

void ProviderNode::flushOutbox()
{
    auto pending = m_outbox->pending();
    if (!pending) {
        say(QStringLiteral("outbox unreadable: %1").arg(pending.error().message));
        return;
    }
    for (const OutboxItem &item : *pending) {
        say(QStringLiteral("re-sending %1 from the outbox").arg(item.key));
        (void)m_outbox->markSent(item.id);
        deliverOutbox(item.type, item.key, item.body);
    }
}

// ---- pushes ------------------------------------------------------------------------------

void ProviderNode::onPushed(const protocol::Envelope &e)
{
    if (e.type == msg::kAuditAssign)
        return onAuditAssign(e.body);
    if (e.type == msg::kVerify)
        return enqueueIncoming(e.body);
    if (e.type == msg::kDisputeOpen)
        return onDisputeOpen(e.body);
    if (e.type == msg::kReceipt)
        return onReceipt(e.body);
    if (e.type == msg::kSettled) {
        const QJsonObject d = e.body.value(QLatin1String("detail")).toObject();
        m_lastSettled = e.body;
        QJsonObject brief = d;
        brief.remove(QStringLiteral("samples")); // one entry per sampled step: too long for a status line
        m_lastSettled.insert(QStringLiteral("detail"), brief);
        QString detail;
        if (d.contains(QLatin1String("winner")))
            detail = QStringLiteral(" (winner %1, step %2, node %3 %4 %5)")
                         .arg(d.value(QLatin1String("winner")).toString())
                         .arg(d.value(QLatin1String("step")).toInteger())
                         .arg(d.value(QLatin1String("node")).toInteger())
                         .arg(d.value(QLatin1String("op")).toString(), d.value(QLatin1String("node_name")).toString());
        say(QStringLiteral("%1 settled: %2%3").arg(e.body.value(QLatin1String("task")).toString(),
                                                    e.body.value(QLatin1String("outcome")).toString(), detail));
        const QString game = e.body.value(QLatin1String("game")).toString();
        QMetaObject::invokeMethod(m_verifyContext, [host = m_host, game] { host->close(game); });
        for (auto it = m_seenSeq.lower_bound(game + QLatin1Char('/')); it != m_seenSeq.end() && it->first.startsWith(game + QLatin1Char('/'));)
            it = m_seenSeq.erase(it);
        Q_EMIT settledTask(e.body);
        Q_EMIT statusChanged();
        return;
    }
    qCDebug(lcNode) << "ignoring a pushed" << e.type;
}

void ProviderNode::onAuditAssign(const QJsonObject &body)
{
    // In line with the relayed messages: after a reconnect the assignment and the game's
    // messages so far arrive together, and the audit must exist before its messages are delivered.
    enqueueIncoming(body, /*assignment=*/true);
}

void ProviderNode::startAudit(const QJsonObject &body)
{
    const QString game = body.value(QLatin1String("game")).toString();
    const QJsonObject spec = parseSpecText(body.value(QLatin1String("spec")));
    const QString seed = body.value(QLatin1String("seed")).toString();
    const int samples = int(body.value(QLatin1String("samples")).toInteger());
    say(QStringLiteral("auditing %1 of %2 (%3 samples)").arg(game, body.value(QLatin1String("task")).toString()).arg(samples));
    const auto release = [this] {
        m_incomingBusy = false;
        pumpIncoming();
    };
    ensureDataset(spec, QUrl(body.value(QLatin1String("blobs")).toString()), [=, this](Result<void> r) {
        if (!r) {
            say(QStringLiteral("cannot audit %1: %2").arg(game, r.error().message));
            return release();
        }
        QMetaObject::invokeMethod(m_verifyContext, [this, host = m_host, game, spec, seed, samples, release] {
            auto out = host->startAudit(game, spec, seed, samples);
            QMetaObject::invokeMethod(this, [this, game, release, out = std::move(out)]() mutable {
                if (!out)
                    say(QStringLiteral("cannot audit %1: %2").arg(game, out.error().message));
                else
                    sendOut(game, std::move(out->messages));
                release();
            }, Qt::QueuedConnection);
        });
    });
}

void ProviderNode::onDisputeOpen(const QJsonObject &body)
{
    const QString game = body.value(QLatin1String("dispute")).toString();
    const QString role = body.value(QLatin1String("role")).toString();
    const QString taskId = body.value(QLatin1String("task")).toString();
    const QJsonObject spec = parseSpecText(body.value(QLatin1String("spec")));
    say(QStringLiteral("dispute %1 over %2: we play \"%3\"").arg(game, taskId, role));
    if (role == QLatin1String("a")) {
        const QString workdir = findWorkdir(taskId);
        QMetaObject::invokeMethod(m_verifyContext, [this, host = m_host, game, spec, workdir] {
            auto r = host->openRun(game, QStringLiteral("a"), spec, workdir);
            const QString err = r ? QString() : r.error().message;
            QMetaObject::invokeMethod(this, [this, game, err] { partyReady(game, QStringLiteral("a"), err); }, Qt::QueuedConnection);
        });
        return;
    }
    // Role b: we only sampled the run; the game needs our own full run of the task.
    Job job;
    job.kind = QStringLiteral("replica");
    job.taskId = taskId;
    job.game = game;
    job.spec = spec;
    job.steps = stepsOf(spec);
    job.workdir = workdirFor(taskId, spec, QStringLiteral("-replica"));
    runJob(std::move(job), QUrl(body.value(QLatin1String("blobs")).toString()));
}

void ProviderNode::partyReady(const QString &game, const QString &role, const QString &error)
{
    if (!error.isEmpty()) {
        say(QStringLiteral("cannot play %1 in %2: %3").arg(role, game, error));
        return;
    }
    m_client->send(msg::kDisputeReady, QJsonObject{{QStringLiteral("dispute"), game}, {QStringLiteral("role"), role}},
                   [this, game](Result<protocol::Envelope> r) {
                       if (!r)
                           say(QStringLiteral("dispute_ready for %1 refused: %2").arg(game, r.error().toString()));
                   });
}

void ProviderNode::onReceipt(const QJsonObject &body)
{
    const QJsonObject receipt = body.value(QLatin1String("receipt")).toObject();
    const QString id = receipt.value(QLatin1String("id")).toString();
    if (!m_ledger) {
        say(QStringLiteral("receipt %1: %2 %3 (no ledger to keep it)")
                .arg(id, receipt.value(QLatin1String("kind")).toString())
                .arg(receipt.value(QLatin1String("amount")).toInteger()));
        return;
    }
    m_ledger->addReceiptAsync(receipt, [this, receipt, id](Result<ledger::AddOutcome> r) {
        if (!r) {
            say(QStringLiteral("receipt %1 refused: %2").arg(id, r.error().toString()));
            return;
        }
        if (*r == ledger::AddOutcome::Duplicate)
            return;
        ++m_receiptsStored;
        m_lastReceipts.prepend(receipt);
        while (m_lastReceipts.size() > 10)
            m_lastReceipts.removeLast();
        say(QStringLiteral("receipt %1: %2 %3 micro-credits for %4")
                .arg(id, receipt.value(QLatin1String("kind")).toString())
                .arg(receipt.value(QLatin1String("amount")).toInteger())
                .arg(receipt.value(QLatin1String("job")).toString()));
        Q_EMIT receiptStored(receipt);
        Q_EMIT statusChanged();
    });
}

// ---- relayed verification messages ------------------------------------------------------

void ProviderNode::enqueueIncoming(const QJsonObject &verifyBody, bool assignment)
{
    m_incoming.push_back(Incoming{verifyBody, assignment});
    pumpIncoming();
}

void ProviderNode::pumpIncoming()
{
    if (m_incomingBusy || m_incoming.empty())
        return;
    m_incomingBusy = true;
    const Incoming next = m_incoming.front();
    m_incoming.pop_front();
    if (next.assignment)
        return startAudit(next.body);
    const QJsonObject &body = next.body;
    auto m = verify::messageFromJson(body.value(QLatin1String("msg")).toObject());
    if (!m) {
        say(QStringLiteral("malformed relayed message: %1").arg(m.error().message));
        m_incomingBusy = false;
        return pumpIncoming();
    }
    // The coordinator re-sends a game's messages when we reconnect; what our machines already
    // took (by seq) is skipped before its blob is fetched.
    const QString seenKey = m->game + QLatin1Char('/') + m->from + QLatin1Char('/') + m->to;
    if (auto it = m_seenSeq.find(seenKey); it != m_seenSeq.end() && m->seq <= it->second) {
        m_incomingBusy = false;
        return pumpIncoming();
    }
    const QString taskId = body.value(QLatin1String("task")).toString();
    const auto deliver = [this, taskId, seenKey](verify::Message message) {
        const QString workdir = findWorkdir(taskId);
        QJsonObject spec;
        if (!workdir.isEmpty()) {
            QFile f(QDir(workdir).filePath(QStringLiteral("spec.json")));
            if (f.open(QIODevice::ReadOnly))
                spec = QJsonDocument::fromJson(f.readAll()).object();
        }
        QMetaObject::invokeMethod(m_verifyContext, [this, host = m_host, message = std::move(message), spec, workdir, seenKey] {
            auto out = host->deliver(message, spec, workdir);
            QMetaObject::invokeMethod(this, [this, game = message.game, type = message.type, seq = message.seq, seenKey,
                                             out = std::move(out)]() mutable {
                m_incomingBusy = false;
                if (!out) {
                    say(QStringLiteral("refused %1 in %2: %3").arg(type, game, out.error().toString()));
                } else {
                    m_seenSeq[seenKey] = seq;
                    sendOut(game, std::move(out->messages));
                    if (out->auditFinished)
                        auditFinished(game, out->auditReport);
                }
                pumpIncoming();
            }, Qt::QueuedConnection);
        });
    };
    const QString blob = body.value(QLatin1String("blob")).toString();
    if (blob.isEmpty())
        return deliver(std::move(m).value());
    const auto hash = crypto::hashFromHex(blob.toStdString());
    if (!hash) {
        m_incomingBusy = false;
        return pumpIncoming();
    }
    m_fetcher->fetch(m_client->blobBase(), *hash, [this, deliver, message = std::move(m).value()](Result<QByteArray> bytes) mutable {
        if (!bytes) {
            say(QStringLiteral("cannot fetch the blob of %1: %2").arg(message.type, bytes.error().message));
            m_incomingBusy = false;
            return pumpIncoming();
        }
        message.blob = std::move(bytes).value();
        deliver(std::move(message));
    }, qint64(1) << 30);
}

void ProviderNode::sendOut(const QString &game, std::vector<verify::Message> messages)
{
    for (verify::Message &m : messages)
        m_outgoing.push_back(Outgoing{game, verify::messageToJson(m), std::move(m.blob)});
    pumpOutgoing();
}

void ProviderNode::pumpOutgoing()
{
    if (m_outgoingBusy || m_outgoing.empty())
        return;
    m_outgoingBusy = true;
    Outgoing out = std::move(m_outgoing.front());
    m_outgoing.pop_front();
    // Through the outbox: an answer the coordinator did not acknowledge (it restarted, the
    // connection dropped) is re-sent after the next registration; the coordinator's relay log
    // recognises a message it already passed on.
    const auto send = [this](const QString &game, const QJsonObject &message, const QString &blobHex) {
        QJsonObject body{{QStringLiteral("game"), game}, {QStringLiteral("msg"), message}};
        if (!blobHex.isEmpty())
            body.insert(QStringLiteral("blob"), blobHex);
        const QString key = QStringLiteral("verify:%1:%2:%3:%4")
                                .arg(game, message.value(QLatin1String("from")).toString(), message.value(QLatin1String("to")).toString())
                                .arg(message.value(QLatin1String("seq")).toInteger());
        deliverOutbox(msg::kVerify, key, body, [this] {
            m_outgoingBusy = false;
            pumpOutgoing();
        });
    };
    if (out.blob.isEmpty())
        return send(out.game, out.msg, QString());
    m_uploader->upload(m_client->blobBase(), out.blob, [send, game = out.game, message = out.msg, this](Result<crypto::Hash256> h) {
        if (!h) {
            say(QStringLiteral("cannot upload a blob for %1: %2").arg(game, h.error().message));
            m_outgoingBusy = false;
            return pumpOutgoing();
        }
        send(game, message, QString::fromStdString(crypto::toHex(*h)));
    });
}

void ProviderNode::auditFinished(const QString &game, const QJsonObject &report)
{
    const bool ok = report.value(QLatin1String("ok")).toBool();
    QStringList failed;
    for (const QJsonValue &v : report.value(QLatin1String("samples")).toArray())
        if (!v.toObject().value(QLatin1String("ok")).toBool())
            failed << QString::number(v.toObject().value(QLatin1String("step")).toInteger());
    say(QStringLiteral("audit %1 %2: %3 samples%4").arg(game, ok ? QStringLiteral("passed") : QStringLiteral("FAILED"))
            .arg(report.value(QLatin1String("samples")).toArray().size())
            .arg(failed.isEmpty() ? QString() : QStringLiteral(", failing steps ") + failed.join(QLatin1Char(','))));
    QJsonArray samples;
    for (const QJsonValue &v : report.value(QLatin1String("samples")).toArray())
        samples.append(QJsonObject{{QStringLiteral("step"), v.toObject().value(QLatin1String("step")).toInteger()},
                                   {QStringLiteral("ok"), v.toObject().value(QLatin1String("ok")).toBool()}});
    deliverOutbox(msg::kAuditResult, QStringLiteral("audit:") + game,
                  QJsonObject{{QStringLiteral("game"), game},
                              {QStringLiteral("ok"), ok},
                              {QStringLiteral("samples"), samples},
                              {QStringLiteral("failure"), report.value(QLatin1String("failure")).toString()}});
}

} // namespace idleforge::node
