#pragma once
// The coordinator's audit desk: from a solver's commitment to a settled audit.
//   commit        -> commitment stored (lease completed, task committed), audit scheduled
//   schedule      -> a `games` row (kind audit): seed drawn after the commitment, m samples
//                    from the solver's reputation, a random other online provider as verifier
//                    (`waiting` until there is one), `audit_assign` pushed to it
//   audit_result  -> ok: paid through Settlement, task verified; not ok: a dispute
// A silent audit goes to another verifier (onSilent, from Coordinator's sweep).
//
// The knot with the dispute host is cut by a callback: a failed audit calls `OpenDispute`
// (Coordinator wires it to DisputeHost::open); the desk knows no dispute host, and the host
// knows no desk.
#include "devnet/CoordinatorContext.h"
#include "protocol/Envelope.h"

#include <functional>

namespace idleforge::devnet {

class Settlement;

class AuditDesk {
public:
    // Opens the dispute over an audit that failed; the new dispute's row.
    using OpenDispute = std::function<Result<GameRow>(const GameRow &failedAudit, const TaskRow &task)>;

    AuditDesk(CoordinatorContext &ctx, Settlement &settlement, OpenDispute openDispute)
        : m_ctx(ctx), m_settlement(settlement), m_openDispute(std::move(openDispute))
    {
    }

    Result<QJsonObject> onCommit(const protocol::Envelope &e);      // reply body of `ack`
    Result<QJsonObject> onAuditResult(const protocol::Envelope &e); // reply body of `ack`
    // A new audit of the committed task (`replaces`: the audit it takes over from).
    Result<void> schedule(const TaskRow &task, const CommitmentRow &c, std::optional<qint64> replaces = {});

    // `audit_assign` again for the open audits `node` verifies (it registered again).
    void resendTo(const QString &node);
    // Audits waiting for a verifier get one as soon as another provider is online.
    void assignWaiting(qint64 nowMs);
    // An open audit that timed out: abandoned, and a new one goes to another verifier (the
    // solver is not blamed for a verifier that vanished).
    void onSilent(GameRow &audit, qint64 nowMs);

    // The samples an audit of a solver with this reputation draws from a run of `steps`: m from
    // the target detection rate, halved per 10 clean audits, never below the floor.
    static qint64 samplesFor(const CoordinatorOptions &o, qint64 reputation, qint64 steps);
    // A random online, registered provider other than `solver`; empty if none.
    QString pickVerifier(const QString &solver) const;

private:
    Result<CommitmentRow> commitmentFrom(const protocol::Envelope &e) const; // lease, run, steps of a `commit`
    Result<void> checkSteps(const CommitmentRow &c) const;
    QJsonObject assignBody(const GameRow &g, const TaskRow &t, const CommitmentRow &c) const;
    Result<void> settle(GameRow &audit, const protocol::AuditReport &report);
    Result<void> fail(GameRow &audit, const TaskRow &task, const protocol::AuditReport &report);

    CoordinatorContext &m_ctx;
    Settlement &m_settlement;
    OpenDispute m_openDispute;
};

} // namespace idleforge::devnet
