// DevnetStore, schema v5 part: submitters' funds. A submitter's balance is the sum of its rows
// (grants and refunds +, escrows -), never a counter that could drift; a task is pooled only
// together with the escrow of its reward.
#include "devnet/DevnetStore.h"

#include "devnet/DevnetRows.h"

namespace idleforge::devnet {

using db::Statement;
using db::Transaction;

Result<bool> DevnetStore::grantFunds(const QString &submitter, qint64 amount, const QString &note, qint64 nowMs)
{
    if (amount < 0)
        return makeError("devnet.bad_request", QStringLiteral("a grant cannot be negative (%1)").arg(amount));
    if (auto r = rows::execute(m_db, "INSERT OR IGNORE INTO funds(submitter, kind, amount, note, ts) VALUES(?1, 'grant', ?2, ?3, ?4)",
                               submitter, amount, note, nowMs);
        !r)
        return r.error();
    return m_db.changes() > 0;
}

Result<qint64> DevnetStore::fundsOf(const QString &submitter) const
{
    return rows::integer(m_db, "SELECT COALESCE(SUM(amount), 0) FROM funds WHERE submitter = ?1", submitter);
}

Result<TaskRow> DevnetStore::addFundedTask(const NewTask &t, qint64 nowMs)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto funds = fundsOf(t.submitter);
    if (!funds)
        return funds.error();
    if (*funds < t.reward)
        return makeError("devnet.insufficient_funds",
                         QStringLiteral("the reward is %1 micro-credits; %2 has %3").arg(t.reward).arg(t.submitter).arg(*funds));
    auto row = addTask(t, nowMs);
    if (!row)
        return row.error();
    if (auto r = rows::execute(m_db, "INSERT INTO funds(submitter, kind, amount, task_id, ts) VALUES(?1, 'escrow', ?2, ?3, ?4)",
                               t.submitter, -t.reward, row->id, nowMs);
        !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    return row;
}

Result<QList<TaskRow>> DevnetStore::expirePooledTasks(qint64 createdBeforeMs, qint64 nowMs, int limit)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    QList<TaskRow> expired;
    {
        auto st = m_db.prepare("SELECT id FROM tasks WHERE state = 'pooled' AND created_ts <= ?1 ORDER BY created_ts, id LIMIT ?2");
        if (!st)
            return st.error();
        st->bind(1, createdBeforeMs).bind(2, qint64(limit));
        auto ids = st->readRows([](const Statement &s) { return s.int64(0); });
        if (!ids)
            return ids.error();
        for (qint64 id : *ids) {
            auto t = task(id);
            if (!t)
                return t.error();
            expired.append(**t);
        }
    }
    auto cancel = m_db.prepare("UPDATE tasks SET state = 'cancelled', updated_ts = ?2 WHERE id = ?1 AND state = 'pooled'");
    auto refund = m_db.prepare("INSERT INTO funds(submitter, kind, amount, task_id, ts) SELECT submitter, 'refund', -amount, "
                               "task_id, ?2 FROM funds WHERE task_id = ?1 AND kind = 'escrow' AND amount < 0");
    if (!cancel || !refund)
        return !cancel ? cancel.error() : refund.error();
    for (TaskRow &t : expired) {
        cancel->reset();
        refund->reset();
        cancel->bind(1, t.id).bind(2, nowMs);
        refund->bind(1, t.id).bind(2, nowMs);
        for (Statement *st : {&*cancel, &*refund})
            if (auto r = st->run(); !r)
                return r.error();
        t.state = QStringLiteral("cancelled");
    }
    if (auto r = tx->commit(); !r)
        return r.error();
    return expired;
}

} // namespace idleforge::devnet
