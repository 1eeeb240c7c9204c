// DevnetStore, schema v2 and v3 parts: commitments, games (audits, disputes), the relay log and
// receipts.
#include "devnet/DevnetStore.h"

#include <QJsonDocument>

namespace idleforge::devnet {

using db::Statement;
using db::Transaction;

namespace {
QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
QString compact(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

constexpr const char *kCommitColumns = "task_id, lease_id, node_id, run_root, final_hash, steps, checkpoint_every, losses, ts";
CommitmentRow readCommitment(const Statement &s)
{
    CommitmentRow c;
    c.taskId = s.int64(0);
    c.leaseId = s.int64(1);
    c.nodeId = s.text(2);
    c.runRoot = s.text(3);
    c.finalHash = s.text(4);
    c.steps = s.int64(5);
    c.checkpointEvery = s.int64(6);
    c.losses = QJsonDocument::fromJson(s.text(7).toUtf8()).array();
    c.ms = s.int64(8);
    return c;
}

constexpr const char *kGameColumns = "id, kind, task_id, parent, solver, verifier, state, seed, samples, ready, outcome, "
                                     "messages, bytes, created_ts, updated_ts";
GameRow readGame(const Statement &s)
{
    GameRow g;
    g.id = s.int64(0);
    g.kind = s.text(1);
    g.taskId = s.int64(2);
    if (!s.isNull(3))
        g.parent = s.int64(3);
    g.solver = s.text(4);
    g.verifier = s.isNull(5) ? QString() : s.text(5);
    g.state = s.text(6);
    g.seed = s.text(7);
    g.samples = s.int64(8);
    g.ready = s.text(9);
    g.outcome = QJsonDocument::fromJson(s.text(10).toUtf8()).object();
    g.messages = s.int64(11);
    g.bytes = s.int64(12);
    g.createdMs = s.int64(13);
    g.updatedMs = s.int64(14);
    return g;
}

QByteArray select(const char *columns, const char *rest)
{
    return QByteArray("SELECT ") + columns + rest;
}
} // namespace

Result<DevnetStore::Committed> DevnetStore::commit(qint64 leaseId, const QString &nodeId, const CommitmentRow &c, qint64 nowMs)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto l = lease(leaseId);
    if (!l)
        return l.error();
    if (!*l || (*l)->nodeId != nodeId)
        return makeError("devnet.no_lease", QStringLiteral("l%1 is not a lease of this node").arg(leaseId));
    auto existing = commitment((*l)->taskId);
    if (!existing)
        return existing.error();
    if (*existing) {
        if ((*existing)->leaseId == leaseId && (*existing)->runRoot == c.runRoot)
            return Committed{**existing, true}; // a re-send after a reconnect: the same commitment
        return makeError("devnet.recommit", QStringLiteral("task t%1 already has a commitment").arg((*l)->taskId));
    }
    if ((*l)->state != QLatin1String("active"))
        return makeError("devnet.lease_gone", QStringLiteral("lease l%1 is %2; its task went back to the pool").arg(leaseId).arg((*l)->state));
    auto st = m_db.prepare("INSERT INTO commitments(task_id, lease_id, node_id, run_root, final_hash, steps, checkpoint_every, "
                           "losses, ts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st)
        return st.error();
    st->bind(1, (*l)->taskId).bind(2, leaseId).bind(3, nodeId).bind(4, c.runRoot).bind(5, c.finalHash).bind(6, c.steps);
    st->bind(7, c.checkpointEvery).bind(8, compact(c.losses)).bind(9, nowMs);
    if (auto r = st->run(); !r)
        return r.error();
    auto upLease = m_db.prepare("UPDATE leases SET state = 'completed', ended_ts = ?2, step = ?3 WHERE id = ?1");
    if (!upLease)
        return upLease.error();
    upLease->bind(1, leaseId).bind(2, nowMs).bind(3, c.steps);
    if (auto r = upLease->run(); !r)
        return r.error();
    auto upTask = m_db.prepare("UPDATE tasks SET state = 'committed', updated_ts = ?2 WHERE id = ?1");
    if (!upTask)
        return upTask.error();
    upTask->bind(1, (*l)->taskId).bind(2, nowMs);
    if (auto r = upTask->run(); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    CommitmentRow out = c;
    out.taskId = (*l)->taskId;
    out.leaseId = leaseId;
    out.nodeId = nodeId;
    out.ms = nowMs;
    return Committed{out, false};
}

Result<std::optional<CommitmentRow>> DevnetStore::commitment(qint64 taskId) const
{
    auto st = m_db.prepare(select(kCommitColumns, " FROM commitments WHERE task_id = ?1").constData());
    if (!st)
        return st.error();
    st->bind(1, taskId);
    return st->readFirstRow(readCommitment);
}

Result<GameRow> DevnetStore::addGame(const GameRow &g, qint64 nowMs)
{
    auto st = m_db.prepare("INSERT INTO games(kind, task_id, parent, solver, verifier, state, seed, samples, ready, outcome, "
                           "created_ts, updated_ts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)");
    if (!st)
        return st.error();
    st->bind(1, g.kind).bind(2, g.taskId);
    if (g.parent)
        st->bind(3, *g.parent);
    else
        st->bindNull(3);
    st->bind(4, g.solver);
    if (g.verifier.isEmpty())
        st->bindNull(5);
    else
        st->bind(5, g.verifier);
    st->bind(6, g.state).bind(7, g.seed).bind(8, g.samples).bind(9, g.ready).bind(10, compact(g.outcome)).bind(11, nowMs);
    if (auto r = st->run(); !r)
        return r.error();
    GameRow out = g;
    out.id = m_db.lastInsertId();
    out.createdMs = out.updatedMs = nowMs;
    return out;
}

Result<std::optional<GameRow>> DevnetStore::game(qint64 id) const
{
    auto st = m_db.prepare(select(kGameColumns, " FROM games WHERE id = ?1").constData());
    if (!st)
        return st.error();
    st->bind(1, id);
    return st->readFirstRow(readGame);
}

Result<QList<GameRow>> DevnetStore::gamesInState(const QString &state) const
{
    auto st = m_db.prepare(select(kGameColumns, " FROM games WHERE state = ?1 ORDER BY id").constData());
    if (!st)
        return st.error();
    st->bind(1, state);
    return st->readRows(readGame);
}

Result<void> DevnetStore::updateGame(const GameRow &g, qint64 nowMs)
{
    auto st = m_db.prepare("UPDATE games SET state = ?2, verifier = ?3, ready = ?4, outcome = ?5, messages = ?6, bytes = ?7, "
                           "updated_ts = ?8 WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, g.id).bind(2, g.state);
    if (g.verifier.isEmpty())
        st->bindNull(3);
    else
        st->bind(3, g.verifier);
    st->bind(4, g.ready).bind(5, compact(g.outcome)).bind(6, g.messages).bind(7, g.bytes).bind(8, nowMs);
    return st->run();
}

Result<void> DevnetStore::setTaskState(qint64 taskId, const QString &state, qint64 nowMs)
{
    auto st = m_db.prepare("UPDATE tasks SET state = ?2, updated_ts = ?3 WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, taskId).bind(2, state).bind(3, nowMs);
    return st->run();
}

Result<void> DevnetStore::addReputation(const QString &nodeId, qint64 delta)
{
    auto st = m_db.prepare("UPDATE providers SET reputation = reputation + ?2 WHERE node_id = ?1");
    if (!st)
        return st.error();
    st->bind(1, nodeId).bind(2, delta);
    return st->run();
}

Result<bool> DevnetStore::addReceipt(const ReceiptRow &r)
{
    auto st = m_db.prepare("INSERT OR IGNORE INTO receipts(id, node_id, kind, amount, signed_amount, task_id, json, ts) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st)
        return st.error();
    st->bind(1, r.id).bind(2, r.nodeId).bind(3, r.kind).bind(4, r.amount).bind(5, r.signedAmount);
    if (r.taskId)
        st->bind(6, *r.taskId);
    else
        st->bindNull(6);
    st->bind(7, compact(r.json)).bind(8, r.ms);
    if (auto run = st->run(); !run)
        return run.error();
    return m_db.changes() > 0;
}

Result<QList<ReceiptRow>> DevnetStore::receiptsOf(const QString &nodeId) const
{
    auto st = m_db.prepare("SELECT id, node_id, kind, amount, signed_amount, task_id, json, ts FROM receipts WHERE node_id = ?1 "
                           "ORDER BY ts, id");
    if (!st)
        return st.error();
    st->bind(1, nodeId);
    return st->readRows([](const Statement &s) {
        ReceiptRow r;
        r.id = s.text(0);
        r.nodeId = s.text(1);
        r.kind = s.text(2);
        r.amount = s.int64(3);
        r.signedAmount = s.int64(4);
        if (!s.isNull(5))
            r.taskId = s.int64(5);
        r.json = QJsonDocument::fromJson(s.text(6).toUtf8()).object();
        r.ms = s.int64(7);
        return r;
    });
}

Result<qint64> DevnetStore::sumOfReceipts(const char *expression, const QString &nodeId) const
{
    const QByteArray sql = QByteArray("SELECT COALESCE(SUM(") + expression + "), 0) FROM receipts WHERE node_id = ?1";
    auto st = m_db.prepare(sql.constData());
    if (!st)
        return st.error();
    st->bind(1, nodeId);
    auto sum = st->readFirstRow([](const Statement &s) { return s.int64(0); });
    if (!sum)
        return sum.error();
    return sum->value_or(0);
}

Result<qint64> DevnetStore::balanceOf(const QString &nodeId) const
{
    return sumOfReceipts("signed_amount", nodeId);
}

Result<qint64> DevnetStore::stakeOf(const QString &nodeId) const
{
    return sumOfReceipts(kStakedAmount, nodeId);
}

Result<bool> DevnetStore::hasReceipt(const QString &id) const
{
    auto st = m_db.prepare("SELECT 1 FROM receipts WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, id);
    return st->step();
}

Result<QList<QString>> DevnetStore::providerIds() const
{
    auto st = m_db.prepare("SELECT node_id FROM providers ORDER BY registered_ts, node_id");
    if (!st)
        return st.error();
    return st->readRows([](const Statement &s) { return s.text(0); });
}

Result<bool> DevnetStore::logRelay(const RelayRow &r, qint64 nowMs)
{
    auto st = m_db.prepare("INSERT OR IGNORE INTO relay_log(game_id, sender, receiver, seq, message, blob, ts) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st)
        return st.error();
    st->bind(1, r.game).bind(2, r.from).bind(3, r.to).bind(4, r.seq).bind(5, compact(r.message)).bind(6, r.blob).bind(7, nowMs);
    if (auto done = st->run(); !done)
        return done.error();
    return m_db.changes() > 0;
}

Result<QList<RelayRow>> DevnetStore::relayLog(qint64 game, const QString &to) const
{
    auto st = m_db.prepare("SELECT sender, receiver, seq, message, blob FROM relay_log WHERE game_id = ?1 "
                           "AND (?2 = '' OR receiver = ?2) ORDER BY rowid");
    if (!st)
        return st.error();
    st->bind(1, game).bind(2, to);
    return st->readRows([game](const Statement &s) {
        return RelayRow{game, s.text(0), s.text(1), s.int64(2), QJsonDocument::fromJson(s.text(3).toUtf8()).object(), s.text(4)};
    });
}

} // namespace idleforge::devnet
