#pragma once
// Shared fixtures of the devnet tests: a small valid task spec and signed capability records.
#include "protocol/CapabilityRecord.h"
#include "task/Templates.h"
#include "wallet/PayoutWallet.h"

namespace idleforge::devnettest {

inline QJsonObject smallSpec(qint64 steps = 20, qint64 seed = 1)
{
    task::TemplateOptions o;
    o.layers = 1;
    o.dModel = 32;
    o.heads = 2;
    o.context = 16;
    o.batch = 2;
    o.steps = steps;
    o.checkpointEvery = 5;
    o.seed = seed;
    o.data.kind = task::DatasetRef::Kind::Synthetic;
    o.data.size = 4096;
    return *task::makeTemplateSpec(o);
}

inline QJsonObject capability(const crypto::Ed25519KeyPair &node, qint64 memoryBytes = qint64(4) << 30,
                              QStringList backends = {QStringLiteral("repro")})
{
    protocol::CapabilityRecord c;
    c.payout = wallet::addressOf(node.publicKey());
    c.backends = std::move(backends);
    c.memoryBytes = memoryBytes;
    c.fp32Mflops = 50'000;
    c.threads = 2;
    c.devices = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("test cpu")}, {QStringLiteral("kind"), QStringLiteral("cpu")}}};
    c.tsMs = 1;
    return protocol::CapabilityRecord::sign(c, protocol::Signer::of(node))->signedJson;
}

inline QJsonObject registerBody(const crypto::Ed25519KeyPair &node, qint64 memoryBytes = qint64(4) << 30,
                                QStringList backends = {QStringLiteral("repro")})
{
    return QJsonObject{{QStringLiteral("payout"), wallet::addressOf(node.publicKey())},
                       {QStringLiteral("capability"), capability(node, memoryBytes, std::move(backends))}};
}

} // namespace idleforge::devnettest
