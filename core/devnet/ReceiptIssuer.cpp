#include "devnet/ReceiptIssuer.h"

#include "crypto/Blake2b.h"

namespace idleforge::devnet {

QString receiptId(const ReceiptFields &f)
{
    const QByteArray key = f.taskId.toUtf8() + '\0' + f.kind.toUtf8() + '\0' + f.nodeId.toUtf8();
    const auto h = crypto::blake2b256(std::string_view(key.constData(), std::size_t(key.size())));
    return QStringLiteral("r-") + QString::fromStdString(crypto::toHex(h)).left(24);
}

Result<protocol::Receipt> issueReceipt(const ReceiptFields &f, const crypto::Ed25519KeyPair &coordinator)
{
    if (!protocol::isKnownReceiptKind(f.kind) || f.amount < 0)
        return makeError("devnet.bad_receipt", QStringLiteral("cannot issue a %1 receipt of %2").arg(f.kind).arg(f.amount));
    return protocol::Receipt::sign(QJsonObject{{QStringLiteral("v"), 1},
                                             {QStringLiteral("id"), receiptId(f)},
                                             {QStringLiteral("kind"), f.kind},
                                             {QStringLiteral("amount"), f.amount},
                                             {QStringLiteral("state"), f.state},
                                             {QStringLiteral("job"), f.taskId},
                                             {QStringLiteral("node"), f.nodeId},
                                             {QStringLiteral("payee"), f.payee},
                                             {QStringLiteral("ts"), f.issuedMs}},
                                 coordinator);
}

} // namespace idleforge::devnet
