// Ledger::recover: a new ledger from what is left of a damaged one (Ledger.h).
#include "ledger/Ledger.h"

#include "db/SqliteSalvage.h"
#include "ledger/Integrity.h"
#include "ledger/Log.h"

#include <QFile>
#include <QFileInfo>

namespace idleforge::ledger {

Result<LedgerRecovery> Ledger::recover(const QString &path, const crypto::PublicKey &coordinatorKey, qint64 nowMs)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    LedgerRecovery out;
    auto kept = db::moveAside(absolute, nowMs, "ledger");
    if (!kept)
        return kept.error();
    out.keptAs = *kept;
    auto fresh = open(absolute, coordinatorKey);
    if (!fresh) {
        QFile::rename(out.keptAs, absolute); // as it was
        return fresh.error();
    }
    QList<QJsonObject> receipts;
    {
        const db::SalvageCopy copy(out.keptAs); // the damaged file stays byte for byte
        if (copy.ok())
            out.readToEnd = db::forEachSalvagedRow(copy.db(), "SELECT rowid, canonical, signature FROM receipts WHERE rowid > ?1 ORDER BY rowid",
                                                   0, [&](const db::Statement &row) { receipts.push_back(receiptJson(row.text(1), row.blob(2))); });
    }
    for (const QJsonObject &receipt : receipts) {
        if ((*fresh)->addReceipt(receipt))
            ++out.receipts;
        else
            ++out.refused;
    }
    const QString what = QStringLiteral("The ledger was damaged and a new one was started: %1 receipt(s) carried over, %2 refused%3; "
                                        "the damaged file is kept as %4. Benchmarks and history start anew.")
                             .arg(out.receipts)
                             .arg(out.refused)
                             .arg(out.readToEnd ? QString() : QStringLiteral(" (receipts on its damaged pages are lost until the "
                                                                             "coordinator sends them again)"))
                             .arg(out.keptAs);
    qCWarning(lcLedger).noquote() << what;
    if (auto logged = (*fresh)->logActivity(QStringLiteral("warning"), QStringLiteral("ledger"), what); !logged)
        qCWarning(lcLedger).noquote() << "could not note the recovery in the activity log:" << logged.error().toString();
    return out;
}

} // namespace idleforge::ledger
