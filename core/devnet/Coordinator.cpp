#include "devnet/Coordinator.h"

#include "devnet/Log.h"
#include "devnet/Pricing.h"
#include "protocol/CapabilityRecord.h"
#include "protocol/Messages.h"
#include "task/DatasetStore.h"

#include <QJsonDocument>

#include <limits>

namespace idleforge::devnet {

namespace msg = protocol::msg;

namespace {
qint64 minimumFor(double totalFlops)
{
    task::TaskCost cost;
    cost.totalFlops = totalFlops;
    return minimumReward(cost);
}

std::optional<qint64> leaseIdOf(const QJsonObject &body)
{
    return parseWireId(body.value(QLatin1String("lease")).toString(), QLatin1Char('l'));
}
} // namespace

QJsonObject Coordinator::helloBody() const
{
    return QJsonObject{{QStringLiteral("coordinator"), protocol::keyToBase58(m_ctx.key)},
                       {QStringLiteral("protocol"), protocol::kProtocolVersion},
                       {QStringLiteral("server_ts"), m_ctx.now()},
                       {QStringLiteral("lease_ms"), m_options.leaseMs},
                       {QStringLiteral("heartbeat_ms"), m_options.heartbeatMs},
                       {QStringLiteral("blobs"), m_options.blobBase.toString()}};
}

Coordinator::Coordinator(DevnetStore &store, const crypto::PublicKey &coordinatorKey, Options options, const Clock &clock,
                         const task::DatasetStore *blobs)
    : m_options(std::move(options)), m_ctx{store, m_options, clock, coordinatorKey, blobs, nullptr, {}, {}},
      m_audits(m_ctx, m_settlement, [this](const GameRow &audit, const TaskRow &task) { return m_disputes.open(audit, task); }),
      m_housekeeper(store, blobs ? blobs->dir() : QString(), m_options.housekeeping)
{
}

Coordinator::~Coordinator() = default;

void Coordinator::setOnline(const QString &node, bool online)
{
    if (online)
        m_ctx.online.insert(node);
    else
        m_ctx.online.remove(node);
}

QList<Coordinator::Push> Coordinator::takePushes()
{
    QList<Push> out;
    out.swap(m_ctx.pushes);
    return out;
}

Result<Coordinator::Reply> Coordinator::dispatch(const protocol::Envelope &e)
{
    const auto wrap = [](const QString &type, Result<QJsonObject> body) -> Result<Reply> {
        if (!body)
            return body.error();
        return Reply{type, *body};
    };
    if (e.type == msg::kRegister)
        return wrap(msg::kRegistered, onRegister(e));
    if (e.type == msg::kLeaseRequest)
        return onLeaseRequest(e);
    if (e.type == msg::kHeartbeat)
        return wrap(msg::kHeartbeatAck, onHeartbeat(e));
    if (e.type == msg::kLeaseRelease)
        return wrap(msg::kAck, onRelease(e));
    if (e.type == msg::kSubmit)
        return wrap(msg::kSubmitted, onSubmit(e));
    if (e.type == msg::kStatus)
        return wrap(msg::kStatusReply, onStatus(e));
    if (e.type == msg::kCommit)
        return wrap(msg::kAck, m_audits.onCommit(e));
    if (e.type == msg::kVerify)
        return wrap(msg::kAck, m_relay.onVerify(e));
    if (e.type == msg::kAuditResult)
        return wrap(msg::kAck, m_audits.onAuditResult(e));
    if (e.type == msg::kDisputeReady)
        return wrap(msg::kAck, m_disputes.onDisputeReady(e));
    return makeError("protocol.unknown_type", QStringLiteral("message type \"%1\" is not part of protocol version %2")
                                                  .arg(e.type)
                                                  .arg(protocol::kProtocolVersion));
}

Coordinator::Reply Coordinator::handle(const protocol::Envelope &e)
{
    auto reply = dispatch(e);
    if (!reply) {
        qCInfo(lcDevnet).noquote() << "refused" << e.type << "from" << e.from << "-" << reply.error().toString();
        return Reply{msg::kError, msg::errorBody(reply.error(), e.nonce)};
    }
    reply->body.insert(QStringLiteral("re"), e.nonce);
    return *reply;
}

void Coordinator::resendTo(const QString &node)
{
    m_settlement.resendReceipts(node);
    m_audits.resendTo(node);
    m_relay.resendTo(node);
    m_disputes.resendTo(node);
}

void Coordinator::sweepGames(qint64 now)
{
    if (now - m_lastGameSweepMs < 1000)
        return;
    m_lastGameSweepMs = now;
    m_audits.assignWaiting(now);
    // Open games that went silent, in the order they were opened.
    if (auto open = m_ctx.games().gamesInState(QStringLiteral("open")))
        for (GameRow g : *open) {
            if (now - g.updatedMs < m_options.gameTimeoutMs)
                continue;
            if (g.kind == QLatin1String("dispute"))
                m_disputes.onSilent(g, now);
            else
                m_audits.onSilent(g, now);
        }
    m_disputes.sweepReplicating(now);
}

Result<QJsonObject> Coordinator::onRegister(const protocol::Envelope &e)
{
    const QString payout = e.body.value(QLatin1String("payout")).toString();
    auto record = protocol::CapabilityRecord::fromJson(e.body.value(QLatin1String("capability")).toObject());
    if (!record)
        return record.error();
    if (record->node != e.from)
        return badRequest(QStringLiteral("the capability record is signed by %1, not by the sender").arg(record->node));
    if (record->payout != payout)
        return badRequest(QStringLiteral("the capability record names payout %1, the message %2").arg(record->payout, payout));
    auto row = m_ctx.store.upsertProvider(*record, m_ctx.now());
    if (!row)
        return row.error();
    qCInfo(lcDevnet).noquote() << "registered" << e.from << "payout" << payout << "memory" << record->memoryBytes
                               << "backends" << record->backends.join(QLatin1Char(','));
    m_ctx.online.insert(e.from);
    resendTo(e.from); // receipts and open verification work it may have missed while away
    if (auto r = m_settlement.grantStake(e.from); !r)
        qCWarning(lcDevnet).noquote() << "cannot grant the stake of" << e.from << ":" << r.error().toString();
    return QJsonObject{{QStringLiteral("node"), e.from},
                       {QStringLiteral("reputation"), row->reputation},
                       {QStringLiteral("lease_ms"), m_options.leaseMs},
                       {QStringLiteral("heartbeat_ms"), m_options.heartbeatMs}};
}

Result<ProviderRow> Coordinator::registeredProvider(const protocol::Envelope &e)
{
    auto p = m_ctx.store.provider(e.from);
    if (!p)
        return p.error();
    if (!*p)
        return makeError("devnet.not_registered", QStringLiteral("register before asking for work"));
    return **p;
}

Result<Coordinator::Reply> Coordinator::onLeaseRequest(const protocol::Envelope &e)
{
    auto provider = registeredProvider(e);
    if (!provider)
        return provider.error();
    const qint64 now = m_ctx.now();
    qint64 maxReward = std::numeric_limits<qint64>::max();
    if (m_options.stakeGrant > 0) {
        auto stake = m_ctx.store.receipts().stakeOf(e.from);
        if (!stake)
            return stake.error();
        maxReward = *stake; // a task whose slash the stake cannot cover is not offered
    }
    auto granted = m_ctx.store.leaseFor(*provider, now, m_options.leaseMs, maxReward);
    if (!granted)
        return granted.error();
    if (!*granted)
        return Reply{msg::kNoTask, QJsonObject{{QStringLiteral("retry_ms"), m_options.noTaskRetryMs}}};
    const auto &g = **granted;
    qCInfo(lcDevnet).noquote() << (g.resumed ? "re-sent" : "leased") << g.lease.wireId() << "task" << g.task.wireId()
                               << "to" << e.from;
    return Reply{msg::kLease, leaseBody(g)};
}

QJsonObject Coordinator::leaseBody(const DevnetStore::Granted &g) const
{
    QJsonObject body{{QStringLiteral("lease"), g.lease.wireId()},
                     {QStringLiteral("task"), g.task.wireId()},
                     {QStringLiteral("spec"), QString::fromUtf8(QJsonDocument(g.task.spec).toJson(QJsonDocument::Compact))},
                     {QStringLiteral("spec_hash"), g.task.specHash},
                     {QStringLiteral("reward"), g.task.reward},
                     {QStringLiteral("expires_ts"), g.lease.expiresMs},
                     {QStringLiteral("lease_ms"), m_options.leaseMs},
                     {QStringLiteral("heartbeat_ms"), m_options.heartbeatMs},
                     {QStringLiteral("blobs"), m_options.blobBase.toString()},
                     {QStringLiteral("attempt"), g.task.attempts}};
    if (g.task.checkpointStep)
        body.insert(QStringLiteral("resume"), QJsonObject{{QStringLiteral("step"), *g.task.checkpointStep},
                                                          {QStringLiteral("hash"), g.task.checkpointHash}});
    return body;
}

Result<QJsonObject> Coordinator::onHeartbeat(const protocol::Envelope &e)
{
    const auto leaseId = leaseIdOf(e.body);
    const auto step = msg::integerField(e.body, QStringLiteral("step"));
    if (!leaseId || !step || *step < 0)
        return badRequest(QStringLiteral("heartbeat needs \"lease\" (l<n>) and \"step\" (integer >= 0)"));
    std::optional<DevnetStore::Checkpoint> checkpoint;
    if (e.body.contains(QLatin1String("checkpoint"))) {
        const QJsonObject cp = e.body.value(QLatin1String("checkpoint")).toObject();
        const auto cpStep = msg::integerField(cp, QStringLiteral("step"));
        const QString hash = cp.value(QLatin1String("hash")).toString();
        const auto blob = crypto::hashFromHex(hash.toStdString());
        if (!cpStep || *cpStep < 0 || !blob)
            return badRequest(QStringLiteral("\"checkpoint\" needs \"step\" and a 64-hex \"hash\""));
        // The next solver will fetch it from us: a checkpoint we do not hold is not one.
        if (m_ctx.blobs && !m_ctx.blobs->contains(*blob))
            qCWarning(lcDevnet).noquote() << "heartbeat of l" << *leaseId << "names checkpoint" << hash.left(16)
                                          << "which was never uploaded; ignored";
        else
            checkpoint = DevnetStore::Checkpoint{*cpStep, hash};
    }
    auto l = m_ctx.store.heartbeat(*leaseId, e.from, *step, checkpoint, m_ctx.now(), m_options.leaseMs);
    if (!l)
        return l.error();
    return QJsonObject{{QStringLiteral("lease"), l->wireId()}, {QStringLiteral("expires_ts"), l->expiresMs}};
}

Result<QJsonObject> Coordinator::onRelease(const protocol::Envelope &e)
{
    const auto leaseId = leaseIdOf(e.body);
    if (!leaseId)
        return badRequest(QStringLiteral("lease_release needs \"lease\" (l<n>)"));
    if (auto r = m_ctx.store.release(*leaseId, e.from, m_ctx.now()); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "released l" << *leaseId << "by" << e.from;
    return QJsonObject{};
}

Result<QJsonObject> Coordinator::onSubmit(const protocol::Envelope &e)
{
    const auto reward = msg::integerField(e.body, QStringLiteral("reward"));
    if (!reward || *reward < 0)
        return badRequest(QStringLiteral("submit needs \"reward\": integer micro-credits >= 0"));
    if (*reward > m_options.maxReward)
        return makeError("devnet.reward_out_of_range", QStringLiteral("a reward is 0..%1 micro-credits, offered %2")
                                                           .arg(m_options.maxReward)
                                                           .arg(*reward));
    // The spec travels as JSON text: it holds fractions (learning rate, init std), which
    // canonical JSON does not carry as numbers.
    const QByteArray specText = e.body.value(QLatin1String("spec")).toString().toUtf8();
    QJsonParseError parseError{};
    const QJsonDocument specDoc = QJsonDocument::fromJson(specText, &parseError);
    if (parseError.error != QJsonParseError::NoError || !specDoc.isObject())
        return badRequest(QStringLiteral("submit needs \"spec\": the task spec as JSON text (a string)"));
    auto row = submitTask(specDoc.object(), *reward, e.from);
    if (!row)
        return row.error();
    auto funds = m_ctx.store.fundsOf(e.from);
    if (!funds)
        return funds.error();
    return QJsonObject{{QStringLiteral("task"), row->wireId()},
                       {QStringLiteral("spec_hash"), row->specHash},
                       {QStringLiteral("funds"), *funds},
                       {QStringLiteral("reward"), *reward},
                       {QStringLiteral("minimum_reward"), minimumFor(row->totalFlops)},
                       {QStringLiteral("peak_bytes"), row->peakBytes},
                       {QStringLiteral("total_gflops"), QString::number(row->totalFlops / 1e9, 'f', 3)}};
}

Result<void> Coordinator::fund(const QString &submitter, qint64 amount, const QString &note)
{
    auto granted = m_ctx.store.grantFunds(submitter, amount, note, m_ctx.now());
    if (!granted)
        return granted.error();
    if (*granted)
        qCInfo(lcDevnet).noquote() << "funded" << submitter << "with" << amount << "micro-credits (" << note << ")";
    return {};
}

Result<TaskRow> Coordinator::submitTask(const QJsonObject &specJson, qint64 reward, const QString &submitter)
{
    if (reward < 0 || reward > m_options.maxReward)
        return makeError("devnet.reward_out_of_range",
                         QStringLiteral("a reward is 0..%1 micro-credits, offered %2").arg(m_options.maxReward).arg(reward));
    auto spec = task::parseTaskSpec(specJson, m_options.limits);
    if (!spec)
        return spec.error();
    const qint64 minimum = minimumReward(spec->cost);
    if (reward < minimum)
        return makeError("devnet.reward_too_low", QStringLiteral("this task costs about %1 GFLOP; the minimum reward is "
                                                                 "%2 micro-credits, offered %3")
                                                      .arg(spec->cost.totalFlops / 1e9, 0, 'f', 1)
                                                      .arg(minimum)
                                                      .arg(reward));
    if (spec->data.kind == task::DatasetRef::Kind::Bytes && (!m_ctx.blobs || !m_ctx.blobs->contains(spec->data.hash)))
        return makeError("devnet.missing_blob",
                         QStringLiteral("the dataset %1 is not in the coordinator's blob store; put it there first")
                             .arg(task::hashHex(spec->data.hash)));
    NewTask t;
    t.spec = spec->json;
    t.specHash = task::hashHex(spec->taskId);
    t.name = spec->name;
    t.backend = spec->backend;
    t.peakBytes = spec->cost.peakBytes;
    t.totalFlops = spec->cost.totalFlops;
    t.reward = reward;
    t.submitter = submitter;
    if (m_options.submitterGrant > 0)
        if (auto r = fund(submitter, m_options.submitterGrant, QStringLiteral("submitter-grant")); !r)
            return r.error();
    auto row = m_ctx.store.addFundedTask(t, m_ctx.now());
    if (!row)
        return row.error();
    qCInfo(lcDevnet).noquote() << "task" << row->wireId() << "submitted by" << submitter << "reward" << reward;
    return row;
}

Result<QJsonObject> Coordinator::onStatus(const protocol::Envelope &)
{
    auto s = m_ctx.store.summary();
    if (!s)
        return s.error();
    QJsonObject body = *s;
    body.insert(QStringLiteral("server_ts"), m_ctx.now());
    body.insert(QStringLiteral("coordinator"), protocol::keyToBase58(m_ctx.key));
    return body;
}

void Coordinator::expirePooledTasks()
{
    if (m_options.taskExpiryMs <= 0)
        return;
    const qint64 now = m_ctx.now();
    auto cancelled = m_ctx.store.expirePooledTasks(now - m_options.taskExpiryMs, now);
    if (!cancelled)
        qCWarning(lcDevnet).noquote() << "cannot expire pooled tasks:" << cancelled.error().toString();
    else
        for (const TaskRow &t : *cancelled)
            qCInfo(lcDevnet).noquote() << "task" << t.wireId() << "was not leased in" << m_options.taskExpiryMs
                                       << "ms: cancelled, reward" << t.reward << "refunded to" << t.submitter;
}

Result<QList<LeaseRow>> Coordinator::sweep()
{
    sweepGames(m_ctx.now());
    expirePooledTasks();
    auto expired = m_ctx.store.expireLeases(m_ctx.now());
    m_housekeeper.maybeRun(m_ctx.now());
    if (expired)
        for (const LeaseRow &l : *expired)
            qCInfo(lcDevnet).noquote() << "lease" << l.wireId() << "of" << l.nodeId << "expired; task"
                                       << QStringLiteral("t%1").arg(l.taskId) << "is back in the pool";
    return expired;
}

} // namespace idleforge::devnet
