#pragma once
// The field names of protocol version 1's message bodies, each written once, and the reader
// that MessageBodies.cpp and GameBodies.cpp validate bodies with. Internal to the two: other
// code reads and writes bodies through the typed structs of MessageBodies.h and GameBodies.h.
//
// A reader keeps the first refusal ("protocol.bad_body", naming the message and the field,
// nested fields as "checkpoint.step", list entries as "samples[3].ok") and returns harmless
// defaults after it, so a fromJson reads every field straight through and finishes once.
#include "base/Error.h"
#include "protocol/CanonicalJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

namespace idleforge::protocol::field {

// Session, leases, submissions, status.
inline constexpr QLatin1String kCoordinator{"coordinator"}, kProtocol{"protocol"}, kServerTs{"server_ts"},
    kLeaseMs{"lease_ms"}, kHeartbeatMs{"heartbeat_ms"}, kBlobs{"blobs"}, kPayout{"payout"}, kCapability{"capability"},
    kNode{"node"}, kReputation{"reputation"}, kLease{"lease"}, kTask{"task"}, kSpec{"spec"}, kSpecHash{"spec_hash"},
    kReward{"reward"}, kExpiresTs{"expires_ts"}, kAttempt{"attempt"}, kResume{"resume"}, kStep{"step"}, kHash{"hash"},
    kRetryMs{"retry_ms"}, kCheckpoint{"checkpoint"}, kFunds{"funds"}, kMinimumReward{"minimum_reward"},
    kPeakBytes{"peak_bytes"}, kTotalGflops{"total_gflops"}, kProviders{"providers"}, kTasks{"tasks"}, kGames{"games"},
    kBalances{"balances"}, kBalance{"balance"}, kStake{"stake"}, kReceipts{"receipts"}, kLeasesActive{"leases_active"},
    kLeasesExpired{"leases_expired"}, kRefusedMessages{"refused_messages"}, kCode{"code"}, kMessage{"message"}, kRe{"re"};
// A task's life: commitments, audits, disputes, settlement.
inline constexpr QLatin1String kRunRoot{"run_root"}, kFinalHash{"final_hash"}, kSteps{"steps"},
    kCheckpointEvery{"checkpoint_every"}, kLosses{"losses"}, kGame{"game"}, kSolver{"solver"}, kSeed{"seed"},
    kSamples{"samples"}, kMsg{"msg"}, kBlob{"blob"}, kDuplicate{"duplicate"}, kOk{"ok"}, kFailure{"failure"},
    kState{"state"}, kDispute{"dispute"}, kRole{"role"}, kAudit{"audit"}, kReceipt{"receipt"}, kOutcome{"outcome"},
    kDetail{"detail"}, kWinner{"winner"}, kReason{"reason"}, kOp{"op"}, kNodeName{"node_name"},
    kStepRounds{"step_rounds"}, kNodeRounds{"node_rounds"}, kRefereeOps{"referee_ops"}, kBlamed{"blamed"};

class Reader {
public:
    // `what` names the body in errors: the message type ("heartbeat").
    Reader(const QJsonObject &body, const QString &what);
    // A nested object (`key` of the parent), refusals named "key.field".
    Reader nested(QLatin1String key);
    // An object inside a field (a list entry, a map value), refusals named "<label>.field":
    // "samples[3]", "balances.<node>".
    Reader within(const QJsonObject &object, const QString &label);

    bool has(QLatin1String key) const { return m_body.contains(key); }
    QString string(QLatin1String key);
    QString oneOf(QLatin1String key, const QStringList &allowed);
    QString wireId(QLatin1String key, QChar prefix); // "<prefix><n>", n >= 1 in plain decimal
    QString hex64(QLatin1String key);                // a BLAKE2b-256 hash, 64 hex
    QString nodeKey(QLatin1String key);              // a base58 Ed25519 public key
    QString jsonText(QLatin1String key);             // a string holding a JSON object
    qint64 integer(QLatin1String key, qint64 min = 0, qint64 max = kMaxSafeInteger);
    bool boolean(QLatin1String key);
    QJsonObject object(QLatin1String key);
    QJsonArray array(QLatin1String key, qsizetype maxCount);
    QStringList strings(QLatin1String key, qsizetype maxCount);
    // {name: integer >= 0}: a count per state, kind, ...
    std::map<QString, qint64> counts(QLatin1String key, qsizetype maxCount = 10'000);

    bool ok() const { return !m_error->has_value(); }
    template <class T>
    Result<T> finish(T value) const
    {
        if (*m_error)
            return **m_error;
        return value;
    }

private:
    Reader(const QJsonObject &body, QString what, QString path, std::shared_ptr<std::optional<Error>> error);
    QJsonValue need(QLatin1String key, bool (QJsonValue::*is)() const, const char *kind);
    void refuse(QLatin1String key, const QString &why);

    QJsonObject m_body;
    QString m_what;
    QString m_path; // "" or "checkpoint." / "samples[3]."
    std::shared_ptr<std::optional<Error>> m_error;
};

// The JSON object of a counts map (Reader::counts).
QJsonObject countsJson(const std::map<QString, qint64> &counts);

} // namespace idleforge::protocol::field
