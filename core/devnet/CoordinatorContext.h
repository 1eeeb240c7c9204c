#pragma once
// What the coordinator's rooms share (core/devnet/README.md, "Rooms"), owned by Coordinator,
// which outlives them: the store, the clock, the options, the coordinator's key and signing
// key, the blob store, the set of connected nodes and the queue of pushes. Rooms reach each
// other only as Coordinator wires them, never through this.
#include "base/Clock.h"
#include "devnet/DevnetStore.h"
#include "devnet/Housekeeper.h"
#include "crypto/Blake2b.h"
#include "crypto/Ed25519.h"
#include "protocol/Envelope.h"
#include "protocol/GameBodies.h"
#include "protocol/MessageBodies.h"
#include "task/TaskSpec.h"

#include <QJsonDocument>
#include <QSet>
#include <QUrl>

namespace idleforge::task {
class DatasetStore;
}

namespace idleforge::devnet {

struct CoordinatorOptions {
    qint64 leaseMs = 60'000;     // a lease lives this long past its last heartbeat
    qint64 heartbeatMs = 15'000; // what nodes are told to use (well below leaseMs)
    qint64 noTaskRetryMs = 5'000;
    QUrl blobBase;               // http://host:port/ for blobs
    task::ValidationLimits limits; // what a submitted spec may ask for at most
    double auditTarget = 0.99;     // P: probability of catching a run with fakedFraction faked steps
    double fakedFraction = 0.10;
    qint64 gameTimeoutMs = 120'000; // an audit or dispute with no message for this long times out
    qint64 replicateTimeoutMs = 600'000; // a dispute's verifier re-runs the task within this
    // Stakes. 0: none (no stake is asked for, and a lost dispute slashes nothing). Otherwise
    // a provider's first registration grants it this much, staked (a devnet faucet: a real
    // network would take the stake from the provider's wallet); a lease goes only to a
    // provider whose stake covers the task's reward, which is what a cheat is slashed.
    qint64 stakeGrant = 0;
    // Submitters' money (micro-credits). A submit escrows its reward from the submitter's
    // funds (devnet.insufficient_funds when short); a submitter key is granted
    // `submitterGrant` once, on its first submit (a devnet faucet, 0: none; fund() adds more).
    qint64 submitterGrant = 1'000'000;
    qint64 maxReward = 1'000'000'000'000; // 10^6 credits: a reward above is devnet.reward_out_of_range
    // A task still pooled this long after its submission is cancelled and its escrow
    // refunded (one no provider's stake or memory covers would stay for good). 0: never.
    qint64 taskExpiryMs = 86'400'000;
    Housekeeper::Options housekeeping; // blob collection and table bounds, run from sweep()
};

// A message the coordinator sends on its own (not a reply): to a connected node, by id.
struct CoordinatorPush {
    QString node;
    QString type;
    QJsonObject body;
};

struct CoordinatorContext {
    DevnetStore &store;
    const CoordinatorOptions &options;
    const Clock &clock;
    crypto::PublicKey key;
    const task::DatasetStore *blobs = nullptr;
    const crypto::Ed25519KeyPair *signingKey = nullptr; // none: nothing is settled
    QSet<QString> online;          // nodes with a live connection (verifiers are chosen among them)
    QList<CoordinatorPush> pushes; // to send, in order (Coordinator::takePushes)

    qint64 now() const { return clock.msecsSinceEpoch(); }
    GameStore &games() { return store.games(); }
    void push(const QString &node, const QString &type, const QJsonObject &body) { pushes.append({node, type, body}); }
    // The task a game is about, else devnet.no_task.
    Result<TaskRow> taskOf(const GameRow &g) const
    {
        auto t = store.task(g.taskId);
        if (!t)
            return t.error();
        if (!*t)
            return makeError("devnet.no_task", QStringLiteral("t%1 is gone").arg(g.taskId));
        return std::move(*t).value();
    }
};

// The node that speaks for `role` in a game: solver/verifier in an audit, a/b in a dispute.
inline QString nodeForRole(const GameRow &g, const QString &role)
{
    const bool audit = g.kind == QLatin1String("audit");
    if (role == QLatin1String(audit ? "solver" : "a"))
        return g.solver;
    if (role == QLatin1String(audit ? "verifier" : "b"))
        return g.verifier;
    return {};
}

// The body of a `verify` push: a relayed message of a game (VerifyRelay) or one of the
// referee's (DisputeHost), with its blob (64 hex) if it has one.
inline QJsonObject verifyPushBody(const GameRow &g, const QJsonObject &message, const QString &blob)
{
    return protocol::VerifyBody{g.wireId(), QStringLiteral("t%1").arg(g.taskId), message, blob}.toJson();
}

// A task's spec as the JSON text bodies carry (`lease`, `audit_assign`, `dispute_open`): it
// holds fractions, which canonical JSON does not carry as numbers.
inline QString specText(const TaskRow &t)
{
    return QString::fromUtf8(QJsonDocument(t.spec).toJson(QJsonDocument::Compact));
}

// The numeric id of a wire id a typed body has already checked ("l7" -> 7).
inline qint64 idOf(const QString &wireId, QChar prefix)
{
    return parseWireId(wireId, prefix).value_or(0);
}

inline Error badRequest(const QString &why)
{
    return makeError("devnet.bad_request", why);
}

// A request's body read through its typed struct (protocol/MessageBodies.h, GameBodies.h). A
// refusal is the coordinator's devnet.bad_request, with the reader's message, which names the
// message and the field.
template <class Body>
Result<Body> readBody(const protocol::Envelope &e)
{
    auto body = Body::fromJson(e.body);
    if (!body)
        return badRequest(body.error().message);
    return body;
}

} // namespace idleforge::devnet
