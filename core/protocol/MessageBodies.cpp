#include "protocol/MessageBodies.h"

#include "protocol/BodyFields.h"
#include "protocol/Messages.h"

#include <QJsonDocument>

namespace idleforge::protocol {

using namespace field;

namespace {
constexpr qint64 kMinSafeInteger = -kMaxSafeInteger;

QJsonObject parsedText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QJsonObject checkpointJson(const CheckpointRef &c)
{
    return QJsonObject{{kStep, c.step}, {kHash, c.hash}};
}

std::optional<CheckpointRef> readCheckpoint(Reader &r, QLatin1String key)
{
    if (!r.has(key))
        return std::nullopt;
    Reader c = r.nested(key);
    CheckpointRef ref;
    ref.step = c.integer(kStep);
    ref.hash = c.hex64(kHash);
    return ref;
}
} // namespace

QJsonObject HelloBody::toJson() const
{
    return QJsonObject{{kCoordinator, coordinator}, {kProtocol, protocol}, {kServerTs, serverTs},
                       {kLeaseMs, leaseMs},         {kHeartbeatMs, heartbeatMs}, {kBlobs, blobs}};
}

Result<HelloBody> HelloBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kHello);
    HelloBody b;
    b.coordinator = r.nodeKey(kCoordinator);
    b.protocol = r.integer(kProtocol, 1);
    b.serverTs = r.integer(kServerTs);
    b.leaseMs = r.integer(kLeaseMs, 1);
    b.heartbeatMs = r.integer(kHeartbeatMs, 1);
    b.blobs = r.string(kBlobs);
    return r.finish(b);
}

QJsonObject RegisterBody::toJson() const
{
    return QJsonObject{{kPayout, payout}, {kCapability, capability}};
}

Result<RegisterBody> RegisterBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kRegister);
    RegisterBody b;
    b.payout = r.string(kPayout);
    b.capability = r.object(kCapability);
    return r.finish(b);
}

QJsonObject RegisteredBody::toJson() const
{
    return QJsonObject{{kNode, node}, {kReputation, reputation}, {kLeaseMs, leaseMs}, {kHeartbeatMs, heartbeatMs}};
}

Result<RegisteredBody> RegisteredBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kRegistered);
    RegisteredBody b;
    b.node = r.nodeKey(kNode);
    b.reputation = r.integer(kReputation, kMinSafeInteger);
    b.leaseMs = r.integer(kLeaseMs, 1);
    b.heartbeatMs = r.integer(kHeartbeatMs, 1);
    return r.finish(b);
}

QJsonObject LeaseBody::spec() const { return parsedText(specText); }

QJsonObject LeaseBody::toJson() const
{
    QJsonObject o{{kLease, lease},     {kTask, task},           {kSpec, specText},         {kSpecHash, specHash},
                  {kReward, reward},   {kExpiresTs, expiresTs}, {kLeaseMs, leaseMs},       {kHeartbeatMs, heartbeatMs},
                  {kBlobs, blobs},     {kAttempt, attempt}};
    if (resume)
        o.insert(kResume, checkpointJson(*resume));
    return o;
}

Result<LeaseBody> LeaseBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kLease);
    LeaseBody b;
    b.lease = r.wireId(kLease, QLatin1Char('l'));
    b.task = r.wireId(kTask, QLatin1Char('t'));
    b.specText = r.jsonText(kSpec);
    b.specHash = r.hex64(kSpecHash);
    b.reward = r.integer(kReward);
    b.expiresTs = r.integer(kExpiresTs);
    b.leaseMs = r.integer(kLeaseMs, 1);
    b.heartbeatMs = r.integer(kHeartbeatMs, 1);
    b.blobs = r.string(kBlobs);
    b.attempt = r.integer(kAttempt);
    b.resume = readCheckpoint(r, kResume);
    return r.finish(b);
}

QJsonObject NoTaskBody::toJson() const { return QJsonObject{{kRetryMs, retryMs}}; }

Result<NoTaskBody> NoTaskBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kNoTask);
    NoTaskBody b;
    b.retryMs = r.integer(kRetryMs);
    return r.finish(b);
}

QJsonObject HeartbeatBody::toJson() const
{
    QJsonObject o{{kLease, lease}, {kStep, step}};
    if (checkpoint)
        o.insert(kCheckpoint, checkpointJson(*checkpoint));
    return o;
}

Result<HeartbeatBody> HeartbeatBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kHeartbeat);
    HeartbeatBody b;
    b.lease = r.wireId(kLease, QLatin1Char('l'));
    b.step = r.integer(kStep);
    b.checkpoint = readCheckpoint(r, kCheckpoint);
    return r.finish(b);
}

QJsonObject HeartbeatAckBody::toJson() const { return QJsonObject{{kLease, lease}, {kExpiresTs, expiresTs}}; }

Result<HeartbeatAckBody> HeartbeatAckBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kHeartbeatAck);
    HeartbeatAckBody b;
    b.lease = r.wireId(kLease, QLatin1Char('l'));
    b.expiresTs = r.integer(kExpiresTs);
    return r.finish(b);
}

QJsonObject LeaseReleaseBody::toJson() const { return QJsonObject{{kLease, lease}}; }

Result<LeaseReleaseBody> LeaseReleaseBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kLeaseRelease);
    LeaseReleaseBody b;
    b.lease = r.wireId(kLease, QLatin1Char('l'));
    return r.finish(b);
}

QJsonObject SubmitBody::spec() const { return parsedText(specText); }

QJsonObject SubmitBody::toJson() const { return QJsonObject{{kSpec, specText}, {kReward, reward}}; }

Result<SubmitBody> SubmitBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kSubmit);
    SubmitBody b;
    b.specText = r.jsonText(kSpec);
    b.reward = r.integer(kReward);
    return r.finish(b);
}

QJsonObject SubmittedBody::toJson() const
{
    return QJsonObject{{kTask, task},     {kSpecHash, specHash},           {kReward, reward},
                       {kFunds, funds},   {kMinimumReward, minimumReward}, {kPeakBytes, peakBytes},
                       {kTotalGflops, totalGflops}};
}

Result<SubmittedBody> SubmittedBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kSubmitted);
    SubmittedBody b;
    b.task = r.wireId(kTask, QLatin1Char('t'));
    b.specHash = r.hex64(kSpecHash);
    b.reward = r.integer(kReward);
    b.funds = r.integer(kFunds, kMinSafeInteger);
    b.minimumReward = r.integer(kMinimumReward);
    b.peakBytes = r.integer(kPeakBytes);
    b.totalGflops = r.string(kTotalGflops);
    return r.finish(b);
}

QJsonObject StatusReplyBody::toJson() const
{
    QJsonObject perNode;
    for (const auto &[node, b] : balances)
        perNode.insert(node, QJsonObject{{kBalance, b.balance}, {kStake, b.stake}, {kReceipts, b.receipts}});
    return QJsonObject{{kProviders, providers},
                       {kTasks, countsJson(tasks)},
                       {kGames, countsJson(games)},
                       {kBalances, perNode},
                       {kLeasesActive, leasesActive},
                       {kLeasesExpired, leasesExpired},
                       {kRefusedMessages, refusedMessages},
                       {kServerTs, serverTs},
                       {kCoordinator, coordinator}};
}

Result<StatusReplyBody> StatusReplyBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kStatusReply);
    StatusReplyBody b;
    b.providers = r.integer(kProviders);
    b.tasks = r.counts(kTasks);
    b.games = r.counts(kGames);
    const QJsonObject nodes = r.object(kBalances);
    for (auto it = nodes.begin(); it != nodes.end() && r.ok(); ++it) {
        Reader n = r.within(it.value().toObject(), QString(kBalances + QLatin1Char('.') + it.key()));
        Balance &nb = b.balances[it.key()];
        nb.balance = n.integer(kBalance, kMinSafeInteger);
        nb.stake = n.integer(kStake, kMinSafeInteger);
        nb.receipts = n.integer(kReceipts);
    }
    b.leasesActive = r.integer(kLeasesActive);
    b.leasesExpired = r.integer(kLeasesExpired);
    b.refusedMessages = r.integer(kRefusedMessages);
    b.serverTs = r.integer(kServerTs);
    b.coordinator = r.nodeKey(kCoordinator);
    return r.finish(b);
}

ErrorBody ErrorBody::of(const Error &error, const QString &re)
{
    return ErrorBody{error.code, error.message.left(2000), re};
}

QJsonObject ErrorBody::toJson() const
{
    QJsonObject o{{kCode, code}, {kMessage, message.left(2000)}};
    if (!re.isEmpty())
        o.insert(kRe, re);
    return o;
}

Result<ErrorBody> ErrorBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kError);
    ErrorBody b;
    b.code = r.string(kCode);
    if (r.ok() && b.code.isEmpty())
        return makeError("protocol.bad_error", QStringLiteral("an error message without a code"));
    b.message = body.contains(kMessage) ? r.string(kMessage) : QString();
    b.re = body.contains(kRe) ? r.string(kRe) : QString();
    return r.finish(b);
}

} // namespace idleforge::protocol
