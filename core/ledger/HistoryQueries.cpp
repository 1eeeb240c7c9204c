// LedgerQueries' history part (schema v2): the rows and one row's events, newest first.
#include "ledger/LedgerQueries.h"

namespace idleforge::ledger {

namespace {
HistoryEntry historyFrom(const db::Statement &st)
{
    HistoryEntry e;
    e.id = st.int64(0);
    e.kind = st.text(1);
    e.taskId = st.text(2);
    e.game = st.text(3);
    e.role = st.text(4);
    e.state = st.text(5);
    e.runRoot = st.text(6);
    e.steps = st.int64(7);
    e.startedMs = st.int64(8);
    e.updatedMs = st.int64(9);
    e.credits = st.int64(10);
    return e;
}
} // namespace

Result<QList<HistoryEntry>> LedgerQueries::history(int limit) const
{
    auto st = m_db.prepare("SELECT id, kind, task_id, game, role, state, run_root, steps, started_ts, updated_ts, credits "
                           "FROM history ORDER BY started_ts DESC, id DESC LIMIT ?");
    if (!st)
        return st.error();
    st->bind(1, qint64(std::clamp(limit, 1, kHistoryKeep)));
    return st->readRows(historyFrom);
}

Result<QList<HistoryEvent>> LedgerQueries::historyEvents(qint64 historyId) const
{
    auto st = m_db.prepare("SELECT id, history_id, ts, kind, step, outcome, ref, amount, detail_json FROM history_events "
                           "WHERE history_id = ? ORDER BY id");
    if (!st)
        return st.error();
    st->bind(1, historyId);
    return st->readRows([](const db::Statement &s) {
        HistoryEvent ev;
        ev.id = s.int64(0);
        ev.historyId = s.int64(1);
        ev.ts = s.int64(2);
        ev.kind = s.text(3);
        ev.step = s.isNull(4) ? -1 : s.int64(4);
        ev.outcome = s.text(5);
        ev.ref = s.text(6);
        ev.amount = s.int64(7);
        ev.detailJson = s.text(8);
        return ev;
    });
}

} // namespace idleforge::ledger
