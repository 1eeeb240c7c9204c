#pragma once
// Shared fixtures of the devnet tests: a small valid task spec and signed capability records.
#include "protocol/CapabilityRecord.h"
#include "task/Templates.h"
#include "wallet/PayoutWallet.h"

#include <QJsonDocument>

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
    auto spec = task::makeTemplateSpec(o);
    if (!spec)
        qFatal("smallSpec: %s", qPrintable(spec.error().toString()));
    if (auto parsed = task::parseTaskSpec(*spec); !parsed)
        qFatal("smallSpec: %s", qPrintable(parsed.error().toString()));
    return *spec;
}

// Specs travel as JSON text (they hold fractions).
inline QString specText(const QJsonObject &spec)
{
    return QString::fromUtf8(QJsonDocument(spec).toJson(QJsonDocument::Compact));
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
    c.hardware = QJsonObject{{QStringLiteral("schema"), QStringLiteral("idleforge.capability/1")}, {QStringLiteral("devices"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("test cpu")}, {QStringLiteral("kind"), QStringLiteral("cpu")}}}}};
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
