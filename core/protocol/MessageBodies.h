#pragma once
// Typed bodies of the protocol's session messages (README.md, "Messages"): hello,
// registration, leases and heartbeats, submissions, status and errors. GameBodies.h has the
// rest of a task's life (commitments, audits, disputes, settlement).
//
// One struct per body, both directions: what a node sends and what the coordinator answers or
// pushes. toJson writes exactly today's wire form (optional fields only when set); fromJson
// checks presence, types and ranges (exact integers, ids "l<n>", 64-hex hashes, base58 keys)
// and refuses with "protocol.bad_body" naming the message and the field. Unknown fields, `re`
// included, are ignored: Channel matches replies by `re`, and the coordinator adds it to every
// reply. Field names are written once, in BodyFields.h.
#include "base/Error.h"

#include <QJsonObject>
#include <QString>

#include <map>
#include <optional>

namespace idleforge::protocol {

// hello, coordinator -> anyone on connect.
struct HelloBody {
    QString coordinator; // base58 key
    qint64 protocol = 0;
    qint64 serverTs = 0;
    qint64 leaseMs = 0;
    qint64 heartbeatMs = 0;
    QString blobs; // base URL of the blob server
    QJsonObject toJson() const;
    static Result<HelloBody> fromJson(const QJsonObject &body);
};

// register, node -> coordinator. The capability record travels as its signed JSON; the
// coordinator checks it with CapabilityRecord::fromJson.
struct RegisterBody {
    QString payout;
    QJsonObject capability;
    QJsonObject toJson() const;
    static Result<RegisterBody> fromJson(const QJsonObject &body);
};

struct RegisteredBody {
    QString node;
    qint64 reputation = 0; // may be negative
    qint64 leaseMs = 0;
    qint64 heartbeatMs = 0;
    QJsonObject toJson() const;
    static Result<RegisteredBody> fromJson(const QJsonObject &body);
};

// Bodies without fields: lease_request, status, and the ack of lease_release.
struct EmptyBody {
    QJsonObject toJson() const { return {}; }
    static Result<EmptyBody> fromJson(const QJsonObject &) { return EmptyBody{}; }
};
using LeaseRequestBody = EmptyBody;
using StatusBody = EmptyBody;
using LeaseReleaseAckBody = EmptyBody;

// A checkpoint by blob hash: `resume` of a lease, `checkpoint` of a heartbeat.
struct CheckpointRef {
    qint64 step = 0;
    QString hash; // 64 hex
};

// lease, the answer to lease_request when a task fits.
struct LeaseBody {
    QString lease;    // "l<n>"
    QString task;     // "t<n>"
    QString specText; // the task spec as JSON text (it holds fractions)
    QString specHash;
    qint64 reward = 0;
    qint64 expiresTs = 0;
    qint64 leaseMs = 0;
    qint64 heartbeatMs = 0;
    QString blobs;
    qint64 attempt = 0;
    std::optional<CheckpointRef> resume;
    // The samples an audit of this provider's run would draw now (its reputation): what the
    // solver sizes its extra checkpoints for. A hint only, never a promise; 0: not said.
    qint64 auditSamples = 0;
    QJsonObject spec() const; // specText parsed (fromJson checked it is an object)
    QJsonObject toJson() const;
    static Result<LeaseBody> fromJson(const QJsonObject &body);
};

// no_task, the other answer to lease_request.
struct NoTaskBody {
    qint64 retryMs = 0;
    QJsonObject toJson() const;
    static Result<NoTaskBody> fromJson(const QJsonObject &body);
};

struct HeartbeatBody {
    QString lease;
    qint64 step = 0;
    std::optional<CheckpointRef> checkpoint; // uploaded as a blob first
    QJsonObject toJson() const;
    static Result<HeartbeatBody> fromJson(const QJsonObject &body);
};

struct HeartbeatAckBody {
    QString lease;
    qint64 expiresTs = 0;
    QJsonObject toJson() const;
    static Result<HeartbeatAckBody> fromJson(const QJsonObject &body);
};

struct LeaseReleaseBody {
    QString lease;
    QJsonObject toJson() const;
    static Result<LeaseReleaseBody> fromJson(const QJsonObject &body);
};

// submit, submitter -> coordinator. The coordinator checks the reward against its own maximum
// (devnet.reward_out_of_range) and the spec itself.
struct SubmitBody {
    QString specText;
    qint64 reward = 0;
    QJsonObject spec() const;
    QJsonObject toJson() const;
    static Result<SubmitBody> fromJson(const QJsonObject &body);
};

struct SubmittedBody {
    QString task;
    QString specHash;
    qint64 reward = 0;
    qint64 funds = 0; // the submitter's balance left
    qint64 minimumReward = 0;
    qint64 peakBytes = 0;
    QString totalGflops; // a decimal fraction, as text
    QJsonObject toJson() const;
    static Result<SubmittedBody> fromJson(const QJsonObject &body);
};

struct StatusReplyBody {
    struct Balance {
        qint64 balance = 0; // may be negative (a slash)
        qint64 stake = 0;
        qint64 receipts = 0;
    };
    qint64 providers = 0;
    std::map<QString, qint64> tasks; // by state
    std::map<QString, qint64> games; // by "<kind>_<state>"
    std::map<QString, Balance> balances; // by node
    qint64 leasesActive = 0;
    qint64 leasesExpired = 0;
    qint64 refusedMessages = 0;
    qint64 serverTs = 0;
    QString coordinator;
    QJsonObject toJson() const;
    static Result<StatusReplyBody> fromJson(const QJsonObject &body);
};

// error, either way. `re` names the refused nonce when the message could be parsed.
struct ErrorBody {
    QString code;
    QString message; // cut to 2000 characters when written
    QString re;
    static ErrorBody of(const Error &error, const QString &re = QString());
    Error toError() const { return Error{code, message}; }
    QJsonObject toJson() const;
    static Result<ErrorBody> fromJson(const QJsonObject &body);
};

} // namespace idleforge::protocol
