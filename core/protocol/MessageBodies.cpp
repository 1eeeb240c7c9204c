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
} // namespace

// Each body's fields, once: what toJson writes and fromJson reads, in the order read.
void fields(auto &v, Like<CheckpointRef> auto &c)
{
    v.field(kStep, c.step).field(kHash, c.hash, hex64);
}

void fields(auto &v, Like<HelloBody> auto &b)
{
    v.field(kCoordinator, b.coordinator, nodeKey).field(kProtocol, b.protocol, atLeast(1)).field(kServerTs, b.serverTs);
    v.field(kLeaseMs, b.leaseMs, atLeast(1)).field(kHeartbeatMs, b.heartbeatMs, atLeast(1)).field(kBlobs, b.blobs);
}
IDLEFORGE_BODY_JSON(HelloBody, msg::kHello)

void fields(auto &v, Like<RegisterBody> auto &b)
{
    v.field(kPayout, b.payout).field(kCapability, b.capability);
}
IDLEFORGE_BODY_JSON(RegisterBody, msg::kRegister)

void fields(auto &v, Like<RegisteredBody> auto &b)
{
    v.field(kNode, b.node, nodeKey).field(kReputation, b.reputation, atLeast(kMinSafeInteger));
    v.field(kLeaseMs, b.leaseMs, atLeast(1)).field(kHeartbeatMs, b.heartbeatMs, atLeast(1));
}
IDLEFORGE_BODY_JSON(RegisteredBody, msg::kRegistered)

void fields(auto &v, Like<LeaseBody> auto &b)
{
    v.field(kLease, b.lease, wireId('l')).field(kTask, b.task, wireId('t')).field(kSpec, b.specText, jsonText);
    v.field(kSpecHash, b.specHash, hex64).field(kReward, b.reward).field(kExpiresTs, b.expiresTs);
    v.field(kLeaseMs, b.leaseMs, atLeast(1)).field(kHeartbeatMs, b.heartbeatMs, atLeast(1)).field(kBlobs, b.blobs);
    v.field(kAttempt, b.attempt).field(kResume, b.resume).field(kAuditSamples, b.auditSamples, atLeast(0).optional());
}
QJsonObject LeaseBody::spec() const { return parsedText(specText); }
IDLEFORGE_BODY_JSON(LeaseBody, msg::kLease)

void fields(auto &v, Like<NoTaskBody> auto &b)
{
    v.field(kRetryMs, b.retryMs);
}
IDLEFORGE_BODY_JSON(NoTaskBody, msg::kNoTask)

void fields(auto &v, Like<HeartbeatBody> auto &b)
{
    v.field(kLease, b.lease, wireId('l')).field(kStep, b.step).field(kCheckpoint, b.checkpoint);
}
IDLEFORGE_BODY_JSON(HeartbeatBody, msg::kHeartbeat)

void fields(auto &v, Like<HeartbeatAckBody> auto &b)
{
    v.field(kLease, b.lease, wireId('l')).field(kExpiresTs, b.expiresTs);
}
IDLEFORGE_BODY_JSON(HeartbeatAckBody, msg::kHeartbeatAck)

void fields(auto &v, Like<LeaseReleaseBody> auto &b)
{
    v.field(kLease, b.lease, wireId('l'));
}
IDLEFORGE_BODY_JSON(LeaseReleaseBody, msg::kLeaseRelease)

void fields(auto &v, Like<SubmitBody> auto &b)
{
    v.field(kSpec, b.specText, jsonText).field(kReward, b.reward);
}
QJsonObject SubmitBody::spec() const { return parsedText(specText); }
IDLEFORGE_BODY_JSON(SubmitBody, msg::kSubmit)

void fields(auto &v, Like<SubmittedBody> auto &b)
{
    v.field(kTask, b.task, wireId('t')).field(kSpecHash, b.specHash, hex64).field(kReward, b.reward);
    v.field(kFunds, b.funds, atLeast(kMinSafeInteger)).field(kMinimumReward, b.minimumReward);
    v.field(kPeakBytes, b.peakBytes).field(kTotalGflops, b.totalGflops);
}
IDLEFORGE_BODY_JSON(SubmittedBody, msg::kSubmitted)

void fields(auto &v, Like<StatusReplyBody::Balance> auto &b)
{
    v.field(kBalance, b.balance, atLeast(kMinSafeInteger)).field(kStake, b.stake, atLeast(kMinSafeInteger));
    v.field(kReceipts, b.receipts);
}

void fields(auto &v, Like<StatusReplyBody> auto &b)
{
    v.field(kProviders, b.providers).field(kTasks, b.tasks).field(kGames, b.games).field(kBalances, b.balances);
    v.field(kLeasesActive, b.leasesActive).field(kLeasesExpired, b.leasesExpired);
    v.field(kRefusedMessages, b.refusedMessages).field(kServerTs, b.serverTs).field(kCoordinator, b.coordinator, nodeKey);
}
IDLEFORGE_BODY_JSON(StatusReplyBody, msg::kStatusReply)

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
