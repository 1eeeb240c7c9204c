#include "devnet/AuditDesk.h"

#include "devnet/Log.h"
#include "devnet/Settlement.h"
#include "protocol/Messages.h"
#include "verify/AuditPolicy.h"

#include <QRandomGenerator>

namespace idleforge::devnet {

namespace msg = protocol::msg;
using protocol::AuditReport;

namespace {
QString randomHex32()
{
    crypto::Hash256 h{};
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(h.data()), reinterpret_cast<quint32 *>(h.data() + h.size()));
    return QString::fromStdString(crypto::toHex(h));
}
} // namespace

// verify::Reputation's rule, with the reputation kept in the database.
qint64 AuditDesk::samplesFor(const CoordinatorOptions &o, qint64 reputation, qint64 steps)
{
    verify::ReputationPolicy policy;
    policy.target = o.auditTarget;
    policy.fakedFraction = o.fakedFraction;
    verify::Reputation rep(policy);
    for (qint64 i = 0; i < std::min<qint64>(reputation, 1000); ++i)
        rep.recordAudit(true);
    return rep.samples(steps);
}

QString AuditDesk::pickVerifier(const QString &solver) const
{
    // Online and registered: a connection that only asks for status (idleforgectl, a dashboard)
    // is online too, but it is no provider and would never answer an audit.
    QStringList candidates;
    for (const QString &n : m_ctx.online)
        if (n != solver)
            if (auto p = m_ctx.store.provider(n); p && *p)
                candidates << n;
    if (candidates.isEmpty())
        return {};
    candidates.sort();
    return candidates.at(int(QRandomGenerator::global()->bounded(quint32(candidates.size()))));
}

QJsonObject AuditDesk::assignBody(const GameRow &g, const TaskRow &t, const CommitmentRow &c) const
{
    return protocol::AuditAssignBody{g.wireId(), t.wireId(), specText(t), t.specHash, g.solver, g.seed,
                                     g.samples,  c.runRoot,  c.steps,     m_ctx.options.blobBase.toString()}
        .toJson();
}

// ---- commit ------------------------------------------------------------------------------

Result<CommitmentRow> AuditDesk::commitmentFrom(const protocol::Envelope &e) const
{
    auto body = readBody<protocol::CommitBody>(e);
    if (!body)
        return body.error();
    CommitmentRow c;
    c.leaseId = idOf(body->lease, QLatin1Char('l'));
    c.runRoot = body->runRoot;
    c.finalHash = body->finalHash;
    c.steps = body->steps;
    c.checkpointEvery = body->checkpointEvery;
    c.losses = QJsonArray::fromStringList(body->losses);
    return c;
}

// The spec's step count is authoritative: a shorter or longer run is not the task.
Result<void> AuditDesk::checkSteps(const CommitmentRow &c) const
{
    auto l = m_ctx.store.lease(c.leaseId);
    if (!l)
        return l.error();
    if (!*l)
        return {};
    auto t = m_ctx.store.task((*l)->taskId);
    if (!t)
        return t.error();
    if (!*t)
        return {};
    auto spec = task::parseTaskSpec((*t)->spec, m_ctx.options.limits);
    if (spec && spec->graph.config.steps != c.steps)
        return badRequest(QStringLiteral("the task has %1 steps, the commitment %2").arg(spec->graph.config.steps).arg(c.steps));
    return {};
}

Result<QJsonObject> AuditDesk::onCommit(const protocol::Envelope &e)
{
    auto c = commitmentFrom(e);
    if (!c)
        return c.error();
    if (auto r = checkSteps(*c); !r)
        return r.error();
    auto committed = m_ctx.games().commit(c->leaseId, e.from, *c, m_ctx.now());
    if (!committed)
        return committed.error();
    const CommitmentRow &row = committed->row;
    // A re-sent commit schedules the audit too when none exists: the coordinator may have died
    // between storing the commitment and scheduling its audit, and the node's outbox re-sends.
    auto audits = m_ctx.games().gameCount(row.taskId, "audit");
    if (!audits)
        return audits.error();
    if (!committed->resent || *audits == 0) {
        qCInfo(lcDevnet).noquote() << "task" << QStringLiteral("t%1").arg(row.taskId) << (committed->resent ? "re-committed by" : "committed by")
                                   << e.from << "root" << row.runRoot.left(16) << "steps" << row.steps;
        auto t = m_ctx.store.task(row.taskId);
        if (!t)
            return t.error();
        if (*t)
            if (auto r = schedule(**t, row); !r)
                qCWarning(lcDevnet).noquote() << "cannot schedule the audit:" << r.error().toString();
    }
    return protocol::CommitAckBody{QStringLiteral("t%1").arg(row.taskId), row.runRoot}.toJson();
}

Result<void> AuditDesk::schedule(const TaskRow &t, const CommitmentRow &c, std::optional<qint64> replaces)
{
    auto solver = m_ctx.store.provider(c.nodeId);
    if (!solver)
        return solver.error();
    GameRow g;
    g.kind = QStringLiteral("audit");
    g.taskId = t.id;
    g.parent = replaces;
    g.solver = c.nodeId;
    g.verifier = pickVerifier(c.nodeId);
    g.state = g.verifier.isEmpty() ? QStringLiteral("waiting") : QStringLiteral("open");
    g.seed = randomHex32(); // drawn now, after the commitment is stored: the solver could not know it
    g.samples = samplesFor(m_ctx.options, *solver ? (*solver)->reputation : 0, c.steps);
    auto row = m_ctx.games().addGame(g, m_ctx.now());
    if (!row)
        return row.error();
    if (row->verifier.isEmpty()) {
        qCInfo(lcDevnet).noquote() << "audit" << row->wireId() << "of" << t.wireId() << "waits for a verifier";
        return {};
    }
    qCInfo(lcDevnet).noquote() << "audit" << row->wireId() << "of" << t.wireId() << ":" << row->samples << "of" << c.steps
                               << "steps, verifier" << row->verifier;
    m_ctx.push(row->verifier, msg::kAuditAssign, assignBody(*row, t, c));
    return {};
}

// ---- audit result ------------------------------------------------------------------------

Result<QJsonObject> AuditDesk::onAuditResult(const protocol::Envelope &e)
{
    auto body = readBody<protocol::AuditResultBody>(e);
    if (!body)
        return body.error();
    auto g = m_ctx.games().gameOfKind(idOf(body->game, QLatin1Char('g')), "audit");
    if (!g)
        return g.error();
    GameRow &game = *g;
    if (game.verifier != e.from)
        return makeError("devnet.not_your_role", QStringLiteral("only the verifier of %1 reports its result").arg(game.wireId()));
    if (game.state == QLatin1String("open")) // else a re-send from the node's outbox
        if (auto r = settle(game, body->report); !r)
            return r.error();
    return protocol::GameStateAckBody{game.wireId(), game.state}.toAuditResultAck();
}

Result<void> AuditDesk::settle(GameRow &game, const AuditReport &report)
{
    auto t = m_ctx.taskOf(game);
    if (!t)
        return t.error();
    const TaskRow &task = *t;
    game.outcome = report.toJson();
    if (!report.ok)
        return fail(game, task, report);
    game.state = QStringLiteral("passed");
    if (auto r = m_ctx.games().updateGame(game, m_ctx.now()); !r)
        return r.error();
    auto receipts = m_settlement.payAudit(game, task);
    if (!receipts)
        return receipts.error();
    if (auto r = m_ctx.store.setTaskState(task.id, QStringLiteral("verified"), m_ctx.now()); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "audit" << game.wireId() << "of" << task.wireId() << "passed; paid" << task.reward
                               << "to the solver and" << Settlement::feeOf(task) << "to the verifier";
    m_settlement.announce(game, QStringLiteral("verified"), *receipts);
    return {};
}

// A failed audit: the verifier re-runs the task and the two runs play the pinpoint game.
Result<void> AuditDesk::fail(GameRow &game, const TaskRow &task, const AuditReport &report)
{
    game.state = QStringLiteral("failed");
    if (auto r = m_ctx.games().updateGame(game, m_ctx.now()); !r)
        return r.error();
    auto dispute = m_openDispute(game, task);
    if (!dispute)
        return dispute.error();
    QStringList failedSteps;
    for (const AuditReport::Sample &s : report.samples)
        if (!s.ok)
            failedSteps << QString::number(s.step);
    const QString &why = report.failure;
    qCInfo(lcDevnet).noquote() << "audit" << game.wireId() << "of" << task.wireId() << "FAILED ("
                               << (why.isEmpty() ? QStringLiteral("failing steps ") + failedSteps.join(QLatin1Char(',')) : why)
                               << "); dispute" << dispute->wireId() << "between" << dispute->solver << "(a) and"
                               << dispute->verifier << "(b)";
    return {};
}

// ---- reconnects and time-outs -----------------------------------------------------------

void AuditDesk::resendTo(const QString &node)
{
    if (auto open = m_ctx.games().gamesInState(QStringLiteral("open")))
        for (const GameRow &g : *open)
            if (g.kind == QLatin1String("audit") && g.verifier == node)
                if (auto t = m_ctx.store.task(g.taskId); t && *t)
                    if (auto c = m_ctx.games().commitment(g.taskId); c && *c)
                        m_ctx.push(node, msg::kAuditAssign, assignBody(g, **t, **c));
}

void AuditDesk::assignWaiting(qint64 now)
{
    auto waiting = m_ctx.games().gamesInState(QStringLiteral("waiting"));
    if (!waiting)
        return;
    for (GameRow g : *waiting) {
        g.verifier = pickVerifier(g.solver);
        if (g.verifier.isEmpty())
            continue;
        auto t = m_ctx.store.task(g.taskId);
        auto c = m_ctx.games().commitment(g.taskId);
        if (!t || !*t || !c || !*c)
            continue;
        g.state = QStringLiteral("open");
        if (m_ctx.games().updateGame(g, now)) {
            qCInfo(lcDevnet).noquote() << "audit" << g.wireId() << "assigned to" << g.verifier;
            m_ctx.push(g.verifier, msg::kAuditAssign, assignBody(g, **t, **c));
        }
    }
}

void AuditDesk::onSilent(GameRow &g, qint64 now)
{
    g.state = QStringLiteral("abandoned");
    if (!m_ctx.games().updateGame(g, now))
        return;
    qCWarning(lcDevnet).noquote() << "audit" << g.wireId() << "timed out; another verifier gets it";
    auto t = m_ctx.store.task(g.taskId);
    auto c = m_ctx.games().commitment(g.taskId);
    if (t && *t && c && *c)
        (void)schedule(**t, **c, g.id);
}

} // namespace idleforge::devnet
