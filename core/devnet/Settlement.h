#pragma once
// The coordinator's money room: every movement is a receipt signed with the coordinator's key
// (ReceiptIssuer), stored (ReceiptStore) and pushed to its node as `receipt`; a node that
// registers again gets all of its receipts again (its ledger is idempotent by id). Here are
// the rules of who is paid what once a game is over (README.md, "After the commitment"):
// reward and fee for a passed audit, reward, fee and slash for a decided dispute, the
// reputation that follows, and the stake granted on a provider's first registration.
//
// Called by AuditDesk and DisputeHost (it calls no room back); `settled` announces the end of a
// game to both parties.
#include "devnet/CoordinatorContext.h"

#include <QStringList>

namespace idleforge::devnet {

class Settlement {
public:
    explicit Settlement(CoordinatorContext &ctx) : m_ctx(ctx) {}

    // A receipt of `kind` for `amount` to `node` (job: "t<n>", "t<n>/g<m>" or a grant's name),
    // stored and pushed; its id. devnet.no_key without a signing key.
    Result<QString> pay(const QString &kind, qint64 amount, const QString &job, const QString &node, qint64 taskId);
    // Once per provider, with Options::stakeGrant > 0 and a signing key: a `reward` then a
    // `stake` receipt of stakeGrant (the faucet's credit, moved into the stake).
    Result<void> grantStake(const QString &node);

    // A passed audit: the task's reward to the solver, the fee to the verifier (job
    // "t<n>/g<audit>"), solver reputation +1. Returns the receipt ids.
    Result<QStringList> payAudit(const GameRow &audit, const TaskRow &task);
    // A decided dispute. winner "b" (the verifier was right): `cheater` (the solver, or the
    // uploader of the checkpoint whose claim lost) is slashed and loses 10 reputation, the
    // verifier gets the reward and the fee. "a" (a false accusation): the solver gets the
    // reward, the verifier is slashed and loses 10. "none": nobody is paid.
    Result<QStringList> payVerdict(const GameRow &dispute, const TaskRow &task, const QString &winner, const QString &cheater);
    // `settled` {task, game, outcome, detail, receipts} to the solver and the verifier.
    void announce(const GameRow &g, const QString &outcome, const QStringList &receipts);
    // Every receipt of `node` again (it registered again).
    void resendReceipts(const QString &node);

    static qint64 feeOf(const TaskRow &task) { return std::max<qint64>(1, task.reward / 10); }

private:
    // A slash of min(reward, stake) from `node` (no stake, no slash); its id, if any, to `receipts`.
    Result<void> slash(const QString &job, const QString &node, const TaskRow &task, QStringList &receipts);

    CoordinatorContext &m_ctx;
};

} // namespace idleforge::devnet
