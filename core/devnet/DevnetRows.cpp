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

namespace {
std::optional<qint64> optionalInt(const Statement &s, int column)
{
    return s.isNull(column) ? std::nullopt : std::optional<qint64>(s.int64(column));
}
QString textOrEmpty(const Statement &s, int column)
{
    return s.isNull(column) ? QString() : s.text(column);
}
} // namespace

TaskRow readTask(const Statement &s)
{
    TaskRow t;
    t.id = s.int64(0);
    t.spec = jsonObject(s.text(1));
    t.specHash = s.text(2);
    t.name = s.text(3);
    t.backend = s.text(4);
    t.peakBytes = s.int64(5);
    t.totalFlops = s.real(6);
    t.reward = s.int64(7);
    t.submitter = s.text(8);
    t.state = s.text(9);
    t.attempts = s.int64(10);
    t.checkpointStep = optionalInt(s, 11);
    t.checkpointHash = s.text(12);
    t.createdMs = s.int64(13);
    t.updatedMs = s.int64(14);
    t.checkpointNode = textOrEmpty(s, 15);
    return t;
}

LeaseRow readLease(const Statement &s)
{
    return LeaseRow{s.int64(0),           s.int64(1),           s.text(2), s.text(3), s.int64(4), s.int64(5), s.int64(6),
                    optionalInt(s, 7), textOrEmpty(s, 8), textOrEmpty(s, 9)};
}

ProviderRow readProvider(const Statement &s)
{
    ProviderRow p;
    p.nodeId = s.text(0);
    p.payout = s.text(1);
    p.capability = jsonObject(s.text(2));
    p.backends = s.text(3).split(QLatin1Char(','), Qt::SkipEmptyParts);
    p.memoryBytes = s.int64(4);
    p.fp32Mflops = s.int64(5);
    p.reputation = s.int64(6);
    p.registeredMs = s.int64(7);
    p.lastSeenMs = s.int64(8);
    return p;
}

CommitmentRow readCommitment(const Statement &s)
{
    return CommitmentRow{s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.int64(5), s.int64(6),
                         QJsonDocument::fromJson(s.text(7).toUtf8()).array(), s.int64(8)};
}

GameRow readGame(const Statement &s)
{
    GameRow g;
    g.id = s.int64(0);
    g.kind = s.text(1);
    g.taskId = s.int64(2);
    g.parent = optionalInt(s, 3);
    g.solver = s.text(4);
    g.verifier = textOrEmpty(s, 5);
    g.state = s.text(6);
    g.seed = s.text(7);
    g.samples = s.int64(8);
    g.ready = s.text(9);
    g.outcome = jsonObject(s.text(10));
    g.messages = s.int64(11);
    g.bytes = s.int64(12);
    g.createdMs = s.int64(13);
    g.updatedMs = s.int64(14);
    return g;
}

ReceiptRow readReceipt(const Statement &s)
{
    return ReceiptRow{s.text(0),         s.text(1),  s.text(2), s.int64(3), s.int64(4), optionalInt(s, 5),
                      jsonObject(s.text(6)), s.int64(7)};
}

} // namespace idleforge::devnet::rows
