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

// `samples` and `failure` may be left out (read as none and empty): the coordinator has always
// taken an audit_result of only `game` and `ok`, and still does.
AuditReport readReport(Reader &r)
{
    AuditReport a;
    a.ok = r.boolean(kOk);
    const QJsonArray samples = r.has(kSamples) ? r.array(kSamples, AuditReport::kMaxSamples) : QJsonArray();
    for (qsizetype i = 0; i < samples.size() && r.ok(); ++i) {
        Reader s = r.within(samples.at(i).toObject(), QStringLiteral("%1[%2]").arg(kSamples).arg(i));
        a.samples.push_back(AuditReport::Sample{s.integer(kStep), s.boolean(kOk)});
    }
    a.failure = r.has(kFailure) ? r.string(kFailure) : QString();
    return a;
}
} // namespace

QJsonObject CommitBody::toJson() const
{
    return QJsonObject{{kLease, lease},
                       {kRunRoot, runRoot},
                       {kFinalHash, finalHash},
                       {kSteps, steps},
                       {kCheckpointEvery, checkpointEvery},
                       {kLosses, QJsonArray::fromStringList(losses)}};
}

Result<CommitBody> CommitBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kCommit);
    CommitBody b;
    b.lease = r.wireId(kLease, QLatin1Char('l'));
    b.runRoot = r.hex64(kRunRoot);
    b.finalHash = r.hex64(kFinalHash);
    b.steps = r.integer(kSteps, 1);
    b.checkpointEvery = r.integer(kCheckpointEvery, 1);
    b.losses = r.strings(kLosses, kMaxLosses);
    return r.finish(b);
}

QJsonObject CommitAckBody::toJson() const { return QJsonObject{{kTask, task}, {kRunRoot, runRoot}}; }

Result<CommitAckBody> CommitAckBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kAck);
    CommitAckBody b;
    b.task = r.wireId(kTask, QLatin1Char('t'));
    b.runRoot = r.hex64(kRunRoot);
    return r.finish(b);
}

QJsonObject AuditAssignBody::spec() const { return parsedText(specText); }

QJsonObject AuditAssignBody::toJson() const
{
    return QJsonObject{{kGame, game},       {kTask, task},       {kSpec, specText},       {kSpecHash, specHash},
                       {kSolver, solver},   {kSeed, seed},       {kSamples, samples},     {kRunRoot, runRoot},
                       {kSteps, steps},     {kBlobs, blobs}};
}

Result<AuditAssignBody> AuditAssignBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kAuditAssign);
    AuditAssignBody b;
    b.game = r.wireId(kGame, QLatin1Char('g'));
    b.task = r.wireId(kTask, QLatin1Char('t'));
    b.specText = r.jsonText(kSpec);
    b.specHash = r.hex64(kSpecHash);
    b.solver = r.nodeKey(kSolver);
    b.seed = r.hex64(kSeed);
    b.samples = r.integer(kSamples);
    b.runRoot = r.hex64(kRunRoot);
    b.steps = r.integer(kSteps, 1);
    b.blobs = r.string(kBlobs);
    return r.finish(b);
}

QJsonObject VerifyBody::toJson() const
{
    QJsonObject o{{kGame, game}, {kMsg, msg}};
    if (!task.isEmpty())
        o.insert(kTask, task);
    if (!blob.isEmpty())
        o.insert(kBlob, blob);
    return o;
}

Result<VerifyBody> VerifyBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kVerify);
    VerifyBody b;
    b.game = r.wireId(kGame, QLatin1Char('g'));
    if (r.has(kTask))
        b.task = r.wireId(kTask, QLatin1Char('t'));
    b.msg = r.object(kMsg);
    if (r.has(kBlob))
        b.blob = r.hex64(kBlob);
    return r.finish(b);
}

QJsonObject VerifyAckBody::toJson() const
{
    return duplicate ? QJsonObject{{kDuplicate, true}} : QJsonObject{};
}

Result<VerifyAckBody> VerifyAckBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kAck);
    VerifyAckBody b;
    b.duplicate = r.has(kDuplicate) && r.boolean(kDuplicate);
    return r.finish(b);
}

QJsonObject AuditReport::toJson() const
{
    QJsonArray list;
    for (const Sample &s : samples)
        list.append(QJsonObject{{kStep, s.step}, {kOk, s.ok}});
    return QJsonObject{{kOk, ok}, {kSamples, list}, {kFailure, failure}};
}

Result<AuditReport> AuditReport::fromJson(const QJsonObject &body)
{
    Reader r(body, kDetail);
    return r.finish(readReport(r));
}

QJsonObject AuditResultBody::toJson() const
{
    QJsonObject o = report.toJson();
    o.insert(kGame, game);
    return o;
}

Result<AuditResultBody> AuditResultBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kAuditResult);
    AuditResultBody b;
    b.game = r.wireId(kGame, QLatin1Char('g'));
    b.report = readReport(r);
    return r.finish(b);
}

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

QJsonObject DisputeOpenBody::spec() const { return parsedText(specText); }

QJsonObject DisputeOpenBody::toJson() const
{
    return QJsonObject{{kDispute, dispute}, {kTask, task}, {kSpec, specText}, {kSpecHash, specHash},
                       {kRole, role},       {kAudit, audit}, {kBlobs, blobs}};
}

Result<DisputeOpenBody> DisputeOpenBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kDisputeOpen);
    DisputeOpenBody b;
    b.dispute = r.wireId(kDispute, QLatin1Char('g'));
    b.task = r.wireId(kTask, QLatin1Char('t'));
    b.specText = r.jsonText(kSpec);
    b.specHash = r.hex64(kSpecHash);
    b.role = r.oneOf(kRole, kRoles);
    b.audit = r.wireId(kAudit, QLatin1Char('g'));
    b.blobs = r.string(kBlobs);
    return r.finish(b);
}

QJsonObject DisputeReadyBody::toJson() const { return QJsonObject{{kDispute, dispute}, {kRole, role}}; }

Result<DisputeReadyBody> DisputeReadyBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kDisputeReady);
    DisputeReadyBody b;
    b.dispute = r.wireId(kDispute, QLatin1Char('g'));
    b.role = r.oneOf(kRole, kRoles);
    return r.finish(b);
}

QJsonObject ReceiptBody::toJson() const { return QJsonObject{{kReceipt, receipt}}; }

Result<ReceiptBody> ReceiptBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kReceipt);
    ReceiptBody b;
    b.receipt = r.object(kReceipt);
    return r.finish(b);
}

bool DisputeVerdict::isVerdict(const QJsonObject &detail) { return detail.contains(kWinner); }

QJsonObject DisputeVerdict::toJson() const
{
    QJsonObject o{{kWinner, winner}, {kReason, reason}};
    if (ruling) {
        o.insert(kStep, ruling->step);
        o.insert(kNode, ruling->node);
        o.insert(kOp, ruling->op);
        o.insert(kNodeName, ruling->nodeName);
        o.insert(kStepRounds, ruling->stepRounds);
        o.insert(kNodeRounds, ruling->nodeRounds);
        o.insert(kRefereeOps, ruling->refereeOps);
    }
    if (!blamed.isEmpty())
        o.insert(kBlamed, blamed);
    return o;
}

Result<DisputeVerdict> DisputeVerdict::fromJson(const QJsonObject &detail)
{
    Reader r(detail, kDetail);
    DisputeVerdict v;
    v.winner = r.oneOf(kWinner, kWinners);
    v.reason = r.string(kReason);
    if (r.has(kStep)) {
        Ruling g;
        g.step = r.integer(kStep, -1);
        g.node = r.integer(kNode, -1);
        g.op = r.string(kOp);
        g.nodeName = r.string(kNodeName);
        g.stepRounds = r.integer(kStepRounds);
        g.nodeRounds = r.integer(kNodeRounds);
        g.refereeOps = r.integer(kRefereeOps);
        v.ruling = g;
    }
    if (r.has(kBlamed))
        v.blamed = r.nodeKey(kBlamed);
    return r.finish(v);
}

QJsonObject SettledBody::toJson() const
{
    return QJsonObject{{kTask, task}, {kGame, game}, {kOutcome, outcome}, {kDetail, detail},
                       {kReceipts, QJsonArray::fromStringList(receipts)}};
}

QJsonObject SettledBody::briefJson() const
{
    SettledBody brief = *this;
    brief.detail.remove(kSamples);
    return brief.toJson();
}

Result<SettledBody> SettledBody::fromJson(const QJsonObject &body)
{
    Reader r(body, msg::kSettled);
    SettledBody b;
    b.task = r.wireId(kTask, QLatin1Char('t'));
    b.game = r.wireId(kGame, QLatin1Char('g'));
    b.outcome = r.oneOf(kOutcome, kOutcomes);
    b.detail = r.object(kDetail);
    b.receipts = r.strings(kReceipts, kMaxReceipts);
    return r.finish(b);
}

} // namespace idleforge::protocol
