#pragma once
// The devnet's rules, independent of sockets: one verified request envelope in, one reply
// (type + body) out. Every reply body carries "re" = the request's nonce; refusals are `error`
// replies with a stable code, never exceptions. Time comes from the injected Clock, so tests
// drive lease expiry with a ManualClock.
//
// Coordinator itself is the dispatcher (handle() -> the room of the message type) and keeps
// the pool: registration, submission with pricing, leasing by capability, heartbeats, release
// and the expiry sweep. After the commitment the rooms do the work (README.md, "Rooms"):
//   AuditDesk    commit -> audit scheduled -> audit_assign -> audit_result -> settled
//   VerifyRelay  `verify` messages between the parties, and to the referee
//   DisputeHost  the pinpoint game after a failed audit, the coordinator refereeing
//   Settlement   signed receipts: rewards, fees, slashes, stake grants, reputation
// They share a CoordinatorContext owned here. Calls go one way: the relay calls the dispute
// host, the desk and the host call Settlement; the desk opens a dispute through a callback
// wired here (AuditDesk::OpenDispute -> DisputeHost::open).
#include "devnet/AuditDesk.h"
#include "devnet/CoordinatorContext.h"
#include "devnet/DisputeHost.h"
#include "devnet/Settlement.h"
#include "devnet/VerifyRelay.h"
#include "protocol/Envelope.h"

namespace idleforge::devnet {

class Coordinator {
public:
    using Options = CoordinatorOptions;
    using Push = CoordinatorPush;

    struct Reply {
        QString type;
        QJsonObject body;
    };

    Coordinator(DevnetStore &store, const crypto::PublicKey &coordinatorKey, Options options,
                const Clock &clock = Clock::instance(), const task::DatasetStore *blobs = nullptr);
    ~Coordinator();

    Reply handle(const protocol::Envelope &request);
    // Receipts are signed with this key (the pair of coordinatorKey). Without it the coordinator
    // cannot settle (tasks stay committed). Must outlive this object.
    void setSigningKey(const crypto::Ed25519KeyPair *key) { m_ctx.signingKey = key; }
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
    // What `status` answers: the store's counts, the time and the coordinator's key.
    Result<protocol::StatusReplyBody> status() const;
    // Expires overdue leases (their tasks return to the pool) and pooled tasks past their
    // expiry, times out silent games, and runs the housekeeper. Called by the server's timer.
    Result<QList<LeaseRow>> sweep();

    const Options &options() const { return m_options; }
    DevnetStore &store() { return m_ctx.store; }

private:
    Result<Reply> dispatch(const protocol::Envelope &e);
    Result<QJsonObject> onRegister(const protocol::Envelope &e);
    Result<Reply> onLeaseRequest(const protocol::Envelope &e);
    Result<QJsonObject> onHeartbeat(const protocol::Envelope &e);
    Result<QJsonObject> onRelease(const protocol::Envelope &e);
    Result<QJsonObject> onSubmit(const protocol::Envelope &e);
    Result<QJsonObject> onStatus(const protocol::Envelope &e);
    Result<ProviderRow> registeredProvider(const protocol::Envelope &e);
    QJsonObject leaseBody(const DevnetStore::Granted &g, const ProviderRow &provider) const;
    // Receipts and open verification work a node may have missed while away.
    void resendTo(const QString &node);
    void sweepGames(qint64 now);
    void expirePooledTasks();

    const Options m_options;
    CoordinatorContext m_ctx;
    Settlement m_settlement{m_ctx};
    DisputeHost m_disputes{m_ctx, m_settlement};
    AuditDesk m_audits;
    VerifyRelay m_relay{m_ctx, m_disputes};
    qint64 m_lastGameSweepMs = 0;
    Housekeeper m_housekeeper;
};

} // namespace idleforge::devnet
