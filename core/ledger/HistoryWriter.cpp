// LedgerWriter's history part (schema v2): rows of what the node took part in and their events.
// Runs on the ledger's writer thread like every other change, one transaction per call.
#include "ledger/LedgerWriter.h"

#include "base/Clock.h"

namespace idleforge::ledger {

namespace {
// What a receipt adds to its row: a reward earns, a stake moves credit into our own stake (no
// loss), anything else (fee, slash, payout) is a loss. LedgerQueries' kEarned, per receipt.
qint64 earnedBy(const HistoryReceipt &r)
{
    if (r.kind == QLatin1String("reward"))
        return r.amount;
    if (r.kind == QLatin1String("stake"))
        return 0;
    return -r.amount;
}

// A row's side in a dispute: the solver plays a, the auditor b.
QString sideOf(const QString &role)
{
    if (role == QLatin1String("solver"))
        return QStringLiteral("a");
    if (role == QLatin1String("auditor"))
        return QStringLiteral("b");
    return role;
}

// The state a verified receipt moves its row to (forward only); empty: none.
QString stateAfter(const HistoryReceipt &r)
{
    if (r.status != QLatin1String("verified"))
        return {};
    if (r.kind == QLatin1String("slash"))
        return QStringLiteral("slashed");
    if (r.kind == QLatin1String("reward"))
        return QStringLiteral("verified");
    return {};
}
} // namespace

Result<std::optional<HistoryEntry>> LedgerWriter::historyRow(const HistoryUpdate &u)
{
    using Match = HistoryUpdate::Match;
    const char *sql = u.match == Match::Game ? "SELECT id, state, started_ts, role FROM history WHERE kind = ? AND game = ?"
                      : u.match == Match::Task
                          ? "SELECT id, state, started_ts, role FROM history WHERE kind = ? AND task_id = ? ORDER BY updated_ts DESC LIMIT 1"
                          : "SELECT id, state, started_ts, role FROM history WHERE kind = ? AND task_id = ? AND game = ?";
    auto st = m_db.prepare(sql);
    if (!st)
        return st.error();
    st->bind(1, u.kind);
    if (u.match == Match::Game)
        st->bind(2, u.game);
    else
        st->bind(2, u.taskId);
    if (u.match == Match::Key)
        st->bind(3, u.game);
    return st->readFirstRow([](const db::Statement &s) {
        HistoryEntry e;
        e.id = s.int64(0);
        e.state = s.text(1);
        e.startedMs = s.int64(2);
        e.role = s.text(3);
        return e;
    });
}

Result<void> LedgerWriter::addHistoryEvent(qint64 historyId, qint64 ts, const HistoryEvent &ev)
{
    auto st = m_db.prepare("INSERT INTO history_events(history_id, ts, kind, step, outcome, ref, amount, detail_json) "
                           "VALUES (?,?,?,?,?,?,?,?)");
    if (!st)
        return st.error();
    st->bind(1, historyId).bind(2, ev.ts > 0 ? ev.ts : ts).bind(3, ev.kind);
    ev.step >= 0 ? st->bind(4, ev.step) : st->bindNull(4);
    st->bind(5, ev.outcome).bind(6, ev.ref).bind(7, ev.amount);
    ev.detailJson.isEmpty() ? st->bindNull(8) : st->bind(8, ev.detailJson);
    return st->run();
}

// Creates or updates the row; the state moves only forward and each move is a `state` event.
Result<qint64> LedgerWriter::applyHistory(const HistoryUpdate &u, qint64 now)
{
    auto row = historyRow(u);
    if (!row)
        return row.error();
    if (!u.winner.isEmpty() && *row) {
        HistoryUpdate decided = u;
        decided.winner.clear();
        decided.state = sideOf((*row)->role) == u.winner ? QStringLiteral("won") : QStringLiteral("lost");
        return applyHistory(decided, now);
    }
    const int newRank = historyStateRank(u.state);
    if (!u.state.isEmpty() && newRank < 0)
        return makeError("ledger.bad_history", QStringLiteral("unknown history state \"%1\"").arg(u.state));
    qint64 id = 0;
    bool moved = false;
    if (!*row) {
        if (!u.create || u.match != HistoryUpdate::Match::Key || u.state.isEmpty())
            return qint64(0); // nothing to update, and too little to create a row from
        auto ins = m_db.prepare("INSERT INTO history(kind, task_id, game, role, state, run_root, steps, started_ts, updated_ts) "
                                "VALUES (?,?,?,?,?,?,?,?,?)");
        if (!ins)
            return ins.error();
        ins->bind(1, u.kind).bind(2, u.taskId).bind(3, u.game).bind(4, u.role).bind(5, u.state).bind(6, u.runRoot)
            .bind(7, std::max<qint64>(u.steps, 0)).bind(8, now).bind(9, now);
        if (auto r = ins->run(); !r)
            return r.error();
        id = m_db.lastInsertId();
        moved = true;
    } else {
        id = (*row)->id;
        moved = newRank > historyStateRank((*row)->state);
        auto up = m_db.prepare("UPDATE history SET state = CASE WHEN ?1 THEN ?2 ELSE state END, "
                               "run_root = CASE WHEN ?3 <> '' THEN ?3 ELSE run_root END, "
                               "steps = CASE WHEN ?4 >= 0 THEN ?4 ELSE steps END, "
                               "role = CASE WHEN ?5 <> '' THEN ?5 ELSE role END, updated_ts = ?6 WHERE id = ?7");
        if (!up)
            return up.error();
        up->bind(1, qint64(moved)).bind(2, u.state).bind(3, u.runRoot).bind(4, u.steps).bind(5, u.role).bind(6, now).bind(7, id);
        if (auto r = up->run(); !r)
            return r.error();
    }
    if (moved) {
        HistoryEvent ev;
        ev.kind = QStringLiteral("state");
        ev.outcome = u.state;
        if (auto r = addHistoryEvent(id, now, ev); !r)
            return r.error();
    }
    return id;
}

Result<qint64> LedgerWriter::recordHistory(const HistoryUpdate &u)
{
    const qint64 now = u.ts > 0 ? u.ts : Clock::instance().msecsSinceEpoch();
    auto tx = db::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto id = applyHistory(u, now);
    if (!id || *id == 0)
        return id;
    if (u.replaceSamples) {
        auto del = m_db.prepare("DELETE FROM history_events WHERE history_id = ? AND kind = 'sample'");
        if (!del)
            return del.error();
        del->bind(1, *id);
        if (auto r = del->run(); !r)
            return r.error();
    }
    for (const HistoryEvent &ev : u.events)
        if (auto r = addHistoryEvent(*id, now, ev); !r)
            return r.error();
    if (auto r = pruneHistory(); !r)
        return r.error();
    if (auto c = tx->commit(); !c)
        return c.error();
    return id;
}

// The row a receipt belongs to: "t<n>/g<m>" is an audit's fee; "t<n>" is our task's (as its
// solver), else the newest row of that task (a dispute we played as the verifier).
Result<std::optional<qint64>> LedgerWriter::receiptRow(const HistoryReceipt &r)
{
    const qsizetype slash = r.jobId.indexOf(QLatin1Char('/'));
    const QString task = slash < 0 ? r.jobId : r.jobId.left(slash);
    auto st = slash >= 0 ? m_db.prepare("SELECT id FROM history WHERE task_id = ?1 AND game = ?2 ORDER BY kind = 'audit' DESC, updated_ts DESC LIMIT 1")
                         : m_db.prepare("SELECT id FROM history WHERE task_id = ?1 ORDER BY kind = 'task' DESC, updated_ts DESC LIMIT 1");
    if (!st)
        return st.error();
    st->bind(1, task);
    if (slash >= 0)
        st->bind(2, r.jobId.mid(slash + 1));
    return st->readFirstRow([](const db::Statement &s) { return s.int64(0); });
}

// Counts a stored receipt in its row (idempotent by receipt id: a settled version replaces the
// pending one) and moves the row's state (a verified reward: verified; a slash: slashed).
// Returns the row's id, or 0 when no row is the receipt's (it stays in the receipts table).
Result<qint64> LedgerWriter::recordHistoryReceipt(const HistoryReceipt &r)
{
    auto tx = db::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto row = receiptRow(r);
    if (!row)
        return row.error();
    if (!*row)
        return qint64(0);
    const qint64 id = **row;
    const qint64 now = r.ts > 0 ? r.ts : Clock::instance().msecsSinceEpoch();
    auto del = m_db.prepare("DELETE FROM history_events WHERE kind = 'receipt' AND ref = ?");
    if (!del)
        return del.error();
    del->bind(1, r.id);
    if (auto d = del->run(); !d)
        return d.error();
    HistoryEvent ev;
    ev.kind = QStringLiteral("receipt");
    ev.outcome = r.status;
    ev.ref = r.id;
    ev.amount = earnedBy(r);
    ev.detailJson = r.kind;
    if (auto a = addHistoryEvent(id, now, ev); !a)
        return a.error();
    auto sum = m_db.prepare("UPDATE history SET credits = (SELECT coalesce(sum(amount), 0) FROM history_events "
                            "WHERE history_id = ?1 AND kind = 'receipt' AND outcome = 'verified'), updated_ts = ?2 WHERE id = ?1");
    if (!sum)
        return sum.error();
    sum->bind(1, id).bind(2, now);
    if (auto s = sum->run(); !s)
        return s.error();
    if (const QString state = stateAfter(r); !state.isEmpty()) {
        auto cur = m_db.prepare("SELECT kind, task_id, game FROM history WHERE id = ?");
        if (!cur)
            return cur.error();
        cur->bind(1, id);
        auto key = cur->readFirstRow([](const db::Statement &s) { return HistoryUpdate{s.text(0), s.text(1), s.text(2), {}}; });
        if (!key)
            return key.error();
        HistoryUpdate u = **key;
        u.state = state;
        if (auto m = applyHistory(u, now); !m)
            return m.error();
    }
    if (auto c = tx->commit(); !c)
        return c.error();
    return id;
}

// Retention: the newest kHistoryKeep rows by last update; their events go with them (cascade).
Result<void> LedgerWriter::pruneHistory()
{
    auto st = m_db.prepare("DELETE FROM history WHERE id IN (SELECT id FROM history ORDER BY updated_ts DESC, id DESC LIMIT -1 OFFSET ?)");
    if (!st)
        return st.error();
    st->bind(1, qint64(m_historyKeep));
    return st->run();
}

} // namespace idleforge::ledger
