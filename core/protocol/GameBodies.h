#pragma once
// Typed bodies of the rest of a task's life (README.md, "A task's life"): the solver's
// commitment, audits, the relay of core/verify messages, disputes, receipts and settlement.
// Same rules as MessageBodies.h: toJson writes today's wire form, fromJson refuses with
// "protocol.bad_body" naming the field, unknown fields (`re`) are ignored.
//
// Nested objects with types of their own travel as their JSON here: a relayed
// verify::Message (verify::messageFromJson checks it; core/protocol does not link core/verify),
// a protocol::Receipt (Receipt::fromJson and the ledger check it), a task spec (as JSON text).
#include "base/Error.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace idleforge::protocol {

// commit, solver -> coordinator, at the end of a lease.
struct CommitBody {
    QString lease;
    QString runRoot;   // 64 hex: the Merkle root over the state hashes
    QString finalHash; // 64 hex
    qint64 steps = 0;  // >= 1
    qint64 checkpointEvery = 0; // >= 1
    QStringList losses; // decimal text, at most kMaxLosses
    static constexpr qsizetype kMaxLosses = 100'000;
    QJsonObject toJson() const;
    static Result<CommitBody> fromJson(const QJsonObject &body);
};

// The ack of a commit.
struct CommitAckBody {
    QString task;
    QString runRoot;
    QJsonObject toJson() const;
    static Result<CommitAckBody> fromJson(const QJsonObject &body);
};

// audit_assign, coordinator -> verifier (push).
struct AuditAssignBody {
    QString game; // "g<n>"
    QString task;
    QString specText;
    QString specHash;
    QString solver; // base58 node key
    QString seed;   // 64 hex, drawn after the commitment
    qint64 samples = 0;
    QString runRoot;
    qint64 steps = 0;
    QString blobs;
    QJsonObject spec() const;
    QJsonObject toJson() const;
    static Result<AuditAssignBody> fromJson(const QJsonObject &body);
};

// verify, both ways: a party's verify::Message to the coordinator (no `task`), and the
// coordinator's relay of one to a party (with `task`). The blob was uploaded first.
struct VerifyBody {
    QString game;
    QString task; // pushes only; empty: not written
    QJsonObject msg; // {type, game, from, to, seq, body}
    QString blob;    // 64 hex or empty
    QJsonObject toJson() const;
    static Result<VerifyBody> fromJson(const QJsonObject &body);
};

// The ack of a verify: `duplicate` true for a re-send already relayed (else not written).
struct VerifyAckBody {
    bool duplicate = false;
    QJsonObject toJson() const;
    static Result<VerifyAckBody> fromJson(const QJsonObject &body);
};

// What an audit found: the body of audit_result without its game, and the `detail` of an
// audit's settlement.
struct AuditReport {
    struct Sample {
        qint64 step = 0;
        bool ok = false;
    };
    bool ok = false;
    std::vector<Sample> samples; // at most kMaxSamples
    QString failure;             // empty when the solver answered
    static constexpr qsizetype kMaxSamples = 100'000;
    QJsonObject toJson() const;
    static Result<AuditReport> fromJson(const QJsonObject &body);
};

// audit_result, verifier -> coordinator.
struct AuditResultBody {
    QString game;
    AuditReport report;
    QJsonObject toJson() const;
    static Result<AuditResultBody> fromJson(const QJsonObject &body);
};

// The ack of audit_result and of dispute_ready: the game's state now.
struct GameStateAckBody {
    QString game; // "g<n>", written as `game` (audit_result) or `dispute` (dispute_ready)
    QString state;
    QJsonObject toAuditResultAck() const;
    QJsonObject toDisputeReadyAck() const;
    static Result<GameStateAckBody> fromAuditResultAck(const QJsonObject &body);
    static Result<GameStateAckBody> fromDisputeReadyAck(const QJsonObject &body);
};

// dispute_open, coordinator -> solver ("a") and verifier ("b") (push).
struct DisputeOpenBody {
    QString dispute; // "g<n>"
    QString task;
    QString specText;
    QString specHash;
    QString role;  // "a" | "b"
    QString audit; // "g<n>": the audit that failed
    QString blobs;
    QJsonObject spec() const;
    QJsonObject toJson() const;
    static Result<DisputeOpenBody> fromJson(const QJsonObject &body);
};

// dispute_ready, party -> coordinator.
struct DisputeReadyBody {
    QString dispute;
    QString role;
    QJsonObject toJson() const;
    static Result<DisputeReadyBody> fromJson(const QJsonObject &body);
};

// receipt, coordinator -> node (push): a protocol::Receipt wire object.
struct ReceiptBody {
    QJsonObject receipt;
    QJsonObject toJson() const;
    static Result<ReceiptBody> fromJson(const QJsonObject &body);
};

// The `detail` of a dispute's settlement: the referee's ruling (all fields), or only winner and
// reason for a game abandoned before the referee ruled.
struct DisputeVerdict {
    struct Ruling {
        qint64 step = 0;
        qint64 node = 0;
        QString op;
        QString nodeName;
        qint64 stepRounds = 0;
        qint64 nodeRounds = 0;
        qint64 refereeOps = 0;
    };
    QString winner; // "a" | "b" | "none"
    QString reason;
    std::optional<Ruling> ruling;
    QString blamed; // the uploader of a checkpoint the solver resumed from; empty: not written
    static bool isVerdict(const QJsonObject &detail); // a dispute's detail, not an audit report
    QJsonObject toJson() const;
    static Result<DisputeVerdict> fromJson(const QJsonObject &detail);
};

// settled, coordinator -> both parties (push).
struct SettledBody {
    QString task;
    QString game;
    QString outcome; // verified | decided | failed
    QJsonObject detail; // an AuditReport or a DisputeVerdict
    QStringList receipts; // receipt ids
    QJsonObject toJson() const;
    // toJson without the detail's per-sample list (one entry per sampled step): for status lines.
    QJsonObject briefJson() const;
    static Result<SettledBody> fromJson(const QJsonObject &body);
};

} // namespace idleforge::protocol
