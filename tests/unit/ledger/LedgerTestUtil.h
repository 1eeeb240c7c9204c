#pragma once
// Shared by the ledger tests and the kill -9 child: a fixed coordinator key and signed receipts.
#include "crypto/Ed25519.h"
#include "protocol/Receipt.h"

#include <QJsonObject>

namespace idleforge::ledgertest {

inline crypto::Ed25519KeyPair coordinator()
{
    std::array<std::uint8_t, 32> seed{};
    for (std::size_t i = 0; i < seed.size(); ++i)
        seed[i] = static_cast<std::uint8_t>(0xC0 + i);
    return crypto::Ed25519KeyPair::fromSeed(std::span<const std::uint8_t, 32>(seed));
}

inline QJsonObject receiptFields(const QString &id, const QString &kind, qint64 amount, qint64 tsMs,
                                 const QString &job = QStringLiteral("job-1"),
                                 const QString &state = QStringLiteral("settled"))
{
    return QJsonObject{{QStringLiteral("v"), 1},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("amount"), amount},
                       {QStringLiteral("state"), state},
                       {QStringLiteral("job"), job},
                       {QStringLiteral("node"), QStringLiteral("node-A")},
                       {QStringLiteral("payee"), QStringLiteral("5vftMkHL72JaJG6ExQfGAsT2uGVHpRR7oTNUPMs68Y2N")},
                       {QStringLiteral("ts"), tsMs}};
}

inline QJsonObject signedReceipt(const crypto::Ed25519KeyPair &key, const QJsonObject &fields)
{
    return protocol::Receipt::sign(fields, key)->toJson();
}

} // namespace idleforge::ledgertest
