// The coordinator after a commitment: audits by other providers, the pinpoint game with the
// coordinator as referee, and settlement by signed receipts (README.md, "A task's life").
//
// The verification protocols are core/verify's state machines. Nodes run the parties (verifier,
// solver, "a", "b"); the coordinator relays their messages in `verify` envelopes between the
// nodes bound to each role and runs the referee itself. It never trusts a relayed claim it can
// check: the audit seed must be the one it drew after the commitment, the commitment a solver
// answers with must be the one it committed to, and every party must be the node bound to
// that role. Bulky tensors travel as blobs by hash through the coordinator's blob store.
#include "devnet/Coordinator.h"

#include "compute/graph/Checkpoint.h"

#include "devnet/Log.h"
#include "devnet/ReceiptIssuer.h"
#include "protocol/Messages.h"
#include "task/DatasetStore.h"
#include "verify/AuditPolicy.h"
#include "verify/GraphRun.h"
#include "verify/Message.h"
#include "verify/Pinpoint.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace idleforge::devnet {

namespace msg = protocol::msg;

struct Coordinator::Referee {
    verify::TaskContext task;
    std::unique_ptr<verify::PinpointReferee> referee;
};

// Here rather than in Coordinator.cpp: the referees map needs Referee complete.
Coordinator::Coordinator(DevnetStore &store, const crypto::PublicKey &coordinatorKey, Options options, const Clock &clock,
                         const task::DatasetStore *blobs)
    : m_store(store), m_key(coordinatorKey), m_options(std::move(options)), m_clock(clock), m_blobs(blobs),
      m_housekeeper(store, blobs ? blobs->dir() : QString(), m_options.housekeeping)
{
}

Coordinator::~Coordinator() = default;

namespace {

Error bad(const QString &why)
{
    return makeError("devnet.bad_request", why);
}

QString randomHex32()
{
    crypto::Hash256 h{};
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(h.data()), reinterpret_cast<quint32 *>(h.data() + h.size()));
    return QString::fromStdString(crypto::toHex(h));
}

bool isHex64(const QString &s)
{
    return s.size() == 64 && crypto::hashFromHex(s.toStdString()).has_value();
}

QString specText(const TaskRow &t)
{
    return QString::fromUtf8(QJsonDocument(t.spec).toJson(QJsonDocument::Compact));
}

// The roles a node may speak for in a game.
QString nodeForRole(const GameRow &g, const QString &role)
{
    if (g.kind == QLatin1String("audit")) {
        if (role == QLatin1String("solver"))
            return g.solver;
        if (role == QLatin1String("verifier"))
            return g.verifier;
    } else {
        if (role == QLatin1String("a"))
            return g.solver;
        if (role == QLatin1String("b"))
            return g.verifier;
    }
    return {};
}

} // namespace

void Coordinator::setOnline(const QString &node, bool online)
{
    if (online)
        m_online.insert(node);
    else
        m_online.remove(node);
}

QList<Coordinator::Push> Coordinator::takePushes()
{
    QList<Push> out;
    out.swap(m_pushes);
    return out;
}

void Coordinator::push(const QString &node, const QString &type, const QJsonObject &body)
{
    m_pushes.append(Push{node, type, body});
}

QString Coordinator::pickVerifier(const QString &solver) const
{
    // Online and registered: a connection that only asks for status (idleforgectl, a dashboard)
    // is online too, but it is no provider and would never answer an audit.
    QStringList candidates;
    for (const QString &n : m_online)
        if (n != solver)
            if (auto p = m_store.provider(n); p && *p)
                candidates << n;
    if (candidates.isEmpty())
        return {};
    candidates.sort();
    return candidates.at(int(QRandomGenerator::global()->bounded(quint32(candidates.size()))));
}

QJsonObject Coordinator::auditAssignBody(const GameRow &g, const TaskRow &t, const CommitmentRow &c) const
{
    return QJsonObject{{QStringLiteral("game"), g.wireId()},       {QStringLiteral("task"), t.wireId()},
                       {QStringLiteral("spec"), specText(t)},      {QStringLiteral("spec_hash"), t.specHash},
                       {QStringLiteral("solver"), g.solver},       {QStringLiteral("seed"), g.seed},
                       {QStringLiteral("samples"), g.samples},     {QStringLiteral("run_root"), c.runRoot},
                       {QStringLiteral("steps"), c.steps},         {QStringLiteral("blobs"), m_options.blobBase.toString()}};
}

QJsonObject Coordinator::disputeOpenBody(const GameRow &g, const TaskRow &t, const QString &role) const
{
    return QJsonObject{{QStringLiteral("dispute"), g.wireId()}, {QStringLiteral("task"), t.wireId()},
                       {QStringLiteral("spec"), specText(t)},    {QStringLiteral("spec_hash"), t.specHash},
                       {QStringLiteral("role"), role},           {QStringLiteral("audit"), QStringLiteral("g%1").arg(g.parent.value_or(0))},
                       {QStringLiteral("blobs"), m_options.blobBase.toString()}};
}

Result<GameRow> Coordinator::gameOfKind(qint64 id, const char *kind) const
{
    auto g = m_store.game(id);
    if (!g)
        return g.error();
    if (!*g || (kind && (*g)->kind != QLatin1String(kind)))
        return makeError("devnet.no_game", QStringLiteral("no %1 g%2").arg(kind ? QString::fromLatin1(kind) : QStringLiteral("game")).arg(id));
    return std::move(*g).value();
}

// ---- commit ------------------------------------------------------------------------------

Result<QJsonObject> Coordinator::onCommit(const protocol::Envelope &e)
{
    const auto leaseId = parseWireId(e.body.value(QLatin1String("lease")).toString(), QLatin1Char('l'));
    const auto steps = msg::integerField(e.body, QStringLiteral("steps"));
    const auto every = msg::integerField(e.body, QStringLiteral("checkpoint_every"));
    CommitmentRow c;
    c.runRoot = e.body.value(QLatin1String("run_root")).toString();
    c.finalHash = e.body.value(QLatin1String("final_hash")).toString();
    c.losses = e.body.value(QLatin1String("losses")).toArray();
    if (!leaseId || !steps || !every || *steps < 1 || *every < 1 || !isHex64(c.runRoot) || !isHex64(c.finalHash) ||
        c.losses.size() > 100000)
        return bad(QStringLiteral("commit needs \"lease\", \"run_root\" and \"final_hash\" (64 hex), \"steps\" >= 1, "
                                  "\"checkpoint_every\" >= 1 and \"losses\" (strings)"));
    c.steps = *steps;
    c.checkpointEvery = *every;
    auto l = m_store.lease(*leaseId);
    if (!l)
        return l.error();
    if (*l) {
        auto t = m_store.task((*l)->taskId);
        if (!t)
            return t.error();
        if (*t) {
            // The spec's step count is authoritative: a shorter or longer run is not the task.
            auto spec = task::parseTaskSpec((*t)->spec, m_options.limits);
            if (spec && spec->graph.config.steps != c.steps)
                return bad(QStringLiteral("the task has %1 steps, the commitment %2").arg(spec->graph.config.steps).arg(c.steps));
        }
    }
    auto committed = m_store.commit(*leaseId, e.from, c, m_clock.msecsSinceEpoch());
    if (!committed)
        return committed.error();
    const CommitmentRow *row = &committed->row;
    if (!committed->resent) {
        qCInfo(lcDevnet).noquote() << "task" << QStringLiteral("t%1").arg(row->taskId) << "committed by" << e.from << "root"
                                   << row->runRoot.left(16) << "steps" << row->steps;
        auto t = m_store.task(row->taskId);
        if (!t)
            return t.error();
        if (*t)
            if (auto r = scheduleAudit(**t, *row); !r)
                qCWarning(lcDevnet).noquote() << "cannot schedule the audit:" << r.error().toString();
    }
    return QJsonObject{{QStringLiteral("task"), QStringLiteral("t%1").arg(row->taskId)}, {QStringLiteral("run_root"), row->runRoot}};
}

Result<void> Coordinator::scheduleAudit(const TaskRow &t, const CommitmentRow &c, std::optional<qint64> replaces)
{
    auto solver = m_store.provider(c.nodeId);
    if (!solver)
        return solver.error();
    // m from the target detection rate, halved per 10 clean audits of this solver (its
    // reputation), never below the floor (verify::Reputation's rule, kept in the database).
    verify::ReputationPolicy policy;
    policy.target = m_options.auditTarget;
    policy.fakedFraction = m_options.fakedFraction;
    verify::Reputation rep(policy);
    for (qint64 i = 0; *solver && i < std::min<qint64>((*solver)->reputation, 1000); ++i)
        rep.recordAudit(true);
    GameRow g;
    g.kind = QStringLiteral("audit");
    g.taskId = t.id;
    g.parent = replaces;
    g.solver = c.nodeId;
    g.verifier = pickVerifier(c.nodeId);
    g.state = g.verifier.isEmpty() ? QStringLiteral("waiting") : QStringLiteral("open");
    g.seed = randomHex32(); // drawn now, after the commitment is stored: the solver could not know it
    g.samples = rep.samples(c.steps);
    auto row = m_store.addGame(g, m_clock.msecsSinceEpoch());
    if (!row)
        return row.error();
    if (row->verifier.isEmpty()) {
        qCInfo(lcDevnet).noquote() << "audit" << row->wireId() << "of" << t.wireId() << "waits for a verifier";
        return {};
    }
    qCInfo(lcDevnet).noquote() << "audit" << row->wireId() << "of" << t.wireId() << ":" << row->samples << "of" << c.steps
                               << "steps, verifier" << row->verifier;
    push(row->verifier, msg::kAuditAssign, auditAssignBody(*row, t, c));
    return {};
}

// ---- relay -------------------------------------------------------------------------------

Result<QJsonObject> Coordinator::onVerify(const protocol::Envelope &e)
{
    const auto gameId = parseWireId(e.body.value(QLatin1String("game")).toString(), QLatin1Char('g'));
    const QJsonObject message = e.body.value(QLatin1String("msg")).toObject();
    const QString blob = e.body.value(QLatin1String("blob")).toString();
    if (!gameId || message.isEmpty() || (!blob.isEmpty() && !isHex64(blob)))
        return bad(QStringLiteral("verify needs \"game\" (g<n>), \"msg\" (a verification message) and optionally \"blob\" (64 hex)"));
    auto m = verify::messageFromJson(message);
    if (!m)
        return m.error();
    auto g = gameOfKind(*gameId, nullptr);
    if (!g)
        return g.error();
    GameRow &game = *g;
    if (game.state != QLatin1String("open")) {
        // The verifier's closing audit.result may cross its audit_result: nothing to relay.
        if (m->type == QLatin1String("audit.result") || m->type == QLatin1String("pinpoint.verdict"))
            return QJsonObject{};
        return makeError("devnet.game_over", QStringLiteral("%1 is %2").arg(game.wireId(), game.state));
    }
    if (m->game != game.wireId())
        return bad(QStringLiteral("the message belongs to game %1, not %2").arg(m->game, game.wireId()));
    if (nodeForRole(game, m->from) != e.from)
        return makeError("devnet.not_your_role", QStringLiteral("this node does not play \"%1\" in %2").arg(m->from, game.wireId()));
    // What the coordinator can check itself.
    if (m->type == QLatin1String("audit.challenge") && m->body.value(QLatin1String("seed")).toString() != game.seed)
        return makeError("devnet.bad_seed", QStringLiteral("the challenge must reveal the seed drawn after the commitment"));
    if (m->type == QLatin1String("audit.commitment")) {
        auto c = m_store.commitment(game.taskId);
        if (!c)
            return c.error();
        if (!*c || m->body.value(QLatin1String("commitment")).toString() != (*c)->runRoot)
            return makeError("devnet.wrong_commitment", QStringLiteral("the solver must answer with the commitment it sent"));
    }
    const bool toReferee = m->to == QLatin1String("referee");
    if (toReferee && game.kind != QLatin1String("dispute"))
        return bad(QStringLiteral("an audit has no referee"));
    const QString to = toReferee ? QString() : nodeForRole(game, m->to);
    if (!toReferee && (to.isEmpty() || m->to == m->from))
        return bad(QStringLiteral("no party \"%1\" in %2").arg(m->to, game.wireId()));
    // Exactly once: a re-send (from the sender's outbox, after a reconnect) is acknowledged and
    // not passed on again. The log also lets a reconnecting receiver and a rebuilt referee catch up.
    const qint64 now = m_clock.msecsSinceEpoch();
    auto fresh = m_store.logRelay(RelayRow{game.id, m->from, m->to, m->seq, message, blob}, now);
    if (!fresh)
        return fresh.error();
    if (!*fresh)
        return QJsonObject{{QStringLiteral("duplicate"), true}};
    game.messages += 1;
    game.bytes += e.toWire().size();
    if (auto r = m_store.updateGame(game, now); !r)
        return r.error();
    if (toReferee) {
        if (auto r = deliverToReferee(game, message, blob); !r)
            return r.error();
        return QJsonObject{};
    }
    push(to, msg::kVerify, relayBody(game, message, blob));
    return QJsonObject{};
}

QJsonObject Coordinator::relayBody(const GameRow &game, const QJsonObject &message, const QString &blob) const
{
    QJsonObject body{{QStringLiteral("game"), game.wireId()}, {QStringLiteral("task"), QStringLiteral("t%1").arg(game.taskId)},
                     {QStringLiteral("msg"), message}};
    if (!blob.isEmpty())
        body.insert(QStringLiteral("blob"), blob);
    return body;
}

// ---- audit result ------------------------------------------------------------------------

Result<QJsonObject> Coordinator::onAuditResult(const protocol::Envelope &e)
{
    const auto gameId = parseWireId(e.body.value(QLatin1String("game")).toString(), QLatin1Char('g'));
    const QJsonValue ok = e.body.value(QLatin1String("ok"));
    if (!gameId || !ok.isBool())
        return bad(QStringLiteral("audit_result needs \"game\" (g<n>) and \"ok\" (boolean)"));
    auto g = gameOfKind(*gameId, "audit");
    if (!g)
        return g.error();
    GameRow &game = *g;
    if (game.verifier != e.from)
        return makeError("devnet.not_your_role", QStringLiteral("only the verifier of %1 reports its result").arg(game.wireId()));
    if (game.state != QLatin1String("open")) // a re-send from the node's outbox
        return QJsonObject{{QStringLiteral("game"), game.wireId()}, {QStringLiteral("state"), game.state}};
    QJsonObject report{{QStringLiteral("ok"), ok.toBool()},
                       {QStringLiteral("samples"), e.body.value(QLatin1String("samples")).toArray()},
                       {QStringLiteral("failure"), e.body.value(QLatin1String("failure")).toString()}};
    if (auto r = settleAudit(game, ok.toBool(), report); !r)
        return r.error();
    return QJsonObject{{QStringLiteral("game"), game.wireId()}, {QStringLiteral("state"), game.state}};
}

Result<void> Coordinator::settleAudit(GameRow &game, bool passed, const QJsonObject &report)
{
    const qint64 now = m_clock.msecsSinceEpoch();
    auto t = taskOfGame(game);
    if (!t)
        return t.error();
    const TaskRow &task = *t;
    game.outcome = report;
    if (passed) {
        game.state = QStringLiteral("passed");
        if (auto r = m_store.updateGame(game, now); !r)
            return r.error();
        const qint64 fee = std::max<qint64>(1, task.reward / 10);
        auto r1 = pay(QStringLiteral("reward"), task.reward, task.wireId(), game.solver, task.id);
        if (!r1)
            return r1.error();
        auto r2 = pay(QStringLiteral("reward"), fee, task.wireId() + QLatin1Char('/') + game.wireId(), game.verifier, task.id);
        if (!r2)
            return r2.error();
        if (auto r = m_store.addReputation(game.solver, 1); !r)
            return r.error();
        if (auto r = m_store.setTaskState(task.id, QStringLiteral("verified"), now); !r)
            return r.error();
        qCInfo(lcDevnet).noquote() << "audit" << game.wireId() << "of" << task.wireId() << "passed; paid" << task.reward
                                   << "to the solver and" << fee << "to the verifier";
        settled(game, QStringLiteral("verified"), {*r1, *r2});
        return {};
    }
    // A failed audit: the verifier re-runs the task and the two runs play the pinpoint game.
    game.state = QStringLiteral("failed");
    if (auto r = m_store.updateGame(game, now); !r)
        return r.error();
    GameRow d;
    d.kind = QStringLiteral("dispute");
    d.taskId = task.id;
    d.parent = game.id;
    d.solver = game.solver;
    d.verifier = game.verifier;
    d.state = QStringLiteral("replicating");
    d.seed = game.seed;
    d.samples = game.samples;
    auto row = m_store.addGame(d, now);
    if (!row)
        return row.error();
    QStringList failedSteps;
    for (const QJsonValue &v : report.value(QLatin1String("samples")).toArray())
        if (!v.toObject().value(QLatin1String("ok")).toBool())
            failedSteps << QString::number(v.toObject().value(QLatin1String("step")).toInteger());
    const QString why = report.value(QLatin1String("failure")).toString();
    qCInfo(lcDevnet).noquote() << "audit" << game.wireId() << "of" << task.wireId() << "FAILED ("
                               << (why.isEmpty() ? QStringLiteral("failing steps ") + failedSteps.join(QLatin1Char(',')) : why)
                               << "); dispute" << row->wireId()
                               << "between" << d.solver << "(a) and" << d.verifier << "(b)";
    push(d.solver, msg::kDisputeOpen, disputeOpenBody(*row, task, QStringLiteral("a")));
    push(d.verifier, msg::kDisputeOpen, disputeOpenBody(*row, task, QStringLiteral("b")));
    return {};
}

// ---- dispute -----------------------------------------------------------------------------

Result<QJsonObject> Coordinator::onDisputeReady(const protocol::Envelope &e)
{
    const auto gameId = parseWireId(e.body.value(QLatin1String("dispute")).toString(), QLatin1Char('g'));
    const QString role = e.body.value(QLatin1String("role")).toString();
    if (!gameId || (role != QLatin1String("a") && role != QLatin1String("b")))
        return bad(QStringLiteral("dispute_ready needs \"dispute\" (g<n>) and \"role\" (a|b)"));
    auto g = gameOfKind(*gameId, "dispute");
    if (!g)
        return g.error();
    GameRow &game = *g;
    if (nodeForRole(game, role) != e.from)
        return makeError("devnet.not_your_role", QStringLiteral("this node is not \"%1\" in %2").arg(role, game.wireId()));
    if (game.state != QLatin1String("replicating"))
        return QJsonObject{{QStringLiteral("dispute"), game.wireId()}, {QStringLiteral("state"), game.state}};
    if (!game.ready.contains(role))
        game.ready += role;
    std::sort(game.ready.begin(), game.ready.end());
    if (auto r = m_store.updateGame(game, m_clock.msecsSinceEpoch()); !r)
        return r.error();
    if (game.ready == QLatin1String("ab"))
        if (auto r = startReferee(game); !r)
            return r.error();
    return QJsonObject{{QStringLiteral("dispute"), game.wireId()}, {QStringLiteral("state"), game.state}};
}

Result<TaskRow> Coordinator::taskOfGame(const GameRow &game) const
{
    auto t = m_store.task(game.taskId);
    if (!t)
        return t.error();
    if (!*t)
        return makeError("devnet.no_task", QStringLiteral("t%1 is gone").arg(game.taskId));
    return std::move(*t).value();
}

Result<std::unique_ptr<Coordinator::Referee>> Coordinator::makeReferee(const GameRow &game) const
{
    auto t = taskOfGame(game);
    if (!t)
        return t.error();
    auto spec = task::parseTaskSpec(t->spec, m_options.limits);
    if (!spec)
        return spec.error();
    auto ctx = verify::loadTaskContext(*spec, m_blobs ? m_blobs->dir() : QString());
    if (!ctx)
        return ctx.error();
    auto ref = std::make_unique<Referee>();
    ref->task = std::move(ctx).value();
    ref->referee = std::make_unique<verify::PinpointReferee>(ref->task, game.wireId());
    return ref;
}

Result<verify::Message> Coordinator::loggedMessage(const RelayRow &row) const
{
    auto m = verify::messageFromJson(row.message);
    if (!m)
        return m.error();
    if (!row.blob.isEmpty()) {
        const auto hash = crypto::hashFromHex(row.blob.toStdString());
        if (!m_blobs || !hash)
            return makeError("devnet.missing_blob", QStringLiteral("blob %1 is not kept here").arg(row.blob));
        auto bytes = m_blobs->load(*hash, qint64(1) << 30);
        if (!bytes)
            return makeError("devnet.missing_blob", QStringLiteral("blob %1: %2").arg(row.blob, bytes.error().message));
        m->blob = std::move(bytes).value();
    }
    return m;
}

Result<Coordinator::Referee *> Coordinator::refereeOf(const GameRow &game)
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
    auto log = m_store.relayLog(game.id, QStringLiteral("referee"));
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

Result<void> Coordinator::startReferee(GameRow &game)
{
    auto ref = makeReferee(game);
    if (!ref)
        return ref.error();
    const std::vector<verify::Message> first = (*ref)->referee->start();
    m_referees[game.id] = std::move(ref).value();
    game.state = QStringLiteral("open");
    if (auto r = m_store.updateGame(game, m_clock.msecsSinceEpoch()); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "dispute" << game.wireId() << "starts: the pinpoint game, the coordinator refereeing";
    routeFromReferee(game, first);
    return {};
}

Result<void> Coordinator::deliverToReferee(GameRow &game, const QJsonObject &message, const QString &blobHex)
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

void Coordinator::routeFromReferee(GameRow &game, const std::vector<verify::Message> &out)
{
    for (const verify::Message &m : out) {
        const QString to = nodeForRole(game, m.to);
        if (to.isEmpty())
            continue;
        // Referee messages carry no blobs (it only asks); a blob would need the store.
        const QJsonObject message = verify::messageToJson(m);
        auto fresh = m_store.logRelay(RelayRow{game.id, QStringLiteral("referee"), m.to, m.seq, message, {}}, m_clock.msecsSinceEpoch());
        if (!fresh)
            qCWarning(lcDevnet).noquote() << "cannot log" << m.type << "of" << game.wireId() << ":" << fresh.error().toString();
        if (fresh && !*fresh)
            continue; // said before a restart; a reconnecting party gets it again from the log
        push(to, msg::kVerify, relayBody(game, message, {}));
        game.messages += 1;
    }
    auto it = m_referees.find(game.id);
    if (it != m_referees.end() && it->second->referee->outcome().finished) {
        if (auto r = settleDispute(game); !r)
            qCWarning(lcDevnet).noquote() << "cannot settle" << game.wireId() << ":" << r.error().toString();
    } else if (auto r = m_store.updateGame(game, m_clock.msecsSinceEpoch()); !r) {
        qCWarning(lcDevnet).noquote() << "cannot record" << game.wireId() << ":" << r.error().toString();
    }
}

QString Coordinator::inheritedClaimOf(const TaskRow &task, const verify::PinpointOutcome &o) const
{
    auto c = m_store.commitment(task.id);
    if (!c || !*c || o.step < 0)
        return {};
    auto l = m_store.lease((*c)->leaseId);
    if (!l || !*l || !(*l)->resumeStep || (*l)->resumeNode.isEmpty() || (*l)->resumeNode == (*c)->nodeId)
        return {};
    const LeaseRow &lease = **l;
    if (o.step + 1 > *lease.resumeStep || !m_blobs)
        return {}; // the losing claim is past the checkpoint: the solver's own
    const auto hash = crypto::hashFromHex(lease.resumeHash.toStdString());
    auto spec = task::parseTaskSpec(task.spec, m_options.limits);
    if (!hash || !spec)
        return {};
    const QString path = QDir(m_blobs->dir()).filePath(QString::fromStdString(crypto::toHex(*hash)));
    auto ckpt = graph::readCheckpoint(QFile::encodeName(path).toStdString(), spec->taskId);
    if (!ckpt || ckpt->hashes.size() <= size_t(o.step + 1))
        return {};
    return ckpt->hashes[size_t(o.step + 1)] == o.claimedNext[0] ? lease.resumeNode : QString();
}

Result<void> Coordinator::settleDispute(GameRow &game)
{
    auto it = m_referees.find(game.id);
    if (it == m_referees.end())
        return makeError("devnet.no_referee", QStringLiteral("no referee for %1").arg(game.wireId()));
    const verify::PinpointOutcome o = it->second->referee->outcome();
    m_referees.erase(it);
    const qint64 now = m_clock.msecsSinceEpoch();
    auto t = taskOfGame(game);
    if (!t)
        return t.error();
    const TaskRow &task = *t;
    game.state = QStringLiteral("decided");
    game.outcome = QJsonObject{{QStringLiteral("winner"), o.winner},
                               {QStringLiteral("reason"), o.reason},
                               {QStringLiteral("step"), qint64(o.step)},
                               {QStringLiteral("node"), o.node},
                               {QStringLiteral("op"), o.op},
                               {QStringLiteral("node_name"), o.nodeName},
                               {QStringLiteral("step_rounds"), o.stepRounds},
                               {QStringLiteral("node_rounds"), o.nodeRounds},
                               {QStringLiteral("referee_ops"), o.refereeOps}};
    if (auto r = m_store.updateGame(game, now); !r)
        return r.error();
    const qint64 fee = std::max<qint64>(1, task.reward / 10);
    const QString auditJob = task.wireId() + QStringLiteral("/g%1").arg(game.parent.value_or(0));
    QStringList receipts;
    auto add = [&](Result<QString> r) -> Result<void> {
        if (!r)
            return r.error();
        receipts << *r;
        return {};
    };
    // A slash comes out of the loser's stake, never beyond it (no stake, no slash).
    auto slash = [&](const QString &job, const QString &node) -> Result<void> {
        auto stake = m_store.stakeOf(node);
        if (!stake)
            return stake.error();
        const qint64 amount = std::min(task.reward, *stake);
        if (amount <= 0)
            return {};
        return add(pay(QStringLiteral("slash"), amount, job, node, task.id));
    };
    // A run resumed from another provider's checkpoint carries that provider's h_0..h_k: when the
    // claim that lost is one of those, the provider that uploaded it made it, not the solver.
    QString cheater = game.solver;
    if (o.winner == QLatin1String("b"))
        if (const QString uploader = inheritedClaimOf(task, o); !uploader.isEmpty()) {
            cheater = uploader;
            game.outcome.insert(QStringLiteral("blamed"), uploader);
            game.outcome.insert(QStringLiteral("reason"), QString(o.reason + QStringLiteral(" (a claim of the checkpoint the solver resumed from)")));
            if (auto r = m_store.updateGame(game, now); !r)
                return r.error();
            qCInfo(lcDevnet).noquote() << "dispute" << game.wireId() << ": the losing claim h_" << (o.step + 1)
                                       << "came from the checkpoint" << uploader << "uploaded; it is slashed, not the solver";
        }
    if (o.winner == QLatin1String("b")) { // the verifier was right: the solver (or its checkpoint's uploader) cheated
        for (auto r : {slash(task.wireId(), cheater),
                       add(pay(QStringLiteral("reward"), task.reward, task.wireId(), game.verifier, task.id)),
                       add(pay(QStringLiteral("reward"), fee, auditJob, game.verifier, task.id))})
            if (!r)
                return r.error();
        if (auto r = m_store.addReputation(cheater, -10); !r)
            return r.error();
    } else if (o.winner == QLatin1String("a")) { // a false accusation
        for (auto r : {add(pay(QStringLiteral("reward"), task.reward, task.wireId(), game.solver, task.id)),
                       slash(auditJob, game.verifier)})
            if (!r)
                return r.error();
        if (auto r = m_store.addReputation(game.verifier, -10); !r)
            return r.error();
    }
    if (auto r = m_store.setTaskState(task.id, o.winner == QLatin1String("none") ? QStringLiteral("failed") : QStringLiteral("verified"), now); !r)
        return r.error();
    qCInfo(lcDevnet).noquote() << "dispute" << game.wireId() << "of" << task.wireId() << "decided: winner" << o.winner << "step"
                               << o.step << "node" << o.node << o.op << o.nodeName << "-" << o.reason;
    settled(game, o.winner == QLatin1String("none") ? QStringLiteral("failed") : QStringLiteral("decided"), receipts);
    return {};
}

// ---- money -------------------------------------------------------------------------------

Result<QString> Coordinator::pay(const QString &kind, qint64 amount, const QString &job, const QString &node, qint64 taskId)
{
    if (!m_signingKey)
        return makeError("devnet.no_key", QStringLiteral("this coordinator has no signing key: it cannot settle"));
    auto provider = m_store.provider(node);
    if (!provider)
        return provider.error();
    ReceiptFields f;
    f.kind = kind;
    f.amount = amount;
    f.taskId = job;
    f.nodeId = node;
    f.payee = *provider ? (*provider)->payout : QString();
    f.issuedMs = m_clock.msecsSinceEpoch();
    auto receipt = issueReceipt(f, *m_signingKey);
    if (!receipt)
        return receipt.error();
    ReceiptRow row;
    row.id = receipt->id;
    row.nodeId = node;
    row.kind = kind;
    row.amount = amount;
    row.signedAmount = receipt->signedAmount();
    row.taskId = taskId;
    row.json = receipt->toJson();
    row.ms = f.issuedMs;
    auto added = m_store.addReceipt(row);
    if (!added)
        return added.error();
    push(node, msg::kReceipt, QJsonObject{{QStringLiteral("receipt"), row.json}});
    return row.id;
}

void Coordinator::settled(const GameRow &g, const QString &outcome, const QStringList &receipts)
{
    const QJsonObject body{{QStringLiteral("task"), QStringLiteral("t%1").arg(g.taskId)},
                           {QStringLiteral("game"), g.wireId()},
                           {QStringLiteral("outcome"), outcome},
                           {QStringLiteral("detail"), g.outcome},
                           {QStringLiteral("receipts"), QJsonArray::fromStringList(receipts)}};
    push(g.solver, msg::kSettled, body);
    if (!g.verifier.isEmpty())
        push(g.verifier, msg::kSettled, body);
}

// ---- reconnects and time-outs -----------------------------------------------------------

void Coordinator::resendTo(const QString &node)
{
    if (auto receipts = m_store.receiptsOf(node))
        for (const ReceiptRow &r : *receipts)
            push(node, msg::kReceipt, QJsonObject{{QStringLiteral("receipt"), r.json}});
    if (auto open = m_store.gamesInState(QStringLiteral("open")))
        for (const GameRow &g : *open)
            if (g.kind == QLatin1String("audit") && g.verifier == node)
                if (auto t = m_store.task(g.taskId); t && *t)
                    if (auto c = m_store.commitment(g.taskId); c && *c)
                        push(node, msg::kAuditAssign, auditAssignBody(g, **t, **c));
    // What was relayed to this node in games still open: the connection may have dropped before
    // it arrived. Its state machines skip what they already have (by seq).
    if (auto open = m_store.gamesInState(QStringLiteral("open")))
        for (const GameRow &g : *open) {
            if (g.solver != node && g.verifier != node)
                continue;
            if (g.kind == QLatin1String("dispute"))
                (void)refereeOf(g); // rebuilt now, before the parties answer what it asked
            if (auto log = m_store.relayLog(g.id))
                for (const RelayRow &row : *log)
                    if (nodeForRole(g, row.to) == node)
                        push(node, msg::kVerify, relayBody(g, row.message, row.blob));
        }
    if (auto rep = m_store.gamesInState(QStringLiteral("replicating")))
        for (const GameRow &g : *rep)
            if (auto t = m_store.task(g.taskId); t && *t) {
                if (g.solver == node && !g.ready.contains(QLatin1Char('a')))
                    push(node, msg::kDisputeOpen, disputeOpenBody(g, **t, QStringLiteral("a")));
                if (g.verifier == node && !g.ready.contains(QLatin1Char('b')))
                    push(node, msg::kDisputeOpen, disputeOpenBody(g, **t, QStringLiteral("b")));
            }
}

void Coordinator::sweepGames(qint64 now)
{
    if (now - m_lastGameSweepMs < 1000)
        return;
    m_lastGameSweepMs = now;
    // Audits waiting for a verifier get one as soon as another provider is online.
    if (auto waiting = m_store.gamesInState(QStringLiteral("waiting")))
        for (GameRow g : *waiting) {
            g.verifier = pickVerifier(g.solver);
            if (g.verifier.isEmpty())
                continue;
            auto t = m_store.task(g.taskId);
            auto c = m_store.commitment(g.taskId);
            if (!t || !*t || !c || !*c)
                continue;
            g.state = QStringLiteral("open");
            if (m_store.updateGame(g, now)) {
                qCInfo(lcDevnet).noquote() << "audit" << g.wireId() << "assigned to" << g.verifier;
                push(g.verifier, msg::kAuditAssign, auditAssignBody(g, **t, **c));
            }
        }
    // Open games that went silent: a dispute's referee rules against whoever owes an answer; an
    // audit whose verifier vanished goes to another verifier (the solver is not blamed for it).
    if (auto open = m_store.gamesInState(QStringLiteral("open")))
        for (GameRow g : *open) {
            if (now - g.updatedMs < m_options.gameTimeoutMs)
                continue;
            if (g.kind == QLatin1String("dispute")) {
                auto referee = refereeOf(g);
                if (!referee && referee.error().code == QLatin1String("devnet.game_over"))
                    continue; // rebuilding it reached a verdict the restart had cut off: settled now
                if (!referee) {
                    g.state = QStringLiteral("abandoned");
                    (void)m_store.updateGame(g, now);
                    (void)m_store.setTaskState(g.taskId, QStringLiteral("failed"), now);
                    qCWarning(lcDevnet).noquote() << "dispute" << g.wireId() << "abandoned:" << referee.error().message;
                    continue;
                }
                qCInfo(lcDevnet).noquote() << "dispute" << g.wireId() << "timed out; the referee rules";
                routeFromReferee(g, (*referee)->referee->onTimeout());
                continue;
            }
            g.state = QStringLiteral("abandoned");
            if (!m_store.updateGame(g, now))
                continue;
            qCWarning(lcDevnet).noquote() << "audit" << g.wireId() << "timed out; another verifier gets it";
            auto t = m_store.task(g.taskId);
            auto c = m_store.commitment(g.taskId);
            if (t && *t && c && *c)
                (void)scheduleAudit(**t, **c, g.id);
        }
    if (auto rep = m_store.gamesInState(QStringLiteral("replicating")))
        for (GameRow g : *rep)
            if (now - g.updatedMs >= m_options.replicateTimeoutMs) {
                // The party that never got ready loses, as silence does in the game itself.
                const bool aReady = g.ready.contains(QLatin1Char('a'));
                const bool bReady = g.ready.contains(QLatin1Char('b'));
                g.state = QStringLiteral("abandoned");
                g.outcome = QJsonObject{{QStringLiteral("winner"), aReady && !bReady ? QStringLiteral("a")
                                                                   : bReady && !aReady ? QStringLiteral("b")
                                                                                       : QStringLiteral("none")},
                                        {QStringLiteral("reason"), QStringLiteral("a party never got ready for the game")}};
                (void)m_store.updateGame(g, now);
                (void)m_store.setTaskState(g.taskId, QStringLiteral("failed"), now);
                qCWarning(lcDevnet).noquote() << "dispute" << g.wireId() << "abandoned: a party never got ready";
            }
}

} // namespace idleforge::devnet
