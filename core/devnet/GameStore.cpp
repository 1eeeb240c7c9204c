#include "devnet/GameStore.h"

#include "devnet/DevnetRows.h"

namespace idleforge::devnet {

using db::Statement;
using db::Transaction;
using namespace rows;

namespace {
// The lease completes and its task is committed, with the commitment, in the caller's transaction.
Result<void> writeCommitment(const db::Database &db, const LeaseRow &l, const CommitmentRow &c, qint64 nowMs)
{
    if (auto r = execute(db,
                         "INSERT INTO commitments(task_id, lease_id, node_id, run_root, final_hash, steps, checkpoint_every, "
                         "losses, ts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         l.taskId, l.id, l.nodeId, c.runRoot, c.finalHash, c.steps, c.checkpointEvery, jsonText(c.losses), nowMs);
        !r)
        return r;
    if (auto r = execute(db, "UPDATE leases SET state = 'completed', ended_ts = ?2, step = ?3 WHERE id = ?1", l.id, nowMs, c.steps); !r)
        return r;
    return execute(db, "UPDATE tasks SET state = 'committed', updated_ts = ?2 WHERE id = ?1", l.taskId, nowMs);
}
} // namespace

Result<GameStore::Committed> GameStore::commit(qint64 leaseId, const QString &nodeId, const CommitmentRow &c, qint64 nowMs)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto l = firstRow(m_db, select(kLeaseColumns, "FROM leases WHERE id = ?1").constData(), readLease, leaseId);
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
    if (auto r = writeCommitment(m_db, **l, c, nowMs); !r)
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

Result<std::optional<CommitmentRow>> GameStore::commitment(qint64 taskId) const
{
    return firstRow(m_db, select(kCommitmentColumns, "FROM commitments WHERE task_id = ?1").constData(), readCommitment, taskId);
}

Result<GameRow> GameStore::addGame(const GameRow &g, qint64 nowMs)
{
    if (auto r = execute(m_db,
                         "INSERT INTO games(kind, task_id, parent, solver, verifier, state, seed, samples, ready, outcome, "
                         "created_ts, updated_ts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                         g.kind, g.taskId, orNull(g.parent), g.solver, orNull(g.verifier), g.state, g.seed, g.samples, g.ready,
                         jsonText(g.outcome), nowMs);
        !r)
        return r.error();
    GameRow out = g;
    out.id = m_db.lastInsertId();
    out.createdMs = out.updatedMs = nowMs;
    return out;
}

Result<std::optional<GameRow>> GameStore::game(qint64 id) const
{
    return firstRow(m_db, select(kGameColumns, "FROM games WHERE id = ?1").constData(), readGame, id);
}

Result<GameRow> GameStore::gameOfKind(qint64 id, const char *kind) const
{
    auto g = game(id);
    if (!g)
        return g.error();
    if (!*g || (kind && (*g)->kind != QLatin1String(kind)))
        return makeError("devnet.no_game",
                         QStringLiteral("no %1 g%2").arg(kind ? QString::fromLatin1(kind) : QStringLiteral("game")).arg(id));
    return std::move(*g).value();
}

Result<QList<GameRow>> GameStore::gamesInState(const QString &state) const
{
    return allRows(m_db, select(kGameColumns, "FROM games WHERE state = ?1 ORDER BY id").constData(), readGame, state);
}

Result<qint64> GameStore::gameCount(qint64 taskId, const char *kind) const
{
    return db::integer(m_db, "SELECT count(*) FROM games WHERE task_id = ?1 AND kind = ?2", taskId, QString::fromLatin1(kind));
}

Result<void> GameStore::updateGame(const GameRow &g, qint64 nowMs)
{
    return execute(m_db,
                   "UPDATE games SET state = ?2, verifier = ?3, ready = ?4, outcome = ?5, messages = ?6, bytes = ?7, "
                   "updated_ts = ?8 WHERE id = ?1",
                   g.id, g.state, orNull(g.verifier), g.ready, jsonText(g.outcome), g.messages, g.bytes, nowMs);
}

Result<bool> GameStore::logRelay(const RelayRow &r, qint64 nowMs)
{
    if (auto done = execute(m_db,
                            "INSERT OR IGNORE INTO relay_log(game_id, sender, receiver, seq, message, blob, ts) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            r.game, r.from, r.to, r.seq, jsonText(r.message), r.blob, nowMs);
        !done)
        return done.error();
    return m_db.changes() > 0;
}

Result<QList<RelayRow>> GameStore::relayLog(qint64 game, const QString &to) const
{
    const auto read = [game](const Statement &s) {
        return RelayRow{game, s.text(0), s.text(1), s.int64(2), jsonObject(s.text(3)), s.text(4)};
    };
    return allRows(m_db,
                   "SELECT sender, receiver, seq, message, blob FROM relay_log WHERE game_id = ?1 "
                   "AND (?2 = '' OR receiver = ?2) ORDER BY rowid",
                   read, game, to);
}

} // namespace idleforge::devnet
