#pragma once
// A receipt: the coordinator's signed statement that money moved. The app counts only
// receipts whose signature it checked against the pinned coordinator key.
//
// Wire form (JSON object); the signed bytes are the canonical JSON (protocol/CanonicalJson.h)
// of the object without "sig"; unknown extra fields are signed too (forward compatible):
//   {"v": 1, "id": "r-123", "kind": "reward"|"fee"|"stake"|"slash"|"payout",
//    "amount": <integer micro-credits, >= 0>, "state": "pending"|"settled"|"cancelled",
//    "job": "<job id or empty>", "node": "<node id>", "payee": "<payout address>",
//    "ts": <issued, ms since epoch>, "sig": "<base58 Ed25519 signature>"}
//
// state -> ledger status: pending -> pending, settled -> verified, cancelled -> rejected.
// Sign of an amount in the (spendable) balance: reward +, fee / stake / payout -; a slash 0, as
// it is taken from the stake. The stake is stake - slash (LedgerQueries::staked). A stake receipt
// moves credit from the balance into the stake; what a provider holds is balance + stake.
#include "base/Error.h"
#include "crypto/Ed25519.h"

#include <QJsonObject>
#include <QString>

namespace idleforge::protocol {

struct Receipt {
    QString id;
    QString kind;
    qint64 amount = 0;
    QString state;
    QString jobId;
    QString nodeId;
    QString payee;
    qint64 issuedMs = 0;
    QByteArray canonical; // the signed bytes
    crypto::Signature signature{};

    // Parses and validates fields (not the signature). Errors: ledger.bad_receipt.
    static Result<Receipt> fromJson(const QJsonObject &json);
    QJsonObject toJson() const; // including "sig"

    bool verify(const crypto::PublicKey &coordinator) const;
    QString status() const; // pending / verified / rejected
    qint64 signedAmount() const; // in the spendable balance

    // For the devnet coordinator and tests: fills canonical and signature.
    static Result<Receipt> sign(QJsonObject fieldsWithoutSig, const crypto::Ed25519KeyPair &coordinator);
};

bool isKnownReceiptKind(const QString &kind);
// Receipt::signedAmount for a kind and an amount (also for rows read back).
qint64 spendableAmount(const QString &kind, qint64 amount);

} // namespace idleforge::protocol
