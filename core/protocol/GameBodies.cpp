#include "protocol/GameBodies.h"

#include "protocol/BodyFields.h"
#include "protocol/Messages.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace idleforge::protocol {

using namespace field;

namespace {
QJsonObject parsedText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}
const QStringList kRoles{QStringLiteral("a"), QStringLiteral("b")};
const QStringList kWinners{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("none")};
const QStringList kOutcomes{QStringLiteral("verified"), QStringLiteral("decided"), QStringLiteral("failed")};
constexpr qsizetype kMaxReceipts = 1000;
} // namespace

// Each body's fields, once: what toJson writes and fromJson reads, in the order read.
void fields(auto &v, Like<CommitBody> auto &b)
{
    v.field(kLease, b.lease, wireId('l')).field(kRunRoot, b.runRoot, hex64).field(kFinalHash, b.finalHash, hex64);
    v.field(kSteps, b.steps, atLeast(1)).field(kCheckpointEvery, b.checkpointEvery, atLeast(1));
    v.field(kLosses, b.losses, atMost(CommitBody::kMaxLosses));
}
IDLEFORGE_BODY_JSON(CommitBody, msg::kCommit)

void fields(auto &v, Like<CommitAckBody> auto &b)
{
    v.field(kTask, b.task, wireId('t')).field(kRunRoot, b.runRoot, hex64);
}
IDLEFORGE_BODY_JSON(CommitAckBody, msg::kAck)

void fields(auto &v, Like<AuditAssignBody> auto &b)
{
    v.field(kGame, b.game, wireId('g')).field(kTask, b.task, wireId('t')).field(kSpec, b.specText, jsonText);
    v.field(kSpecHash, b.specHash, hex64).field(kSolver, b.solver, nodeKey).field(kSeed, b.seed, hex64);
    v.field(kSamples, b.samples).field(kRunRoot, b.runRoot, hex64).field(kSteps, b.steps, atLeast(1));
    v.field(kBlobs, b.blobs);
}
QJsonObject AuditAssignBody::spec() const { return parsedText(specText); }
IDLEFORGE_BODY_JSON(AuditAssignBody, msg::kAuditAssign)

// `task` only in the coordinator's relay, `blob` only when one was uploaded.
void fields(auto &v, Like<VerifyBody> auto &b)
{
    v.field(kGame, b.game, wireId('g')).field(kTask, b.task, wireId('t').optional()).field(kMsg, b.msg);
    v.field(kBlob, b.blob, hex64.optional());
}
IDLEFORGE_BODY_JSON(VerifyBody, msg::kVerify)

void fields(auto &v, Like<VerifyAckBody> auto &b)
{
    v.field(kDuplicate, b.duplicate, plain.optional());
}
IDLEFORGE_BODY_JSON(VerifyAckBody, msg::kAck)

void fields(auto &v, Like<AuditReport::Sample> auto &s)
{
    v.field(kStep, s.step).field(kOk, s.ok);
}

// `samples` and `failure` may be left out (read as none and empty): the coordinator has always
// taken an audit_result of only `game` and `ok`, and still does.
void fields(auto &v, Like<AuditReport> auto &a)
{
    v.field(kOk, a.ok).field(kSamples, a.samples, atMost(AuditReport::kMaxSamples).mayBeAbsent());
    v.field(kFailure, a.failure, plain.mayBeAbsent());
}
IDLEFORGE_BODY_JSON(AuditReport, kDetail)

void fields(auto &v, Like<AuditResultBody> auto &b)
{
    v.field(kGame, b.game, wireId('g'));
    fields(v, b.report);
}
IDLEFORGE_BODY_JSON(AuditResultBody, msg::kAuditResult)

QJsonObject GameStateAckBody::toAuditResultAck() const { return QJsonObject{{kGame, game}, {kState, state}}; }
QJsonObject GameStateAckBody::toDisputeReadyAck() const { return QJsonObject{{kDispute, game}, {kState, state}}; }

Result<GameStateAckBody> GameStateAckBody::fromAuditResultAck(const QJsonObject &body)
{
    Reader r(body, msg::kAck);
    GameStateAckBody b{r.wireId(kGame, QLatin1Char('g')), r.string(kState)};
    return r.finish(b);
}

Result<GameStateAckBody> GameStateAckBody::fromDisputeReadyAck(const QJsonObject &body)
{
    Reader r(body, msg::kAck);
    GameStateAckBody b{r.wireId(kDispute, QLatin1Char('g')), r.string(kState)};
    return r.finish(b);
}

void fields(auto &v, Like<DisputeOpenBody> auto &b)
{
    v.field(kDispute, b.dispute, wireId('g')).field(kTask, b.task, wireId('t')).field(kSpec, b.specText, jsonText);
    v.field(kSpecHash, b.specHash, hex64).field(kRole, b.role, oneOf(kRoles)).field(kAudit, b.audit, wireId('g'));
    v.field(kBlobs, b.blobs);
}
QJsonObject DisputeOpenBody::spec() const { return parsedText(specText); }
IDLEFORGE_BODY_JSON(DisputeOpenBody, msg::kDisputeOpen)

void fields(auto &v, Like<DisputeReadyBody> auto &b)
{
    v.field(kDispute, b.dispute, wireId('g')).field(kRole, b.role, oneOf(kRoles));
}
IDLEFORGE_BODY_JSON(DisputeReadyBody, msg::kDisputeReady)

void fields(auto &v, Like<ReceiptBody> auto &b)
{
    v.field(kReceipt, b.receipt);
}
IDLEFORGE_BODY_JSON(ReceiptBody, msg::kReceipt)

void fields(auto &v, Like<DisputeVerdict::Ruling> auto &g)
{
    v.field(kStep, g.step, atLeast(-1)).field(kNode, g.node, atLeast(-1)).field(kOp, g.op).field(kNodeName, g.nodeName);
    v.field(kStepRounds, g.stepRounds).field(kNodeRounds, g.nodeRounds).field(kRefereeOps, g.refereeOps);
}

// The ruling's fields stand in the detail itself, there when `step` is.
void fields(auto &v, Like<DisputeVerdict> auto &d)
{
    v.field(kWinner, d.winner, oneOf(kWinners)).field(kReason, d.reason).flattened(kStep, d.ruling);
    v.field(kBlamed, d.blamed, nodeKey.optional());
}
bool DisputeVerdict::isVerdict(const QJsonObject &detail) { return detail.contains(kWinner); }
IDLEFORGE_BODY_JSON(DisputeVerdict, kDetail)

void fields(auto &v, Like<SettledBody> auto &b)
{
    v.field(kTask, b.task, wireId('t')).field(kGame, b.game, wireId('g')).field(kOutcome, b.outcome, oneOf(kOutcomes));
    v.field(kDetail, b.detail).field(kReceipts, b.receipts, atMost(kMaxReceipts));
}
IDLEFORGE_BODY_JSON(SettledBody, msg::kSettled)

QJsonObject SettledBody::briefJson() const
{
    SettledBody brief = *this;
    brief.detail.remove(kSamples);
    return brief.toJson();
}

} // namespace idleforge::protocol
