#pragma once
// The coordinator's dispute host: the pinpoint game after a failed audit, with the coordinator
// as referee (README.md, "After the commitment").
//   open           -> a `games` row (kind dispute, `replicating`), `dispute_open` to a and b
//   dispute_ready  -> both ready: the referee (verify::PinpointReferee on the repro kernels,
//                     in-process) starts and its questions go out as `verify` messages
//   deliver        -> a party's answer to the referee (VerifyRelay logged it first)
//   verdict        -> Settlement pays and slashes; a losing claim that came from a checkpoint
//                     the solver resumed from is blamed on that checkpoint's uploader
// A referee lost in a restart is rebuilt by replaying its logged inputs (it is deterministic);
// what it would have said but never sent goes out then. A party's node that registers again gets
// `dispute_open` again (resendTo), before the game's log, so a party lost in a node's restart is
// rebuilt. Time-outs: a silent open dispute is
// ruled by the referee; one whose party never gets ready is abandoned.
//
// Calls Settlement; is called by Coordinator (dispatch, sweep), AuditDesk (through the
// OpenDispute callback Coordinator wires to open()) and VerifyRelay (deliver, ensureReferee).
#include "devnet/CoordinatorContext.h"
#include "protocol/Envelope.h"

#include <map>
#include <memory>
#include <vector>

namespace idleforge::verify {
struct Message;
struct PinpointOutcome;
}

namespace idleforge::devnet {

class Settlement;

class DisputeHost {
public:
    DisputeHost(CoordinatorContext &ctx, Settlement &settlement);
    ~DisputeHost();

    // The dispute over an audit that failed: its row, after `dispute_open` went to both parties.
    Result<GameRow> open(const GameRow &failedAudit, const TaskRow &task);
    Result<QJsonObject> onDisputeReady(const protocol::Envelope &e); // reply body of `ack`
    // A message a party addressed to the referee, with its blob (64 hex or empty).
    Result<void> deliver(GameRow &dispute, const QJsonObject &message, const QString &blobHex);
    // The referee of an open dispute, rebuilt from the relay log if a restart lost it.
    // devnet.game_over: rebuilding it reached a verdict the restart had cut off (settled now).
    Result<void> ensureReferee(const GameRow &dispute);

    // `dispute_open` again to a reconnecting node for every replicating or open dispute it plays
    // (ready or not: a restart loses the node's party; it rebuilds it, or repeats dispute_ready).
    void resendTo(const QString &node);
    // An open dispute that timed out: the referee rules against whoever owes an answer.
    void onSilent(GameRow &dispute, qint64 nowMs);
    // Replicating disputes past replicateTimeoutMs: abandoned, the party never ready loses.
    void sweepReplicating(qint64 nowMs);

    // The provider whose uploaded checkpoint holds the claim (a's h_{t+1}) that lost, if the
    // solver resumed from it; empty otherwise.
    QString inheritedClaimOf(const TaskRow &task, const verify::PinpointOutcome &o) const;

private:
    struct Referee;
    QJsonObject openBody(const GameRow &g, const TaskRow &t, const QString &role) const;
    Result<void> startReferee(GameRow &g);
    Result<std::unique_ptr<Referee>> makeReferee(const GameRow &g) const;
    Result<Referee *> refereeOf(const GameRow &g);
    Result<verify::Message> loggedMessage(const RelayRow &row) const; // with its blob loaded
    void routeFromReferee(GameRow &g, const std::vector<verify::Message> &out);
    Result<void> settle(GameRow &g);
    // Who cheated if b won: the solver, or the uploader of the checkpoint whose claim lost (then
    // named in the verdict's `blamed`, and the game's outcome updated).
    Result<QString> blame(GameRow &g, const TaskRow &task, const verify::PinpointOutcome &o, protocol::DisputeVerdict &verdict);

    CoordinatorContext &m_ctx;
    Settlement &m_settlement;
    std::map<qint64, std::unique_ptr<Referee>> m_referees; // open disputes, by game id
};

} // namespace idleforge::devnet
