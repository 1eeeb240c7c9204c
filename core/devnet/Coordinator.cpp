#include "devnet/Coordinator.h"

#include "devnet/Log.h"
#include "devnet/Pricing.h"
#include "devnet/ReceiptIssuer.h"
#include "protocol/CapabilityRecord.h"
#include "protocol/Messages.h"
#include "task/DatasetStore.h"

#include <QJsonDocument>

#include <limits>

namespace idleforge::devnet {

namespace msg = protocol::msg;

namespace {
Error usage(const QString &why)
{
    return makeError("devnet.bad_request", why);
}

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
    return QJsonObject{{QStringLiteral("coordinator"), protocol::keyToBase58(m_key)},
                       {QStringLiteral("protocol"), protocol::kProtocolVersion},
                       {QStringLiteral("server_ts"), m_clock.msecsSinceEpoch()},
                       {QStringLiteral("lease_ms"), m_options.leaseMs},
                       {QStringLiteral("heartbeat_ms"), m_options.heartbeatMs},
                       {QStringLiteral("blobs"), m_options.blobBase.toString()}};
}

Coordinator::Reply Coordinator::handle(const protocol::Envelope &e)
{
    auto reply = [&]() -> Result<Reply> {
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
            return wrap(msg::kAck, onCommit(e));
        if (e.type == msg::kVerify)
            return wrap(msg::kAck, onVerify(e));
        if (e.type == msg::kAuditResult)
            return wrap(msg::kAck, onAuditResult(e));
        if (e.type == msg::kDisputeReady)
            return wrap(msg::kAck, onDisputeReady(e));
        return makeError("protocol.unknown_type",
                         QStringLiteral("message type \"%1\" is not part of protocol version %2")
                             .arg(e.type)
                             .arg(protocol::kProtocolVersion));
    }();
    if (!reply) {
        qCInfo(lcDevnet).noquote() << "refused" << e.type << "from" << e.from << "-" << reply.error().toString();
        return Reply{msg::kError, msg::errorBody(reply.error(), e.nonce)};
    }
    reply->body.insert(QStringLiteral("re"), e.nonce);
    return *reply;
}

Result<QJsonObject> Coordinator::onRegister(const protocol::Envelope &e)
{
    const QString payout = e.body.value(QLatin1String("payout")).toString();
    auto record = protocol::CapabilityRecord::fromJson(e.body.value(QLatin1String("capability")).toObject());
    if (!record)
        return record.error();
    if (record->node != e.from)
        return usage(QStringLiteral("the capability record is signed by %1, not by the sender").arg(record->node));
    if (record->payout != payout)
        return usage(QStringLiteral("the capability record names payout %1, the message %2").arg(record->payout, payout));
    auto row = m_store.upsertProvider(*record, m_clock.msecsSinceEpoch());
    if (!row)
        return row.error();
    qCInfo(lcDevnet).noquote() << "registered" << e.from << "payout" << payout << "memory" << record->memoryBytes
                               << "backends" << record->backends.join(QLatin1Char(','));
    m_online.insert(e.from);
    resendTo(e.from); // receipts and open verification work it may have missed while away
    if (auto r = grantStake(e.from); !r)
        qCWarning(lcDevnet).noquote() << "cannot grant the stake of" << e.from << ":" << r.error().toString();
    return QJsonObject{{QStringLiteral("node"), e.from},
                       {QStringLiteral("reputation"), row->reputation},
                       {QStringLiteral("lease_ms"), m_options.leaseMs},
                       {QStringLiteral("heartbeat_ms"), m_options.heartbeatMs}};
}

Result<void> Coordinator::grantStake(const QString &node)
{
    if (m_options.stakeGrant <= 0 || !m_signingKey)
        return {};
    // Once per provider: the grant's receipt ids are fixed by (job, kind, node).
    const QString job = QStringLiteral("devnet-stake-grant");
    ReceiptFields id;
    id.kind = QStringLiteral("stake");
    id.taskId = job;
    id.nodeId = node;
    auto had = m_store.hasReceipt(receiptId(id));
    if (!had)
        return had.error();
    if (*had)
        return {};
    // Two movements, two receipts: credit granted, then moved into the stake.
    for (const char *kind : {"reward", "stake"})
        if (auto r = pay(QLatin1String(kind), m_options.stakeGrant, job, node, 0); !r)
            return r.error();
    qCInfo(lcDevnet).noquote() << "granted" << node << "a stake of" << m_options.stakeGrant << "micro-credits";
    return {};
}

Result<ProviderRow> Coordinator::registeredProvider(const protocol::Envelope &e)
{
    auto p = m_store.provider(e.from);
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
    const qint64 now = m_clock.msecsSinceEpoch();
    qint64 maxReward = std::numeric_limits<qint64>::max();
    if (m_options.stakeGrant > 0) {
        auto stake = m_store.stakeOf(e.from);
        if (!stake)
            return stake.error();
        maxReward = *stake; // a task whose slash the stake cannot cover is not offered
    }
    auto granted = m_store.leaseFor(*provider, now, m_options.leaseMs, maxReward);
    if (!granted)
        return granted.error();
    if (!*granted)
        return Reply{msg::kNoTask, QJsonObject{{QStringLiteral("retry_ms"), m_options.noTaskRetryMs}}};
    const auto &g = **granted;
    qCInfo(lcDevnet).noquote() << (g.resumed ? "re-sent" : "leased") << g.lease.wireId() << "task" << g.task.wireId()
                               << "to" << e.from;
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
    return Reply{msg::kLease, body};
}

Result<QJsonObject> Coordinator::onHeartbeat(const protocol::Envelope &e)
{
    const auto leaseId = leaseIdOf(e.body);
    const auto step = msg::integerField(e.body, QStringLiteral("step"));
    if (!leaseId || !step || *step < 0)
        return usage(QStringLiteral("heartbeat needs \"lease\" (l<n>) and \"step\" (integer >= 0)"));
    std::optional<DevnetStore::Checkpoint> checkpoint;
    if (e.body.contains(QLatin1String("checkpoint"))) {
        const QJsonObject cp = e.body.value(QLatin1String("checkpoint")).toObject();
        const auto cpStep = msg::integerField(cp, QStringLiteral("step"));
        const QString hash = cp.value(QLatin1String("hash")).toString();
        const auto blob = crypto::hashFromHex(hash.toStdString());
        if (!cpStep || *cpStep < 0 || !blob)
            return usage(QStringLiteral("\"checkpoint\" needs \"step\" and a 64-hex \"hash\""));
        // The next solver will fetch it from us: a checkpoint we do not hold is not one.
        if (m_blobs && !m_blobs->contains(*blob))
            qCWarning(lcDevnet).noquote() << "heartbeat of l" << *leaseId << "names checkpoint" << hash.left(16)
                                          << "which was never uploaded; ignored";
        else
            checkpoint = DevnetStore::Checkpoint{*cpStep, hash};
    }
    auto l = m_store.heartbeat(*leaseId, e.from, *step, checkpoint, m_clock.msecsSinceEpoch(), m_options.leaseMs);
    if (!l)
        return l.error();
    return QJsonObject{{QStringLiteral("lease"), l->wireId()}, {QStringLiteral("expires_ts"), l->expiresMs}};
}

Result<QJsonObject> Coordinator::onRelease(const protocol::Envelope &e)
{
    const auto leaseId = leaseIdOf(e.body);
    if (!leaseId)
        return usage(QStringLiteral("lease_release needs \"lease\" (l<n>)"));
    if (auto r = m_store.release(*leaseId, e.from, m_clock.msecsSinceEpoch()); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "released l" << *leaseId << "by" << e.from;
    return QJsonObject{};
}

Result<QJsonObject> Coordinator::onSubmit(const protocol::Envelope &e)
{
    const auto reward = msg::integerField(e.body, QStringLiteral("reward"));
    if (!reward || *reward < 0)
        return usage(QStringLiteral("submit needs \"reward\": integer micro-credits >= 0"));
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
        return usage(QStringLiteral("submit needs \"spec\": the task spec as JSON text (a string)"));
    auto row = submitTask(specDoc.object(), *reward, e.from);
    if (!row)
        return row.error();
    auto funds = m_store.fundsOf(e.from);
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
    auto granted = m_store.grantFunds(submitter, amount, note, m_clock.msecsSinceEpoch());
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
    if (spec->data.kind == task::DatasetRef::Kind::Bytes && (!m_blobs || !m_blobs->contains(spec->data.hash)))
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
    auto row = m_store.addFundedTask(t, m_clock.msecsSinceEpoch());
    if (!row)
        return row.error();
    qCInfo(lcDevnet).noquote() << "task" << row->wireId() << "submitted by" << submitter << "reward" << reward;
    return row;
}

Result<QJsonObject> Coordinator::onStatus(const protocol::Envelope &)
{
    auto s = m_store.summary();
    if (!s)
        return s.error();
    QJsonObject body = *s;
    body.insert(QStringLiteral("server_ts"), m_clock.msecsSinceEpoch());
    body.insert(QStringLiteral("coordinator"), protocol::keyToBase58(m_key));
    return body;
}

Result<QList<LeaseRow>> Coordinator::sweep()
{
    sweepGames(m_clock.msecsSinceEpoch());
    if (m_options.taskExpiryMs > 0) {
        const qint64 now = m_clock.msecsSinceEpoch();
        auto cancelled = m_store.expirePooledTasks(now - m_options.taskExpiryMs, now);
        if (!cancelled)
            qCWarning(lcDevnet).noquote() << "cannot expire pooled tasks:" << cancelled.error().toString();
        else
            for (const TaskRow &t : *cancelled)
                qCInfo(lcDevnet).noquote() << "task" << t.wireId() << "was not leased in" << m_options.taskExpiryMs
                                           << "ms: cancelled, reward" << t.reward << "refunded to" << t.submitter;
    }
    auto expired = m_store.expireLeases(m_clock.msecsSinceEpoch());
    m_housekeeper.maybeRun(m_clock.msecsSinceEpoch());
    if (expired)
        for (const LeaseRow &l : *expired)
            qCInfo(lcDevnet).noquote() << "lease" << l.wireId() << "of" << l.nodeId << "expired; task"
                                       << QStringLiteral("t%1").arg(l.taskId) << "is back in the pool";
    return expired;
}

} // namespace idleforge::devnet
