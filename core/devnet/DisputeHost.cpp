#include "devnet/DisputeHost.h"

#include "compute/graph/Checkpoint.h"
#include "devnet/Log.h"
#include "devnet/Settlement.h"
#include "protocol/Messages.h"
#include "task/DatasetStore.h"
#include "verify/GraphRun.h"
#include "verify/Message.h"
#include "verify/Pinpoint.h"

#include <QDir>
#include <QFile>

namespace idleforge::devnet {

namespace msg = protocol::msg;
using protocol::DisputeVerdict;

struct DisputeHost::Referee {
    verify::TaskContext task;
    std::unique_ptr<verify::PinpointReferee> referee;
};

DisputeHost::DisputeHost(CoordinatorContext &ctx, Settlement &settlement) : m_ctx(ctx), m_settlement(settlement) {}

DisputeHost::~DisputeHost() = default;

namespace {
DisputeVerdict verdictOf(const verify::PinpointOutcome &o)
{
    return DisputeVerdict{o.winner, o.reason,
                          DisputeVerdict::Ruling{qint64(o.step), o.node, o.op, o.nodeName, o.stepRounds, o.nodeRounds, o.refereeOps},
                          {}};
}
} // namespace

QJsonObject DisputeHost::openBody(const GameRow &g, const TaskRow &t, const QString &role) const
{
    return protocol::DisputeOpenBody{g.wireId(), t.wireId(), specText(t), t.specHash, role,
                                     QStringLiteral("g%1").arg(g.parent.value_or(0)), m_ctx.options.blobBase.toString()}
        .toJson();
}

Result<GameRow> DisputeHost::open(const GameRow &audit, const TaskRow &task)
{
    GameRow d;
    d.kind = QStringLiteral("dispute");
    d.taskId = task.id;
    d.parent = audit.id;
    d.solver = audit.solver;
    d.verifier = audit.verifier;
    d.state = QStringLiteral("replicating");
    d.seed = audit.seed;
    d.samples = audit.samples;
    auto row = m_ctx.games().addGame(d, m_ctx.now());
    if (!row)
        return row.error();
    m_ctx.push(d.solver, msg::kDisputeOpen, openBody(*row, task, QStringLiteral("a")));
    m_ctx.push(d.verifier, msg::kDisputeOpen, openBody(*row, task, QStringLiteral("b")));
    return row;
}

Result<QJsonObject> DisputeHost::onDisputeReady(const protocol::Envelope &e)
{
    auto body = readBody<protocol::DisputeReadyBody>(e);
    if (!body)
        return body.error();
    const QString &role = body->role; // a | b
    auto g = m_ctx.games().gameOfKind(idOf(body->dispute, QLatin1Char('g')), "dispute");
    if (!g)
        return g.error();
    GameRow &game = *g;
    if (nodeForRole(game, role) != e.from)
        return makeError("devnet.not_your_role", QStringLiteral("this node is not \"%1\" in %2").arg(role, game.wireId()));
    const auto reply = [&] { return protocol::GameStateAckBody{game.wireId(), game.state}.toDisputeReadyAck(); };
    if (game.state != QLatin1String("replicating") || game.ready.contains(role))
        return reply(); // a repeat (after a reconnect) changes nothing, not even the time
    game.ready += role;
    std::sort(game.ready.begin(), game.ready.end());
    if (auto r = m_ctx.games().updateGame(game, m_ctx.now()); !r)
        return r.error();
    if (game.ready == QLatin1String("ab"))
        if (auto r = startReferee(game); !r)
            return r.error();
    return reply();
}

// ---- the referee -------------------------------------------------------------------------

Result<std::unique_ptr<DisputeHost::Referee>> DisputeHost::makeReferee(const GameRow &game) const
{
    auto t = m_ctx.taskOf(game);
    if (!t)
        return t.error();
    auto spec = task::parseTaskSpec(t->spec, m_ctx.options.limits);
    if (!spec)
        return spec.error();
    auto ctx = verify::loadTaskContext(*spec, m_ctx.blobs ? m_ctx.blobs->dir() : QString());
    if (!ctx)
        return ctx.error();
    auto ref = std::make_unique<Referee>();
    ref->task = std::move(ctx).value();
    ref->referee = std::make_unique<verify::PinpointReferee>(ref->task, game.wireId());
    return ref;
}

Result<verify::Message> DisputeHost::loggedMessage(const RelayRow &row) const
{
    auto m = verify::messageFromJson(row.message);
    if (!m)
        return m.error();
    if (!row.blob.isEmpty()) {
        const auto hash = crypto::hashFromHex(row.blob.toStdString());
        if (!m_ctx.blobs || !hash)
            return makeError("devnet.missing_blob", QStringLiteral("blob %1 is not kept here").arg(row.blob));
        auto bytes = m_ctx.blobs->load(*hash, qint64(1) << 30);
        if (!bytes)
            return makeError("devnet.missing_blob", QStringLiteral("blob %1: %2").arg(row.blob, bytes.error().message));
        m->blob = std::move(bytes).value();
    }
    return m;
}

Result<DisputeHost::Referee *> DisputeHost::refereeOf(const GameRow &game)
{
    if (auto it = m_referees.find(game.id); it != m_referees.end())
        return it->second.get();
    if (game.kind != QLatin1String("dispute") || game.state != QLatin1String("open"))
        return makeError("devnet.no_referee", QStringLiteral("%1 has no referee (it is %2)").arg(game.wireId(), game.state));
    // The coordinator restarted mid-game: the referee is a deterministic state machine, so the
    // messages it was told, in the same order, bring it back to where it was.
    auto ref = makeReferee(game);
    if (!ref)
        return ref.error();
    std::vector<verify::Message> said = (*ref)->referee->start();
    auto log = m_ctx.games().relayLog(game.id, QStringLiteral("referee"));
    if (!log)
        return log.error();
    for (const RelayRow &row : *log) {
        auto m = loggedMessage(row);
        if (!m)
            return m.error();
        // What it refused then, it refuses now, changing nothing.
        if (auto out = (*ref)->referee->handle(*m))
            said.insert(said.end(), out->begin(), out->end());
    }
    qCInfo(lcDevnet).noquote() << "referee of" << game.wireId() << "rebuilt from" << log->size() << "logged messages";
    m_referees[game.id] = std::move(ref).value();
    // What it would have said but never did (the restart came first) goes out now; a verdict
    // reached before the restart settles now.
    GameRow g = game;
    routeFromReferee(g, said);
    auto it = m_referees.find(game.id);
    if (it == m_referees.end())
        return makeError("devnet.game_over", QStringLiteral("%1 was decided").arg(game.wireId()));
    return it->second.get();
}

Result<void> DisputeHost::ensureReferee(const GameRow &game)
{
    auto referee = refereeOf(game);
    if (!referee)
        return referee.error();
    return {};
}

Result<void> DisputeHost::startReferee(GameRow &game)
{
    auto ref = makeReferee(game);
    if (!ref)
        return ref.error();
    const std::vector<verify::Message> first = (*ref)->referee->start();
    m_referees[game.id] = std::move(ref).value();
    game.state = QStringLiteral("open");
    if (auto r = m_ctx.games().updateGame(game, m_ctx.now()); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "dispute" << game.wireId() << "starts: the pinpoint game, the coordinator refereeing";
    routeFromReferee(game, first);
    return {};
}

Result<void> DisputeHost::deliver(GameRow &game, const QJsonObject &message, const QString &blobHex)
{
    auto referee = refereeOf(game);
    if (!referee)
        return referee.error();
    auto m = loggedMessage(RelayRow{game.id, {}, QStringLiteral("referee"), 0, message, blobHex});
    if (!m)
        return m.error();
    auto out = (*referee)->referee->handle(*m);
    if (!out)
        return out.error();
    routeFromReferee(game, *out);
    return {};
}

void DisputeHost::routeFromReferee(GameRow &game, const std::vector<verify::Message> &out)
{
    for (const verify::Message &m : out) {
        const QString to = nodeForRole(game, m.to);
        if (to.isEmpty())
            continue;
        // Referee messages carry no blobs (it only asks); a blob would need the store.
        const QJsonObject message = verify::messageToJson(m);
        auto fresh = m_ctx.games().logRelay(RelayRow{game.id, QStringLiteral("referee"), m.to, m.seq, message, {}}, m_ctx.now());
        if (!fresh)
            qCWarning(lcDevnet).noquote() << "cannot log" << m.type << "of" << game.wireId() << ":" << fresh.error().toString();
        if (fresh && !*fresh)
            continue; // said before a restart; a reconnecting party gets it again from the log
        m_ctx.push(to, msg::kVerify, verifyPushBody(game, message, {}));
        game.messages += 1;
    }
    auto it = m_referees.find(game.id);
    if (it != m_referees.end() && it->second->referee->outcome().finished) {
        if (auto r = settle(game); !r)
            qCWarning(lcDevnet).noquote() << "cannot settle" << game.wireId() << ":" << r.error().toString();
    } else if (auto r = m_ctx.games().updateGame(game, m_ctx.now()); !r) {
        qCWarning(lcDevnet).noquote() << "cannot record" << game.wireId() << ":" << r.error().toString();
    }
}

// ---- the verdict -------------------------------------------------------------------------

QString DisputeHost::inheritedClaimOf(const TaskRow &task, const verify::PinpointOutcome &o) const
{
    auto c = m_ctx.store.games().commitment(task.id);
    if (!c || !*c || o.step < 0)
        return {};
    auto l = m_ctx.store.lease((*c)->leaseId);
    if (!l || !*l || !(*l)->resumeStep || (*l)->resumeNode.isEmpty() || (*l)->resumeNode == (*c)->nodeId)
        return {};
    const LeaseRow &lease = **l;
    if (o.step + 1 > *lease.resumeStep || !m_ctx.blobs)
        return {}; // the losing claim is past the checkpoint: the solver's own
    const auto hash = crypto::hashFromHex(lease.resumeHash.toStdString());
    auto spec = task::parseTaskSpec(task.spec, m_ctx.options.limits);
    if (!hash || !spec)
        return {};
    const QString path = QDir(m_ctx.blobs->dir()).filePath(QString::fromStdString(crypto::toHex(*hash)));
    auto ckpt = graph::readCheckpoint(QFile::encodeName(path).toStdString(), spec->taskId);
    if (!ckpt || ckpt->hashes.size() <= size_t(o.step + 1))
        return {};
    return ckpt->hashes[size_t(o.step + 1)] == o.claimedNext[0] ? lease.resumeNode : QString();
}

Result<QString> DisputeHost::blame(GameRow &game, const TaskRow &task, const verify::PinpointOutcome &o, DisputeVerdict &verdict)
{
    // A run resumed from another provider's checkpoint carries that provider's h_0..h_k: when the
    // claim that lost is one of those, the provider that uploaded it made it, not the solver.
    if (o.winner != QLatin1String("b"))
        return game.solver;
    const QString uploader = inheritedClaimOf(task, o);
    if (uploader.isEmpty())
        return game.solver;
    verdict.blamed = uploader;
    verdict.reason = o.reason + QStringLiteral(" (a claim of the checkpoint the solver resumed from)");
    game.outcome = verdict.toJson();
    if (auto r = m_ctx.games().updateGame(game, m_ctx.now()); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "dispute" << game.wireId() << ": the losing claim h_" << (o.step + 1) << "came from the checkpoint"
                               << uploader << "uploaded; it is slashed, not the solver";
    return uploader;
}

Result<void> DisputeHost::settle(GameRow &game)
{
    auto it = m_referees.find(game.id);
    if (it == m_referees.end())
        return makeError("devnet.no_referee", QStringLiteral("no referee for %1").arg(game.wireId()));
    const verify::PinpointOutcome o = it->second->referee->outcome();
    m_referees.erase(it);
    auto t = m_ctx.taskOf(game);
    if (!t)
        return t.error();
    const TaskRow &task = *t;
    game.state = QStringLiteral("decided");
    DisputeVerdict verdict = verdictOf(o);
    game.outcome = verdict.toJson();
    if (auto r = m_ctx.games().updateGame(game, m_ctx.now()); !r)
        return r.error();
    auto cheater = blame(game, task, o, verdict);
    if (!cheater)
        return cheater.error();
    auto receipts = m_settlement.payVerdict(game, task, o.winner, *cheater);
    if (!receipts)
        return receipts.error();
    const bool none = o.winner == QLatin1String("none");
    if (auto r = m_ctx.store.setTaskState(task.id, none ? QStringLiteral("failed") : QStringLiteral("verified"), m_ctx.now()); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "dispute" << game.wireId() << "of" << task.wireId() << "decided: winner" << o.winner << "step"
                               << o.step << "node" << o.node << o.op << o.nodeName << "-" << o.reason;
    m_settlement.announce(game, none ? QStringLiteral("failed") : QStringLiteral("decided"), *receipts);
    return {};
}

// ---- reconnects and time-outs -----------------------------------------------------------

void DisputeHost::resendTo(const QString &node)
{
    // To both parties of a replicating or open dispute, ready or not: a node restarted
    // mid-dispute lost its machine. It opens it again from its job folder, and for an open game
    // the relay log (VerifyRelay::resendTo, right after this) brings it to where it was. A node
    // that still has its party only repeats dispute_ready.
    for (const QString &state : {QStringLiteral("replicating"), QStringLiteral("open")}) {
        auto games = m_ctx.games().gamesInState(state);
        if (!games)
            continue;
        for (const GameRow &g : *games) {
            if (g.kind != QLatin1String("dispute") || (g.solver != node && g.verifier != node))
                continue; // an open audit is VerifyRelay's and AuditDesk's
            auto t = m_ctx.store.task(g.taskId);
            if (!t || !*t)
                continue;
            if (g.solver == node)
                m_ctx.push(node, msg::kDisputeOpen, openBody(g, **t, QStringLiteral("a")));
            if (g.verifier == node)
                m_ctx.push(node, msg::kDisputeOpen, openBody(g, **t, QStringLiteral("b")));
        }
    }
}

void DisputeHost::onSilent(GameRow &g, qint64 now)
{
    auto referee = refereeOf(g);
    if (!referee && referee.error().code == QLatin1String("devnet.game_over"))
        return; // rebuilding it reached a verdict the restart had cut off: settled now
    if (!referee) {
        g.state = QStringLiteral("abandoned");
        (void)m_ctx.games().updateGame(g, now);
        (void)m_ctx.store.setTaskState(g.taskId, QStringLiteral("failed"), now);
        qCWarning(lcDevnet).noquote() << "dispute" << g.wireId() << "abandoned:" << referee.error().message;
        return;
    }
    qCInfo(lcDevnet).noquote() << "dispute" << g.wireId() << "timed out; the referee rules";
    routeFromReferee(g, (*referee)->referee->onTimeout());
}

void DisputeHost::sweepReplicating(qint64 now)
{
    auto replicating = m_ctx.games().gamesInState(QStringLiteral("replicating"));
    if (!replicating)
        return;
    for (GameRow g : *replicating) {
        if (now - g.updatedMs < m_ctx.options.replicateTimeoutMs)
            continue;
        // The party that never got ready loses, as silence does in the game itself.
        const bool aReady = g.ready.contains(QLatin1Char('a'));
        const bool bReady = g.ready.contains(QLatin1Char('b'));
        const QString winner = aReady && !bReady ? QStringLiteral("a") : bReady && !aReady ? QStringLiteral("b") : QStringLiteral("none");
        g.state = QStringLiteral("abandoned");
        g.outcome = DisputeVerdict{winner, QStringLiteral("a party never got ready for the game"), std::nullopt, {}}.toJson();
        (void)m_ctx.games().updateGame(g, now);
        (void)m_ctx.store.setTaskState(g.taskId, QStringLiteral("failed"), now);
        qCWarning(lcDevnet).noquote() << "dispute" << g.wireId() << "abandoned: a party never got ready";
    }
}

} // namespace idleforge::devnet
