#include "devnet/ReceiptStore.h"

#include "devnet/DevnetRows.h"

namespace idleforge::devnet {

using namespace rows;

Result<bool> ReceiptStore::addReceipt(const ReceiptRow &r)
{
    if (auto run = execute(m_db,
                           "INSERT OR IGNORE INTO receipts(id, node_id, kind, amount, signed_amount, task_id, json, ts) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           r.id, r.nodeId, r.kind, r.amount, r.signedAmount, orNull(r.taskId), jsonText(r.json), r.ms);
        !run)
        return run.error();
    return m_db.changes() > 0;
}

Result<QList<ReceiptRow>> ReceiptStore::receiptsOf(const QString &nodeId) const
{
    return allRows(m_db, select(kReceiptColumns, "FROM receipts WHERE node_id = ?1 ORDER BY ts, id").constData(), readReceipt,
                   nodeId);
}

Result<bool> ReceiptStore::hasReceipt(const QString &id) const
{
    auto st = prepare(m_db, "SELECT 1 FROM receipts WHERE id = ?1", id);
    if (!st)
        return st.error();
    return st->step();
}

Result<qint64> ReceiptStore::sumOfReceipts(const char *expression, const QString &nodeId) const
{
    const QByteArray sql = QByteArray("SELECT COALESCE(SUM(") + expression + "), 0) FROM receipts WHERE node_id = ?1";
    return integer(m_db, sql.constData(), nodeId);
}

Result<qint64> ReceiptStore::balanceOf(const QString &nodeId) const
{
    return sumOfReceipts("signed_amount", nodeId);
}

Result<qint64> ReceiptStore::stakeOf(const QString &nodeId) const
{
    return sumOfReceipts(kStakedAmount, nodeId);
}

} // namespace idleforge::devnet
