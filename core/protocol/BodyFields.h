#pragma once
// The field names of the protocol's message bodies, each written once, and the reader
// and writer that MessageBodies.cpp and GameBodies.cpp read and write bodies with. Internal to
// the two: other code reads and writes bodies through the typed structs of MessageBodies.h and
// GameBodies.h.
//
// Each body lists its fields once, in a `fields(visitor, body)` overload that both a Writer
// (toJson) and a Reader (fromJson) walk: `v.field(kLease, b.lease, wireId('l'))`. The Check
// says how a field is validated when read (a hash, an id, a range, a list's size) and whether
// it may be left out.
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
#include <concepts>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

namespace idleforge::protocol::field {

// Session, leases, submissions, status.
inline constexpr QLatin1String kCoordinator{"coordinator"}, kProtocol{"protocol"}, kServerTs{"server_ts"},
    kLeaseMs{"lease_ms"}, kHeartbeatMs{"heartbeat_ms"}, kBlobs{"blobs"}, kPayout{"payout"}, kCapability{"capability"},
    kNode{"node"}, kReputation{"reputation"}, kLease{"lease"}, kTask{"task"}, kSpec{"spec"}, kSpecHash{"spec_hash"},
    kReward{"reward"}, kExpiresTs{"expires_ts"}, kAttempt{"attempt"}, kResume{"resume"}, kAuditSamples{"audit_samples"}, kStep{"step"}, kHash{"hash"},
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

// How a field is checked when read; plain fields by their C++ type (a string, an integer >= 0,
// true/false, an object, a list of strings, a nested body).
struct Check {
    enum class Kind { Plain, WireId, Hex64, NodeKey, JsonText, OneOf };
    enum class Presence {
        Required,
        Optional,    // written only when set (not empty, true), read only when present
        MayBeAbsent, // always written, read only when present (older writers left it out)
    };
    Kind kind = Kind::Plain;
    char16_t prefix = 0;                  // WireId
    qint64 min = 0;                       // integers
    qint64 max = kMaxSafeInteger;         // integers; lists: the most entries
    const QStringList *allowed = nullptr; // OneOf
    Presence presence = Presence::Required;

    constexpr Check optional() const { return with(Presence::Optional); }
    constexpr Check mayBeAbsent() const { return with(Presence::MayBeAbsent); }

private:
    constexpr Check with(Presence p) const
    {
        Check c = *this;
        c.presence = p;
        return c;
    }
};
inline constexpr Check plain{};
inline constexpr Check hex64{Check::Kind::Hex64};     // a BLAKE2b-256 hash, 64 hex
inline constexpr Check nodeKey{Check::Kind::NodeKey}; // a base58 Ed25519 public key
inline constexpr Check jsonText{Check::Kind::JsonText}; // a string holding a JSON object
constexpr Check wireId(char16_t prefix) { return Check{Check::Kind::WireId, prefix}; } // "<prefix><n>"
constexpr Check atLeast(qint64 min) { return Check{.min = min}; }
constexpr Check atMost(qint64 entries) { return Check{.max = entries}; }
inline Check oneOf(const QStringList &allowed) { return Check{.kind = Check::Kind::OneOf, .allowed = &allowed}; }

// `B` is the body type T, const or not: fields(v, b) overloads take `Like<T> auto &b`, so one
// list serves the Writer (const) and the Reader.
// A std::optional field is optional by its type: written when set, read when present.
template <class T>
inline constexpr bool kIsOptional = false;
template <class U>
inline constexpr bool kIsOptional<std::optional<U>> = true;

template <class B, class T>
concept Like = std::same_as<std::remove_const_t<B>, T>;

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

    // The visitor's side: reads `key` into `out` as the Check says (nested bodies by their own
    // fields(); lists and maps of them by entry).
    template <class T>
    Reader &field(QLatin1String key, T &out, const Check &check = plain)
    {
        if ((check.presence != Check::Presence::Required || kIsOptional<T>) && !has(key))
            return *this;
        read(key, out, check);
        return *this;
    }
    // A part written into the same object (not nested), there when `marker` is.
    template <class U>
    Reader &flattened(QLatin1String marker, std::optional<U> &part)
    {
        if (has(marker)) {
            U u;
            fields(*this, u);
            part = std::move(u);
        }
        return *this;
    }

    bool ok() const { return !m_error->has_value(); }
    template <class T>
    Result<T> finish(T value) const
    {
        if (*m_error)
            return **m_error;
        return value;
    }

private:
    void read(QLatin1String key, QString &out, const Check &check);
    void read(QLatin1String key, qint64 &out, const Check &check) { out = integer(key, check.min, check.max); }
    void read(QLatin1String key, bool &out, const Check &) { out = boolean(key); }
    void read(QLatin1String key, QJsonObject &out, const Check &) { out = object(key); }
    void read(QLatin1String key, QStringList &out, const Check &check) { out = strings(key, check.max); }
    void read(QLatin1String key, std::map<QString, qint64> &out, const Check &) { out = counts(key); }
    template <class U>
    void read(QLatin1String key, std::optional<U> &out, const Check &)
    {
        Reader n = nested(key);
        U u;
        fields(n, u);
        out = std::move(u);
    }
    template <class U>
    void read(QLatin1String key, std::vector<U> &out, const Check &check)
    {
        const QJsonArray a = array(key, check.max);
        for (qsizetype i = 0; i < a.size() && ok(); ++i) {
            Reader e = within(a.at(i).toObject(), QStringLiteral("%1[%2]").arg(key).arg(i));
            fields(e, out.emplace_back());
        }
    }
    template <class U>
    void read(QLatin1String key, std::map<QString, U> &out, const Check &)
    {
        const QJsonObject o = object(key);
        for (auto it = o.begin(); it != o.end() && ok(); ++it) {
            Reader e = within(it.value().toObject(), QString(key + QLatin1Char('.') + it.key()));
            fields(e, out[it.key()]);
        }
    }

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

// The visitor that writes a body: each field as its JSON value; an optional one only when set.
class Writer {
public:
    template <class T>
    Writer &field(QLatin1String key, const T &value, const Check &check = plain)
    {
        if ((check.presence == Check::Presence::Optional || kIsOptional<T>) && !isSet(value))
            return *this;
        m_object.insert(key, toValue(value));
        return *this;
    }
    template <class U>
    Writer &flattened(QLatin1String, const std::optional<U> &part)
    {
        if (part)
            fields(*this, *part);
        return *this;
    }
    QJsonObject object() const { return m_object; }

private:
    // Set: true, not zero, present, not empty.
    template <class T>
    static bool isSet(const T &v)
    {
        if constexpr (std::is_arithmetic_v<T>)
            return v != T{};
        else if constexpr (kIsOptional<T>)
            return v.has_value();
        else if constexpr (requires { v.isEmpty(); })
            return !v.isEmpty();
        else
            return !v.empty();
    }

    static QJsonValue toValue(const QString &s) { return s; }
    static QJsonValue toValue(qint64 n) { return n; }
    static QJsonValue toValue(bool b) { return b; }
    static QJsonValue toValue(const QJsonObject &o) { return o; }
    static QJsonValue toValue(const QStringList &l) { return QJsonArray::fromStringList(l); }
    static QJsonValue toValue(const std::map<QString, qint64> &counts) { return countsJson(counts); }
    template <class U>
    static QJsonValue toValue(const U &part)
    {
        Writer w;
        fields(w, part);
        return w.m_object;
    }
    template <class U>
    static QJsonValue toValue(const std::optional<U> &part) { return toValue(*part); }
    template <class U>
    static QJsonValue toValue(const std::vector<U> &list)
    {
        QJsonArray a;
        for (const U &entry : list)
            a.append(toValue(entry));
        return a;
    }
    template <class U>
    static QJsonValue toValue(const std::map<QString, U> &byName)
    {
        QJsonObject o;
        for (const auto &[name, entry] : byName)
            o.insert(name, toValue(entry));
        return o;
    }

    QJsonObject m_object;
};

// toJson and fromJson of a body with a fields(v, b) overload; `what` names it in refusals.
template <class T>
QJsonObject writeBody(const T &body)
{
    Writer w;
    fields(w, body);
    return w.object();
}
template <class T>
Result<T> readBody(const QJsonObject &body, const QString &what)
{
    Reader r(body, what);
    T b;
    fields(r, b);
    return r.finish(std::move(b));
}

} // namespace idleforge::protocol::field

// Defines Body::toJson and Body::fromJson by the body's fields(v, b); `what` names it in
// refusals (the message type, e.g. msg::kHello).
#define IDLEFORGE_BODY_JSON(Body, what)                                                                \
    QJsonObject Body::toJson() const { return ::idleforge::protocol::field::writeBody(*this); }        \
    Result<Body> Body::fromJson(const QJsonObject &body)                                                \
    {                                                                                                   \
        return ::idleforge::protocol::field::readBody<Body>(body, what);                               \
    }
