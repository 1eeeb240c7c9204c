#pragma once
// The providers' money in the devnet's SQLite file (schema v2 `receipts`): every receipt the
// coordinator signed, kept so a reconnecting node gets all of its receipts again, and the sums
// that are a provider's balance and stake. Shares DevnetStore's connection (reached as
// DevnetStore::receipts()) and its single-thread contract. Submitters' money is the `funds`
// table, written with the task pool (DevnetStoreFunds.cpp).
#include "base/Error.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace idleforge::db {
class Database;
}

namespace idleforge::devnet {

struct ReceiptRow {
    QString id;
    QString nodeId;
    QString kind;
    qint64 amount = 0;
    qint64 signedAmount = 0;
    std::optional<qint64> taskId;
    QJsonObject json; // the signed wire form
    qint64 ms = 0;
};

class ReceiptStore {
public:
    explicit ReceiptStore(db::Database &db) : m_db(db) {}
    ReceiptStore(const ReceiptStore &) = delete;
    ReceiptStore &operator=(const ReceiptStore &) = delete;

    // Stores a signed receipt; idempotent by id (true: new).
    Result<bool> addReceipt(const ReceiptRow &r);
    Result<QList<ReceiptRow>> receiptsOf(const QString &nodeId) const; // oldest first
    Result<bool> hasReceipt(const QString &id) const;
    Result<qint64> balanceOf(const QString &nodeId) const; // spendable: sum of signed amounts (protocol/Receipt.h)
    Result<qint64> stakeOf(const QString &nodeId) const;   // stake - slash

    // A receipt's amount in the stake (stake +, slash -; as LedgerQueries::staked), over the receipts table.
    static constexpr const char *kStakedAmount = "CASE kind WHEN 'stake' THEN amount WHEN 'slash' THEN -amount ELSE 0 END";

private:
    Result<qint64> sumOfReceipts(const char *expression, const QString &nodeId) const;

    db::Database &m_db;
};

} // namespace idleforge::devnet
