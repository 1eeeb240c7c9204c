#include "devnet/DevnetRows.h"

#include <QJsonDocument>

namespace idleforge::devnet::rows {

using db::Statement;

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString jsonText(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QByteArray select(const char *columns, const char *rest)
{
    return QByteArray("SELECT ") + columns + ' ' + rest;
}

const char *const kTaskColumns = "id, spec_json, spec_hash, name, backend, peak_bytes, total_flops, reward, submitter, state, "
                                 "attempts, checkpoint_step, checkpoint_hash, created_ts, updated_ts, checkpoint_node";
const char *const kLeaseColumns = "id, task_id, node_id, state, granted_ts, expires_ts, step, resume_step, resume_hash, resume_node";
const char *const kProviderColumns = "node_id, payout, capability_json, backends, memory_bytes, fp32_mflops, reputation, "
                                     "registered_ts, last_seen_ts";
const char *const kCommitmentColumns = "task_id, lease_id, node_id, run_root, final_hash, steps, checkpoint_every, losses, ts";
const char *const kGameColumns = "id, kind, task_id, parent, solver, verifier, state, seed, samples, ready, outcome, "
                                 "messages, bytes, created_ts, updated_ts";
const char *const kReceiptColumns = "id, node_id, kind, amount, signed_amount, task_id, json, ts";

using db::columns;

TaskRow readTask(const Statement &s)
{
    TaskRow t;
    columns(s, t.id, t.spec, t.specHash, t.name, t.backend, t.peakBytes, t.totalFlops, t.reward, t.submitter, t.state,
            t.attempts, t.checkpointStep, t.checkpointHash, t.createdMs, t.updatedMs, t.checkpointNode);
    return t;
}

LeaseRow readLease(const Statement &s)
{
    LeaseRow l;
    columns(s, l.id, l.taskId, l.nodeId, l.state, l.grantedMs, l.expiresMs, l.step, l.resumeStep, l.resumeHash,
            l.resumeNode);
    return l;
}

ProviderRow readProvider(const Statement &s)
{
    ProviderRow p;
    QString backends;
    columns(s, p.nodeId, p.payout, p.capability, backends, p.memoryBytes, p.fp32Mflops, p.reputation, p.registeredMs,
            p.lastSeenMs);
    p.backends = backends.split(QLatin1Char(','), Qt::SkipEmptyParts);
    return p;
}

CommitmentRow readCommitment(const Statement &s)
{
    CommitmentRow c;
    columns(s, c.taskId, c.leaseId, c.nodeId, c.runRoot, c.finalHash, c.steps, c.checkpointEvery, c.losses, c.ms);
    return c;
}

GameRow readGame(const Statement &s)
{
    GameRow g;
    columns(s, g.id, g.kind, g.taskId, g.parent, g.solver, g.verifier, g.state, g.seed, g.samples, g.ready, g.outcome,
            g.messages, g.bytes, g.createdMs, g.updatedMs);
    return g;
}

ReceiptRow readReceipt(const Statement &s)
{
    ReceiptRow r;
    columns(s, r.id, r.nodeId, r.kind, r.amount, r.signedAmount, r.taskId, r.json, r.ms);
    return r;
}

} // namespace idleforge::devnet::rows
