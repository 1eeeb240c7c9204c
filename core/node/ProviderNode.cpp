#include "node/ProviderNode.h"

#include "base/Clock.h"
#include "ledger/Ledger.h"
#include "node/DatasetFetch.h"
#include "node/GameRelay.h"
#include "node/JobFolders.h"
#include "node/JobRunner.h"
#include "node/DeviceChoice.h"
#include "node/Log.h"
#include "node/MemoryKeeper.h"
#include "node/OffThread.h"
#include "node/Outbox.h"
#include "node/OutboxSender.h"
#include "protocol/BlobFetcher.h"
#include "protocol/BlobUploader.h"
#include "protocol/Envelope.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "protocol/Receipt.h"
#include "protocol/Tls.h"
#include "base/Paths.h"
#include "wallet/NodeIdentity.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QTimer>

#include <limits>

namespace idleforge::node {

namespace msg = protocol::msg;

namespace {
constexpr qint64 kDiskMeasureReuseMs = 10'000; // a lease request reuses a measurement this fresh
constexpr int kDiskRetryMs = 30'000;           // blocked: look again this often
constexpr int kStaleSweepMs = 3600 * 1000;
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
} // namespace

ProviderNode::ProviderNode(const wallet::NodeIdentity &identity, Options options, ledger::Ledger *ledger, QObject *parent)
    : QObject(parent), m_identity(identity), m_options(std::move(options)), m_ledger(ledger), m_ctx{m_options}
{
    if (m_options.storeDir.isEmpty())
        m_options.storeDir = paths::storeDir();
    m_ctx.say = [this](const QString &line) { say(line); };
    m_ctx.fetcher = new protocol::BlobFetcher(this);
    m_ctx.uploader = new protocol::BlobUploader(this);
    m_ctx.fetcher->setTlsConfiguration(protocol::clientTlsConfiguration(m_options.trustedCas));
    m_ctx.fetcher->setStallTimeout(m_options.blobStallMs);
    m_ctx.fetcher->setMinimumRate(m_options.blobMinBytesPerSecond);
    m_ctx.uploader->setTlsConfiguration(protocol::clientTlsConfiguration(m_options.trustedCas));
    // Checkpoints, states and game results go up signed with the node's key (a registered provider).
    m_ctx.uploader->setSigner(protocol::Signer{identity.publicKey(), [&identity](std::span<const std::uint8_t> m) { return identity.sign(m); }});
    m_folders = std::make_unique<JobFolders>(m_options.jobsDir, m_options.ramCheckpointsDir);
    m_datasets = std::make_unique<DatasetFetch>(m_options.storeDir, m_ctx.fetcher, m_ctx.say);
    m_memory = new MemoryKeeper(*m_folders, {m_options.memoryLowWaterBytes}, m_ctx.say, this);
    m_ctx.folders = m_folders.get();
    m_ctx.datasets = m_datasets.get();
    m_ctx.memory = m_memory;
    m_status.connection = QStringLiteral("stopped");
    m_status.disk.budgetBytes = m_options.diskBudgetBytes;
}

ProviderNode::~ProviderNode()
{
    delete m_games; // its thread stops before the context it reads goes
    delete m_jobs;
}

QString ProviderNode::nodeId() const { return protocol::keyToBase58(m_identity.publicKey()); }

void ProviderNode::say(const QString &line)
{
    qCInfo(lcNode).noquote() << m_options.name + QLatin1Char(':') << line;
    Q_EMIT activity(line);
}

QString ProviderNode::reproDevice() const { return m_jobs ? m_jobs->device() : m_options.reproDevice; }

// The node's outbox; a damaged one is kept aside with what can still be read carried over
// (Outbox::recover), so the node goes on.
Result<std::unique_ptr<Outbox>> ProviderNode::openOutbox()
{
    const QString path = QDir(m_options.jobsDir).filePath(QStringLiteral("outbox.sqlite"));
    auto outbox = Outbox::open(path);
    if (outbox || outbox.error().code != QLatin1String("outbox.corrupt"))
        return outbox;
    auto recovered = Outbox::recover(path, Clock::instance().msecsSinceEpoch());
    if (!recovered)
        return recovered.error();
    m_ctx.say(QStringLiteral("the outbox was damaged: %1 unsent message(s) recovered, %2 unreadable%3; the damaged file is kept "
                             "as %4")
                  .arg(recovered->recovered)
                  .arg(recovered->unreadable)
                  .arg(recovered->readToEnd ? QString() : QStringLiteral(" (and any on the damaged pages)"))
                  .arg(recovered->keptAs));
    return Outbox::open(path);
}

Result<void> ProviderNode::start(const QJsonObject &capability)
{
    if (m_options.jobsDir.isEmpty())
        return makeError("node.config", QStringLiteral("a provider needs a jobs directory"));
    if (!QDir().mkpath(m_options.jobsDir))
        return makeError("node.io", QStringLiteral("cannot create %1").arg(m_options.jobsDir));
    auto outbox = openOutbox();
    if (!outbox)
        return outbox.error();

    CoordinatorClient::Options co;
    co.url = m_options.url;
    co.coordinatorKey = m_options.coordinatorKey;
    co.trustedCas = m_options.trustedCas;
    co.minBackoffMs = m_options.minBackoffMs;
    co.replyTimeoutMs = m_options.replyTimeoutMs;
    const DeviceChoice device = chooseReproDevice(capability, m_options.reproDevice);
    m_options.reproDevice = device.device;
    m_ctx.say(QStringLiteral("repro tasks train on %1: %2").arg(device.device, device.reason));
    co.capability = CoordinatorClient::summarize(capability, m_options.payout.isEmpty() ? nodeId() : m_options.payout);
    m_client = new CoordinatorClient(m_identity, co, Clock::instance(), this);
    m_ctx.client = m_client;
    m_outbox = new OutboxSender(std::move(outbox).value(), m_client, m_ctx.say, this);
    m_ctx.outbox = m_outbox;
    m_jobs = new JobRunner(m_ctx);
    m_games = new GameRelay(m_ctx);
    if (!m_status.computeAllowed) { // the policy said no before the session started
        m_jobs->pause();
        m_games->setPaused(true);
    }

    connect(m_client, &CoordinatorClient::stateChanged, this, [this] {
        m_status.connection = connectionText();
        Q_EMIT statusChanged();
    });
    connect(m_client, &CoordinatorClient::registered, this, &ProviderNode::onRegistered);
    connect(m_client, &CoordinatorClient::leaseGranted, m_jobs, &JobRunner::runLease);
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
        m_jobs->cancelLease(leaseId);
    });
    connect(m_jobs, &JobRunner::changed, this, [this] {
        m_status.outboxPending = m_outbox->pendingCount();
        if (const auto job = m_jobs->current(); job && job->kind == QLatin1String("train") && job->taskId != m_startedTask)
            Q_EMIT taskStarted(m_startedTask = job->taskId, job->steps);
        Q_EMIT statusChanged();
    });
    connect(m_jobs, &JobRunner::committed, this, &ProviderNode::taskCommitted);
    connect(m_games, &GameRelay::auditReported, this, &ProviderNode::auditReported);
    connect(m_jobs, &JobRunner::finished, this, &ProviderNode::askForWork);
    connect(m_jobs, &JobRunner::replicaReady, m_games, &GameRelay::onReplicaReady);
    connect(m_games, &GameRelay::replicaWanted, m_jobs, &JobRunner::runReplica);
    connect(m_jobs, &JobRunner::stopped, this, [this] {
        m_memory->stop(); // the extra checkpoints' memory goes back as we stop
        m_outbox->stop();
        m_client->stop();
        Q_EMIT stopped();
    });

    auto *sweep = new QTimer(this);
    connect(sweep, &QTimer::timeout, this, &ProviderNode::collectStale);
    sweep->start(kStaleSweepMs);
    collectStale();
    m_memory->start();
    refreshTotals();
    say(QStringLiteral("provider %1 connecting to %2").arg(nodeId(), m_options.url.toString()));
    m_client->start();
    return {};
}

void ProviderNode::stop()
{
    m_stopping = true;
    if (m_jobs)
        m_jobs->stop(); // the worker checkpoints; JobRunner::stopped completes the stop
    else
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
                  {QStringLiteral("receipts_stored"), m_status.receiptsStored}};
    if (const auto job = m_jobs ? m_jobs->current() : std::nullopt)
        s.insert(QStringLiteral("job"), QJsonObject{{QStringLiteral("id"), job->taskId},
                                                    {QStringLiteral("kind"), job->kind},
                                                    {QStringLiteral("step"), job->step},
                                                    {QStringLiteral("steps"), job->steps},
                                                    {QStringLiteral("tokens_per_step"), job->tokensPerStep},
                                                    {QStringLiteral("progress"), job->steps ? double(job->step) / double(job->steps) : 0.0}});
    if (m_status.balance)
        s.insert(QStringLiteral("balance"), *m_status.balance);
    if (m_status.stake)
        s.insert(QStringLiteral("stake"), *m_status.stake);
    if (m_status.pending)
        s.insert(QStringLiteral("pending"), *m_status.pending);
    QJsonArray receipts;
    for (const QJsonObject &json : m_lastReceipts)
        if (const auto r = protocol::Receipt::fromJson(json)) // stored by the ledger: it parses
            receipts.append(QJsonObject{{QStringLiteral("id"), r->id},
                                        {QStringLiteral("kind"), r->kind},
                                        {QStringLiteral("amount"), r->amount},
                                        {QStringLiteral("task"), r->jobId}});
    s.insert(QStringLiteral("receipts"), receipts);
    if (!m_lastSettled.isEmpty())
        s.insert(QStringLiteral("last_settled"), m_lastSettled);
    if (m_outbox)
        s.insert(QStringLiteral("outbox_pending"), m_outbox->pendingCount());
    s.insert(QStringLiteral("compute_allowed"), m_status.computeAllowed);
    s.insert(QStringLiteral("disk"), QJsonObject{{QStringLiteral("used_bytes"), m_status.disk.usedBytes},
                                                 {QStringLiteral("free_bytes"), m_status.disk.freeBytes},
                                                 {QStringLiteral("budget_bytes"), m_status.disk.budgetBytes},
                                                 {QStringLiteral("blocked"), m_status.disk.blocked}});
    return s;
}

// ---- session -----------------------------------------------------------------------------

void ProviderNode::onRegistered()
{
    say(QStringLiteral("registered with the coordinator"));
    m_outbox->flush();
    askForWork();
}

void ProviderNode::setComputeAllowed(bool allowed)
{
    if (allowed == m_status.computeAllowed)
        return;
    m_status.computeAllowed = allowed;
    if (!m_jobs)
        return; // start() applies it
    if (!m_pauseGrace) {
        m_pauseGrace = new QTimer(this);
        m_pauseGrace->setSingleShot(true);
        connect(m_pauseGrace, &QTimer::timeout, this, [this] {
            if (!m_status.computeAllowed && m_jobs->holdsLease())
                m_jobs->handBack();
        });
    }
    m_games->setPaused(!allowed);
    if (!allowed) {
        m_jobs->pause();
        if (m_options.pausedLeaseGraceMs > 0)
            m_pauseGrace->start(int(std::min<qint64>(m_options.pausedLeaseGraceMs, std::numeric_limits<int>::max())));
    } else {
        m_pauseGrace->stop();
        m_jobs->resume();
        askForWork();
    }
    Q_EMIT statusChanged();
}

void ProviderNode::releaseMemory(const QString &why) { m_memory->release(why); }

qint64 ProviderNode::workerPid() const
{
    return m_jobs ? m_jobs->workerPid() : 0;
}

void ProviderNode::askForWork()
{
    if (m_stopping || !m_options.trainTasks || !m_status.computeAllowed || m_jobs->busy() || m_askPending || m_measuring)
        return;
    if (m_client->state() != CoordinatorClient::State::Ready)
        return;
    if (nowMs() - m_measuredAtMs > kDiskMeasureReuseMs)
        return measureDisk([this] { askForWork(); });
    if (m_status.disk.blocked) {
        m_askPending = true;
        QTimer::singleShot(kDiskRetryMs, this, [this] {
            m_askPending = false;
            m_measuredAtMs = 0;
            askForWork();
        });
        return;
    }
    m_client->requestLease();
}

// Measures the job folders off the GUI thread and decides whether a new lease fits.
void ProviderNode::measureDisk(std::function<void()> then)
{
    m_measuring = true;
    offThread<JobFolders::Usage>(this, [folders = *m_folders] { return folders.measure(); },
                                 [this, then](JobFolders::Usage u) {
        m_measuring = false;
        m_measuredAtMs = nowMs();
        const bool overBudget = m_options.diskBudgetBytes > 0 && u.usedBytes >= m_options.diskBudgetBytes;
        const bool blocked = overBudget || u.freeBytes < m_options.minFreeBytes;
        if (blocked && !m_status.disk.blocked)
            say(overBudget ? QStringLiteral("disk budget reached (%1 of %2 MiB used by jobs): no new task until jobs settle")
                                 .arg(u.usedBytes >> 20).arg(m_options.diskBudgetBytes >> 20)
                           : QStringLiteral("disk nearly full (%1 MiB free, %2 MiB needed): no new task")
                                 .arg(u.freeBytes >> 20).arg(m_options.minFreeBytes >> 20));
        else if (!blocked && m_status.disk.blocked)
            say(QStringLiteral("disk space is back: taking tasks again"));
        m_status.disk.usedBytes = u.usedBytes;
        m_status.disk.freeBytes = u.freeBytes;
        m_status.disk.blocked = blocked;
        Q_EMIT statusChanged();
        if (then)
            then();
    });
}

void ProviderNode::collectStale()
{
    // Jobs under way and disputes we play keep their folders, however old.
    QSet<QString> keep = m_jobs ? m_jobs->tasksInPlay() : QSet<QString>{};
    if (m_games)
        keep.unite(m_games->tasksInPlay());
    offThread<qint64>(this, [folders = *m_folders, keep, maxAge = m_options.staleJobMs] {
        return folders.removeStale(maxAge, keep);
    }, [this](qint64 freed) {
        if (freed > 0)
            say(QStringLiteral("deleted job folders untouched for a day (%1 MiB)").arg(freed >> 20));
    });
}

// ---- pushes ------------------------------------------------------------------------------

void ProviderNode::onPushed(const protocol::Envelope &e)
{
    if (e.type == msg::kAuditAssign || e.type == msg::kDisputeOpen)
        Q_EMIT gameJoined(e.type, e.body);
    if (e.type == msg::kAuditAssign)
        return m_games->onAuditAssign(e.body);
    if (e.type == msg::kVerify)
        return m_games->onVerify(e.body);
    if (e.type == msg::kDisputeOpen)
        return m_games->onDisputeOpen(e.body);
    if (e.type == msg::kReceipt)
        return onReceipt(e.body);
    if (e.type == msg::kSettled)
        return onSettled(e.body);
    qCDebug(lcNode) << "ignoring a pushed" << e.type;
}

void ProviderNode::onSettled(const QJsonObject &json)
{
    const auto body = protocol::SettledBody::fromJson(json);
    if (!body) {
        say(QStringLiteral("malformed settlement: %1").arg(body.error().message));
        return;
    }
    m_lastSettled = body->briefJson(); // without the per-sample list: too long for a status line
    QString detail;
    if (protocol::DisputeVerdict::isVerdict(body->detail)) {
        const auto v = protocol::DisputeVerdict::fromJson(body->detail);
        const auto ruling = v ? v->ruling.value_or(protocol::DisputeVerdict::Ruling{}) : protocol::DisputeVerdict::Ruling{};
        detail = QStringLiteral(" (winner %1, step %2, node %3 %4 %5)")
                     .arg(v ? v->winner : QStringLiteral("?"))
                     .arg(ruling.step)
                     .arg(ruling.node)
                     .arg(ruling.op, ruling.nodeName);
    }
    const QString taskId = body->task;
    say(QStringLiteral("%1 settled: %2%3").arg(taskId, body->outcome, detail));
    m_games->onSettled(body->game);
    // The challenge window is over: the task's checkpoints are no longer needed.
    if (!m_jobs->tasksInPlay().contains(taskId) && !m_games->tasksInPlay().contains(taskId))
        offThread<qint64>(this, [folders = *m_folders, taskId] { return folders.removeTask(taskId); },
                          [this, taskId](qint64 freed) {
            if (freed > 0)
                qCInfo(lcNode).noquote() << m_options.name + QLatin1Char(':') << "deleted the job folders of" << taskId
                                         << "(" << freed << "bytes)";
            m_measuredAtMs = 0;
        });
    Q_EMIT settledTask(json);
    Q_EMIT statusChanged();
}

void ProviderNode::onReceipt(const QJsonObject &json)
{
    const auto body = protocol::ReceiptBody::fromJson(json);
    auto parsed = body ? protocol::Receipt::fromJson(body->receipt) : Result<protocol::Receipt>(body.error());
    if (!parsed) { // the ledger would refuse it as well
        say(QStringLiteral("receipt refused: %1").arg(parsed.error().toString()));
        return;
    }
    const QJsonObject receipt = body->receipt;
    const protocol::Receipt fields = std::move(parsed).value();
    const QString id = fields.id;
    if (!m_ledger) {
        say(QStringLiteral("receipt %1: %2 %3 (no ledger to keep it)").arg(id, fields.kind).arg(fields.amount));
        return;
    }
    m_ledger->addReceiptAsync(receipt, [this, receipt, fields, id](Result<ledger::AddOutcome> r) {
        if (!r) {
            say(QStringLiteral("receipt %1 refused: %2").arg(id, r.error().toString()));
            return;
        }
        if (*r == ledger::AddOutcome::Duplicate)
            return;
        ++m_status.receiptsStored;
        m_lastReceipts.prepend(receipt);
        while (m_lastReceipts.size() > 10)
            m_lastReceipts.removeLast();
        say(QStringLiteral("receipt %1: %2 %3 micro-credits for %4").arg(id, fields.kind).arg(fields.amount).arg(fields.jobId));
        Q_EMIT receiptStored(receipt);
        refreshTotals();
    });
}

// The ledger's totals, read on its writer thread; the status shows the last ones read.
void ProviderNode::refreshTotals()
{
    if (!m_ledger)
        return;
    m_ledger->totalsAsync([this](Result<ledger::Totals> t) {
        if (!t) {
            say(QStringLiteral("cannot read the ledger's totals: %1").arg(t.error().message));
            return;
        }
        m_status.balance = t->balance;
        m_status.stake = t->staked;
        m_status.pending = t->pending;
        Q_EMIT statusChanged();
    });
}

} // namespace idleforge::node
