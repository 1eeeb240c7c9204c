#include "node/HistoryRecorder.h"

#include "ledger/Ledger.h"
#include "node/Log.h"
#include "node/ProviderNode.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "protocol/Receipt.h"

#include <QJsonDocument>

namespace idleforge::node {

namespace msg = protocol::msg;
using ledger::HistoryEvent;
using ledger::HistoryUpdate;

namespace {
const QString kTask = QStringLiteral("task");
const QString kAudit = QStringLiteral("audit");
const QString kDispute = QStringLiteral("dispute");

HistoryUpdate update(const QString &kind, const QString &task, const QString &game, const QString &state)
{
    HistoryUpdate u;
    u.kind = kind;
    u.taskId = task;
    u.game = game;
    u.state = state;
    return u;
}

// The report's samples as events: at most kHistorySamples, the failing ones first.
QList<HistoryEvent> sampleEvents(const protocol::AuditReport &report)
{
    QList<HistoryEvent> out;
    for (const bool failing : {true, false})
        for (const auto &s : report.samples) {
            if (s.ok == failing)
                continue;
            if (out.size() >= HistoryRecorder::kHistorySamples)
                return out;
            HistoryEvent ev;
            ev.kind = QStringLiteral("sample");
            ev.step = s.step;
            ev.outcome = s.ok ? QStringLiteral("ok") : QStringLiteral("mismatch");
            out.append(ev);
        }
    return out;
}
} // namespace

HistoryRecorder::HistoryRecorder(ledger::Ledger &ledger, QObject *parent) : QObject(parent), m_ledger(ledger) {}

void HistoryRecorder::attach(ProviderNode *node)
{
    connect(node, &ProviderNode::taskStarted, this, &HistoryRecorder::taskStarted);
    connect(node, &ProviderNode::taskCommitted, this, &HistoryRecorder::taskCommitted);
    connect(node, &ProviderNode::gameJoined, this, &HistoryRecorder::gameJoined);
    connect(node, &ProviderNode::auditReported, this, &HistoryRecorder::auditReported);
    connect(node, &ProviderNode::settledTask, this, &HistoryRecorder::settled);
    connect(node, &ProviderNode::receiptStored, this, &HistoryRecorder::receiptStored);
}

void HistoryRecorder::write(const HistoryUpdate &u)
{
    m_ledger.recordHistoryAsync(u, [this, kind = u.kind, task = u.taskId, game = u.game](Result<qint64> r) {
        if (!r) {
            const QString message = QStringLiteral("history of %1 %2 %3: %4").arg(kind, task, game, r.error().toString());
            qCWarning(lcNode).noquote() << message;
            Q_EMIT failed(message);
            return;
        }
        Q_EMIT recorded();
    });
}

void HistoryRecorder::taskStarted(const QString &taskId, qint64 steps)
{
    HistoryUpdate u = update(kTask, taskId, {}, QStringLiteral("running"));
    u.role = QStringLiteral("solver");
    u.steps = steps;
    write(u);
}

void HistoryRecorder::taskCommitted(const QString &taskId, const QString &runRoot, qint64 steps)
{
    HistoryUpdate u = update(kTask, taskId, {}, QStringLiteral("committed"));
    u.role = QStringLiteral("solver");
    u.runRoot = runRoot;
    u.steps = steps;
    write(u);
}

void HistoryRecorder::gameJoined(const QString &type, const QJsonObject &json)
{
    if (type == msg::kAuditAssign) {
        const auto body = protocol::AuditAssignBody::fromJson(json);
        if (!body)
            return; // GameRelay reports the malformed push
        HistoryUpdate u = update(kAudit, body->task, body->game, QStringLiteral("running"));
        u.role = QStringLiteral("auditor");
        u.runRoot = body->runRoot;
        u.steps = body->steps;
        return write(u);
    }
    if (type != msg::kDisputeOpen)
        return;
    const auto body = protocol::DisputeOpenBody::fromJson(json);
    if (!body)
        return;
    HistoryUpdate d = update(kDispute, body->task, body->dispute, QStringLiteral("disputed"));
    d.role = body->role;
    write(d);
    // Our side's row: the task we solved (a) or the audit whose report opened it (b).
    HistoryUpdate side = body->role == QLatin1String("a") ? update(kTask, body->task, {}, QStringLiteral("disputed"))
                                                           : update(kAudit, body->task, body->audit, QStringLiteral("disputed"));
    side.create = false;
    write(side);
}

void HistoryRecorder::auditReported(const QString &game, const QJsonObject &json)
{
    const auto report = protocol::AuditReport::fromJson(json);
    if (!report)
        return;
    HistoryUpdate u = update(kAudit, {}, game, QStringLiteral("audited"));
    u.match = HistoryUpdate::Match::Game;
    u.replaceSamples = true;
    u.events = sampleEvents(*report);
    write(u);
}

void HistoryRecorder::settled(const QJsonObject &json)
{
    const auto body = protocol::SettledBody::fromJson(json);
    if (!body)
        return; // ProviderNode reports it
    if (protocol::DisputeVerdict::isVerdict(body->detail))
        settledDispute(body->task, body->game, body->detail);
    else
        settledAudit(body->task, body->game, body->detail);
}

// A passed audit: our task is audited (we solved it) or our audit is verified (we audited).
// Only the row this node has is updated.
void HistoryRecorder::settledAudit(const QString &task, const QString &game, const QJsonObject &detail)
{
    const auto report = protocol::AuditReport::fromJson(detail);
    const QList<HistoryEvent> samples = report ? sampleEvents(*report) : QList<HistoryEvent>{};
    for (HistoryUpdate u : {update(kTask, task, {}, QStringLiteral("audited")), update(kAudit, task, game, QStringLiteral("verified"))}) {
        u.create = false;
        u.replaceSamples = report.ok();
        u.events = samples;
        write(u);
    }
}

// A decided dispute: each of our rows of it is won or lost by its side; the verdict (the
// pinpointed step, operator and node, the referee's reason) goes to each.
void HistoryRecorder::settledDispute(const QString &task, const QString &game, const QJsonObject &detail)
{
    const auto verdict = protocol::DisputeVerdict::fromJson(detail);
    if (!verdict) {
        Q_EMIT failed(QStringLiteral("dispute %1: unreadable verdict: %2").arg(game, verdict.error().message));
        return;
    }
    HistoryEvent ev;
    ev.kind = QStringLiteral("verdict");
    ev.outcome = verdict->winner;
    ev.step = verdict->ruling ? verdict->ruling->step : -1;
    ev.detailJson = QString::fromUtf8(QJsonDocument(verdict->toJson()).toJson(QJsonDocument::Compact));
    HistoryUpdate d = update(kDispute, task, game, {});
    HistoryUpdate solved = update(kTask, task, {}, {});
    HistoryUpdate audited = update(kAudit, task, {}, {}); // the audit of this task we played, if any
    audited.match = HistoryUpdate::Match::Task;
    for (HistoryUpdate *u : {&d, &solved, &audited}) {
        u->create = false;
        u->winner = verdict->winner;
        u->events = {ev};
        write(*u);
    }
}

void HistoryRecorder::receiptStored(const QJsonObject &json)
{
    const auto r = protocol::Receipt::fromJson(json);
    if (!r || r->jobId.isEmpty())
        return; // the ledger stored it, so it parses; a receipt of no task has no row
    const ledger::HistoryReceipt receipt{r->id, r->kind, r->status(), r->jobId, r->amount, 0};
    m_ledger.recordHistoryReceiptAsync(receipt, [this, id = r->id](Result<qint64> row) {
        if (!row) {
            Q_EMIT failed(QStringLiteral("history of receipt %1: %2").arg(id, row.error().toString()));
            return;
        }
        Q_EMIT recorded();
    });
}

} // namespace idleforge::node
