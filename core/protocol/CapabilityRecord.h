#pragma once
// A provider's capability record: what its machine can run, signed by its node identity so the
// coordinator can keep it and show it to anyone (a record cannot be edited on the way).
//
//   {"v": 1, "node": "<base58 node key>", "payout": "<payout address>",
//    "backends": ["repro", "fast"], "memory_bytes": <int>, "fp32_mflops": <int>,
//    "threads": <int>, "hardware": {...}, "ts": <ms>,
//    "sig": "<base58 Ed25519 signature over the canonical JSON without sig>"}
//
// The top-level numbers are what leasing decides on (the best device's usable memory and fp32
// GEMM throughput); "hardware" is the node's full record (core/node/CapabilityRecord.h, schema
// "idleforge.capability/1"), signed along and kept for display and later matching. Throughput
// travels as integer MFLOP/s because canonical JSON carries integers only.
#include "base/Error.h"
#include "protocol/Envelope.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace idleforge::protocol {

struct CapabilityRecord {
    QString node;
    QString payout;
    QStringList backends;
    qint64 memoryBytes = 0;
    qint64 fp32Mflops = 0;
    qint64 threads = 0;
    QJsonObject hardware;
    qint64 tsMs = 0;
    QJsonObject signedJson; // the record as signed, "sig" included

    // Signs the fields above with the node key (whose public key must equal `node`).
    static Result<CapabilityRecord> sign(CapabilityRecord fields, const Signer &signer);
    // Parses, checks fields and the signature against the key named in "node".
    // Errors: protocol.bad_capability.
    static Result<CapabilityRecord> fromJson(const QJsonObject &json);
    QJsonObject fieldsJson() const; // without "sig"
};

} // namespace idleforge::protocol
