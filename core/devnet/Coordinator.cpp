#include "devnet/Coordinator.h"

#include "devnet/Log.h"
#include "devnet/Pricing.h"
#include "protocol/CapabilityRecord.h"
#include "protocol/Messages.h"
#include "task/DatasetStore.h"

#include <limits>

namespace idleforge::devnet {

namespace msg = protocol::msg;
using protocol::CheckpointRef;

namespace {
qint64 minimumFor(double totalFlops)
{
    task::TaskCost cost;
    cost.totalFlops = totalFlops;
    return minimumReward(cost);
}
} // namespace

QJsonObject Coordinator::helloBody() const
{
    return protocol::HelloBody{protocol::keyToBase58(m_ctx.key), protocol::kProtocolVersion, m_ctx.now(),
                               m_options.leaseMs,                  m_options.heartbeatMs,        m_options.blobBase.toString()}
        .toJson();
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
    msg::setReplyTo(reply->body, e.nonce);
    return *reply;
}

void Coordinator::resendTo(const QString &node)
{
    m_settlement.resendReceipts(node);
    m_audits.resendTo(node);
    m_disputes.resendTo(node); // dispute_open before the game's log: a restarted party is rebuilt first
    m_relay.resendTo(node);
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
    auto body = readBody<protocol::RegisterBody>(e);
    if (!body)
        return body.error();
    const QString &payout = body->payout;
    auto record = protocol::CapabilityRecord::fromJson(body->capability);
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
    return protocol::RegisteredBody{e.from, row->reputation, m_options.leaseMs, m_options.heartbeatMs}.toJson();
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
        return Reply{msg::kNoTask, protocol::NoTaskBody{m_options.noTaskRetryMs}.toJson()};
    const auto &g = **granted;
    qCInfo(lcDevnet).noquote() << (g.resumed ? "re-sent" : "leased") << g.lease.wireId() << "task" << g.task.wireId()
                               << "to" << e.from;
    return Reply{msg::kLease, leaseBody(g, *provider)};
}

QJsonObject Coordinator::leaseBody(const DevnetStore::Granted &g, const ProviderRow &provider) const
{
    protocol::LeaseBody body;
    body.lease = g.lease.wireId();
    body.task = g.task.wireId();
    body.specText = specText(g.task);
    body.specHash = g.task.specHash;
    body.reward = g.task.reward;
    body.expiresTs = g.lease.expiresMs;
    body.leaseMs = m_options.leaseMs;
    body.heartbeatMs = m_options.heartbeatMs;
    body.blobs = m_options.blobBase.toString();
    body.attempt = g.task.attempts;
    // What an audit of this provider would draw today, for sizing its extra checkpoints (the
    // node caps it at the task's steps).
    body.auditSamples = AuditDesk::samplesFor(m_options, provider.reputation, std::numeric_limits<qint64>::max());
    if (g.task.checkpointStep)
        body.resume = CheckpointRef{*g.task.checkpointStep, g.task.checkpointHash};
    return body.toJson();
}

Result<QJsonObject> Coordinator::onHeartbeat(const protocol::Envelope &e)
{
    auto body = readBody<protocol::HeartbeatBody>(e);
    if (!body)
        return body.error();
    const qint64 leaseId = idOf(body->lease, QLatin1Char('l'));
    std::optional<DevnetStore::Checkpoint> checkpoint;
    if (const auto &cp = body->checkpoint) {
        const auto blob = crypto::hashFromHex(cp->hash.toStdString()); // 64 hex: the body checked it
        // The next solver will fetch it from us: a checkpoint we do not hold is not one.
        if (m_ctx.blobs && (!blob || !m_ctx.blobs->contains(*blob)))
            qCWarning(lcDevnet).noquote() << "heartbeat of l" << leaseId << "names checkpoint" << cp->hash.left(16)
                                          << "which was never uploaded; ignored";
        else
            checkpoint = DevnetStore::Checkpoint{cp->step, cp->hash};
    }
    auto l = m_ctx.store.heartbeat(leaseId, e.from, body->step, checkpoint, m_ctx.now(), m_options.leaseMs);
    if (!l)
        return l.error();
    return protocol::HeartbeatAckBody{l->wireId(), l->expiresMs}.toJson();
}

Result<QJsonObject> Coordinator::onRelease(const protocol::Envelope &e)
{
    auto body = readBody<protocol::LeaseReleaseBody>(e);
    if (!body)
        return body.error();
    const qint64 leaseId = idOf(body->lease, QLatin1Char('l'));
    if (auto r = m_ctx.store.release(leaseId, e.from, m_ctx.now()); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "released l" << leaseId << "by" << e.from;
    return protocol::LeaseReleaseAckBody{}.toJson();
}

Result<QJsonObject> Coordinator::onSubmit(const protocol::Envelope &e)
{
    // The spec travels as JSON text: it holds fractions (learning rate, init std), which
    // canonical JSON does not carry as numbers. The body checks it is an object, submitTask the rest.
    auto body = readBody<protocol::SubmitBody>(e);
    if (!body)
        return body.error();
    auto row = submitTask(body->spec(), body->reward, e.from); // devnet.reward_out_of_range above maxReward
    if (!row)
        return row.error();
    auto funds = m_ctx.store.fundsOf(e.from);
    if (!funds)
        return funds.error();
    return protocol::SubmittedBody{row->wireId(),
                                   row->specHash,
                                   body->reward,
                                   *funds,
                                   minimumFor(row->totalFlops),
                                   row->peakBytes,
                                   QString::number(row->totalFlops / 1e9, 'f', 3)}
        .toJson();
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

Result<protocol::StatusReplyBody> Coordinator::status() const
{
    auto s = m_ctx.store.summary();
    if (!s)
        return s.error();
    s->serverTs = m_ctx.now();
    s->coordinator = protocol::keyToBase58(m_ctx.key);
    return s;
}

Result<QJsonObject> Coordinator::onStatus(const protocol::Envelope &)
{
    auto s = status();
    if (!s)
        return s.error();
    return s->toJson();
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
