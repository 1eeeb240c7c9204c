#pragma once
// The devnet's rules, independent of sockets: one verified request envelope in, one reply
// (type + body) out. Registration, submission with pricing, leasing by capability, heartbeats,
// release and the expiry sweep. Every reply body carries "re" = the request's nonce; refusals
// are `error` replies with a stable code, never exceptions.
//
// Time comes from the injected Clock, so tests drive lease expiry with a ManualClock.
#include "base/Clock.h"
#include "devnet/DevnetStore.h"
#include "devnet/Housekeeper.h"
#include "protocol/Envelope.h"
#include "task/TaskSpec.h"

#include <QSet>
#include <QUrl>

#include <map>
#include <memory>

namespace idleforge::task {
class DatasetStore;
}
namespace idleforge::verify {
struct Message;
struct PinpointOutcome;
}

namespace idleforge::devnet {

class Coordinator {
public:
    struct Options {
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
    struct Push {
        QString node;
        QString type;
        QJsonObject body;
    };

    struct Reply {
        QString type;
        QJsonObject body;
    };

    Coordinator(DevnetStore &store, const crypto::PublicKey &coordinatorKey, Options options,
                const Clock &clock = Clock::instance(), const task::DatasetStore *blobs = nullptr);

    Reply handle(const protocol::Envelope &request);
    // Receipts are signed with this key (the pair of coordinatorKey). Without it the coordinator
    // cannot settle (tasks stay committed). Must outlive this object.
    void setSigningKey(const crypto::Ed25519KeyPair *key) { m_signingKey = key; }
    // The server tells which nodes have a live connection (verifiers are chosen among them).
    void setOnline(const QString &node, bool online);
    // Messages to push since the last call, in order.
    QList<Push> takePushes();
    // A task from the coordinator's own submitter (the devnet's demo), priced and checked as
    // `submit` is. `submitter` is a name for the log and the tasks table.
    Result<TaskRow> submitTask(const QJsonObject &spec, qint64 reward, const QString &submitter);
    // Credits a submitter (a devnet faucet: `--fund`, the demo submitter), once per note.
    Result<void> fund(const QString &submitter, qint64 amount, const QString &note);
    // The body of the `hello` sent on every new connection.
    QJsonObject helloBody() const;
    // Expires overdue leases (their tasks return to the pool) and pooled tasks past their
    // expiry, times out silent games, and runs the housekeeper. Called by the server's timer.
    Result<QList<LeaseRow>> sweep();

    const Options &options() const { return m_options; }
    DevnetStore &store() { return m_store; }

private:
    Result<QJsonObject> onRegister(const protocol::Envelope &e);
    Result<Reply> onLeaseRequest(const protocol::Envelope &e);
    Result<QJsonObject> onHeartbeat(const protocol::Envelope &e);
    Result<QJsonObject> onRelease(const protocol::Envelope &e);
    Result<QJsonObject> onSubmit(const protocol::Envelope &e);
    Result<QJsonObject> onStatus(const protocol::Envelope &e);
    Result<ProviderRow> registeredProvider(const protocol::Envelope &e);
    Result<void> grantStake(const QString &node);
    Result<QJsonObject> onCommit(const protocol::Envelope &e);
    Result<QJsonObject> onVerify(const protocol::Envelope &e);
    Result<QJsonObject> onAuditResult(const protocol::Envelope &e);
    Result<QJsonObject> onDisputeReady(const protocol::Envelope &e);
    void resendTo(const QString &node);
    void push(const QString &node, const QString &type, const QJsonObject &body);
    Result<void> scheduleAudit(const TaskRow &task, const CommitmentRow &c, std::optional<qint64> replaces = {});
    QString pickVerifier(const QString &solver) const;
    QJsonObject auditAssignBody(const GameRow &g, const TaskRow &t, const CommitmentRow &c) const;
    QJsonObject disputeOpenBody(const GameRow &g, const TaskRow &t, const QString &role) const;
    // Game g<id> (of `kind`, "audit" or "dispute"; nullptr: either), else devnet.no_game.
    Result<GameRow> gameOfKind(qint64 id, const char *kind) const;
    Result<TaskRow> taskOfGame(const GameRow &g) const; // else devnet.no_task
    struct Referee;
    Result<void> startReferee(GameRow &g);
    Result<std::unique_ptr<Referee>> makeReferee(const GameRow &g) const;
    // The running referee of an open dispute, rebuilt from the relay log after a restart.
    Result<Referee *> refereeOf(const GameRow &g);
    Result<verify::Message> loggedMessage(const RelayRow &row) const; // with its blob loaded
    QJsonObject relayBody(const GameRow &g, const QJsonObject &message, const QString &blob) const;
    void routeFromReferee(GameRow &g, const std::vector<verify::Message> &out);
    Result<void> deliverToReferee(GameRow &g, const QJsonObject &message, const QString &blobHex);
    Result<void> settleAudit(GameRow &g, bool passed, const QJsonObject &report);
    Result<void> settleDispute(GameRow &g);
    // The provider whose uploaded checkpoint holds the claim (a's h_{t+1}) that lost, if the
    // solver resumed from it; empty otherwise.
    QString inheritedClaimOf(const TaskRow &task, const verify::PinpointOutcome &o) const;
    Result<QString> pay(const QString &kind, qint64 amount, const QString &job, const QString &node, qint64 taskId);
    void settled(const GameRow &g, const QString &outcome, const QStringList &receipts);
    void sweepGames(qint64 now);

    DevnetStore &m_store;
    crypto::PublicKey m_key;
    Options m_options;
    const Clock &m_clock;
    const task::DatasetStore *m_blobs;
    const crypto::Ed25519KeyPair *m_signingKey = nullptr;
    QSet<QString> m_online;
    QList<Push> m_pushes;
    std::map<qint64, std::unique_ptr<Referee>> m_referees; // open disputes, by game id
    qint64 m_lastGameSweepMs = 0;
    Housekeeper m_housekeeper;

public:
    ~Coordinator();
};

} // namespace idleforge::devnet
