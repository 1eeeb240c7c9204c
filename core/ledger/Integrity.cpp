#include "ledger/Integrity.h"

#include "crypto/Base58.h"
#include "db/SqliteCheck.h"
#include "protocol/Receipt.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace idleforge::ledger {

namespace {
QString advice()
{
    return QStringLiteral("Restore it from a backup, or move it away: a new ledger starts empty and the coordinator "
                          "sends your receipts again when the node registers.");
}

// Whether the row (in the SELECT order of checkReceipts) says what its signed text says.
bool rowMatchesItsText(const db::Statement &s)
{
    auto r = protocol::Receipt::fromJson(receiptJson(s.text(8), s.blob(9)));
    return r && r->id == s.text(0) && r->kind == s.text(1) && r->amount == s.int64(2) && r->status() == s.text(3)
        && r->jobId == s.text(4) && r->nodeId == s.text(5) && r->payee == s.text(6) && r->issuedMs == s.int64(7)
        && r->canonical == s.text(8).toUtf8();
}
} // namespace

QJsonObject receiptJson(const QString &canonical, const QByteArray &signature)
{
    QJsonObject json = QJsonDocument::fromJson(canonical.toUtf8()).object();
    json.insert(QStringLiteral("sig"), QString::fromStdString(crypto::base58Encode(std::span(
                                           reinterpret_cast<const std::uint8_t *>(signature.constData()), size_t(signature.size())))));
    return json;
}

Result<void> checkLedgerFile(const db::Database &db, const QString &path)
{
    if (!db::looksLikeSqlite(path))
        return {};
    return db::checkIntegrity(db, QStringLiteral("The ledger ") + path, "ledger", advice());
}

Result<void> checkReceipts(const db::Database &db, const QString &path)
{
    auto st = db.prepare("SELECT id, kind, amount, status, job_id, node_id, payee, issued_ts, canonical, signature "
                         "FROM receipts ORDER BY rowid");
    if (!st)
        return st.error();
    QString damaged;
    auto done = st->forEachRow([&](const db::Statement &s) {
        if (damaged.isEmpty() && !rowMatchesItsText(s))
            damaged = s.text(0);
    });
    if (!done)
        return done.error();
    if (damaged.isEmpty())
        return {};
    return makeError("ledger.corrupt", QStringLiteral("The ledger %1 is damaged (receipt \"%2\" no longer matches its "
                                                      "signed text). It was left as it is. %3")
                                           .arg(path, damaged, advice()));
}

} // namespace idleforge::ledger
