#include "devnet/Settlement.h"

#include "devnet/Log.h"
#include "devnet/ReceiptIssuer.h"
#include "protocol/Messages.h"

namespace idleforge::devnet {

namespace msg = protocol::msg;

namespace {
QJsonObject receiptBody(const QJsonObject &receipt)
{
    return protocol::ReceiptBody{receipt}.toJson();
}

// Runs every payment (a failed one does not stop the others), then gives the first error.
Result<void> all(std::initializer_list<Result<void>> results)
{
    for (const Result<void> &r : results)
        if (!r)
            return r.error();
    return {};
}
} // namespace

Result<QString> Settlement::pay(const QString &kind, qint64 amount, const QString &job, const QString &node, qint64 taskId)
{
    if (!m_ctx.signingKey)
        return makeError("devnet.no_key", QStringLiteral("this coordinator has no signing key: it cannot settle"));
    auto provider = m_ctx.store.provider(node);
    if (!provider)
        return provider.error();
    ReceiptFields f;
    f.kind = kind;
    f.amount = amount;
    f.taskId = job;
    f.nodeId = node;
    f.payee = *provider ? (*provider)->payout : QString();
    f.issuedMs = m_ctx.now();
    auto receipt = issueReceipt(f, *m_ctx.signingKey);
    if (!receipt)
        return receipt.error();
    const ReceiptRow row{receipt->id, node, kind, amount, receipt->signedAmount(), taskId, receipt->toJson(), f.issuedMs};
    if (auto added = m_ctx.store.receipts().addReceipt(row); !added)
        return added.error();
    m_ctx.push(node, msg::kReceipt, receiptBody(row.json));
    return row.id;
}

Result<void> Settlement::grantStake(const QString &node)
{
    if (m_ctx.options.stakeGrant <= 0 || !m_ctx.signingKey)
        return {};
    // Once per provider: the grant's receipt ids are fixed by (job, kind, node).
    const QString job = QStringLiteral("devnet-stake-grant");
    ReceiptFields id;
    id.kind = QStringLiteral("stake");
    id.taskId = job;
    id.nodeId = node;
    auto had = m_ctx.store.receipts().hasReceipt(receiptId(id));
    if (!had)
        return had.error();
    if (*had)
        return {};
    // Two movements, two receipts: credit granted, then moved into the stake.
    for (const char *kind : {"reward", "stake"})
        if (auto r = pay(QLatin1String(kind), m_ctx.options.stakeGrant, job, node, 0); !r)
            return r.error();
    qCInfo(lcDevnet).noquote() << "granted" << node << "a stake of" << m_ctx.options.stakeGrant << "micro-credits";
    return {};
}

Result<QStringList> Settlement::payAudit(const GameRow &audit, const TaskRow &task)
{
    auto r1 = pay(QStringLiteral("reward"), task.reward, task.wireId(), audit.solver, task.id);
    if (!r1)
        return r1.error();
    auto r2 = pay(QStringLiteral("reward"), feeOf(task), task.wireId() + QLatin1Char('/') + audit.wireId(), audit.verifier, task.id);
    if (!r2)
        return r2.error();
    if (auto r = m_ctx.store.addReputation(audit.solver, 1); !r)
        return r.error();
    return QStringList{*r1, *r2};
}

Result<void> Settlement::slash(const QString &job, const QString &node, const TaskRow &task, QStringList &receipts)
{
    auto stake = m_ctx.store.receipts().stakeOf(node);
    if (!stake)
        return stake.error();
    const qint64 amount = std::min(task.reward, *stake);
    if (amount <= 0)
        return {};
    auto id = pay(QStringLiteral("slash"), amount, job, node, task.id);
    if (!id)
        return id.error();
    receipts << *id;
    return {};
}

Result<QStringList> Settlement::payVerdict(const GameRow &dispute, const TaskRow &task, const QString &winner, const QString &cheater)
{
    const QString auditJob = task.wireId() + QStringLiteral("/g%1").arg(dispute.parent.value_or(0));
    QStringList receipts;
    auto add = [&](Result<QString> r) -> Result<void> {
        if (!r)
            return r.error();
        receipts << *r;
        return {};
    };
    if (winner == QLatin1String("b")) { // the verifier was right: the solver (or its checkpoint's uploader) cheated
        if (auto r = all({slash(task.wireId(), cheater, task, receipts),
                          add(pay(QStringLiteral("reward"), task.reward, task.wireId(), dispute.verifier, task.id)),
                          add(pay(QStringLiteral("reward"), feeOf(task), auditJob, dispute.verifier, task.id))});
            !r)
            return r.error();
        if (auto r = m_ctx.store.addReputation(cheater, -10); !r)
            return r.error();
    } else if (winner == QLatin1String("a")) { // a false accusation
        if (auto r = all({add(pay(QStringLiteral("reward"), task.reward, task.wireId(), dispute.solver, task.id)),
                          slash(auditJob, dispute.verifier, task, receipts)});
            !r)
            return r.error();
        if (auto r = m_ctx.store.addReputation(dispute.verifier, -10); !r)
            return r.error();
    }
    return receipts;
}

void Settlement::announce(const GameRow &g, const QString &outcome, const QStringList &receipts)
{
    const QJsonObject body =
        protocol::SettledBody{QStringLiteral("t%1").arg(g.taskId), g.wireId(), outcome, g.outcome, receipts}.toJson();
    m_ctx.push(g.solver, msg::kSettled, body);
    if (!g.verifier.isEmpty())
        m_ctx.push(g.verifier, msg::kSettled, body);
}

void Settlement::resendReceipts(const QString &node)
{
    if (auto receipts = m_ctx.store.receipts().receiptsOf(node))
        for (const ReceiptRow &r : *receipts)
            m_ctx.push(node, msg::kReceipt, receiptBody(r.json));
}

} // namespace idleforge::devnet
