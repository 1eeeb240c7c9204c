#pragma once
// Builds coordinator-signed receipts in the wire form nodes store (protocol/Receipt.h), so a node's
// ledger, which checks every receipt against the pinned coordinator key, accepts them. Receipt
// ids are deterministic per (task, kind, node): re-issuing after a restart or a re-send yields
// the same id, and the node's ledger treats it as the same receipt (idempotent), never as a
// second payment. Settlement (balances, stakes, slashes) will issue through this.
#include "base/Error.h"
#include "protocol/Receipt.h"

namespace idleforge::devnet {

struct ReceiptFields {
    QString kind;  // reward | fee | stake | slash | payout
    qint64 amount = 0;
    QString state = QStringLiteral("settled"); // pending | settled | cancelled
    QString taskId; // "t<n>", or empty
    QString nodeId;
    QString payee;
    qint64 issuedMs = 0;
};

QString receiptId(const ReceiptFields &fields); // "r-" + 24 hex of BLAKE2b(task, kind, node)
Result<protocol::Receipt> issueReceipt(const ReceiptFields &fields, const crypto::Ed25519KeyPair &coordinator);

} // namespace idleforge::devnet
