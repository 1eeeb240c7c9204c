#include "devnet/VerifyRelay.h"

#include "devnet/DisputeHost.h"
#include "protocol/Messages.h"
#include "verify/Message.h"

namespace idleforge::devnet {

namespace msg = protocol::msg;

Result<void> VerifyRelay::check(const GameRow &game, const verify::Message &m, const QString &sender) const
{
    if (m.game != game.wireId())
        return badRequest(QStringLiteral("the message belongs to game %1, not %2").arg(m.game, game.wireId()));
    if (nodeForRole(game, m.from) != sender)
        return makeError("devnet.not_your_role", QStringLiteral("this node does not play \"%1\" in %2").arg(m.from, game.wireId()));
    if (m.type == QLatin1String("audit.challenge") && m.body.value(QLatin1String("seed")).toString() != game.seed)
        return makeError("devnet.bad_seed", QStringLiteral("the challenge must reveal the seed drawn after the commitment"));
    if (m.type == QLatin1String("audit.commitment")) {
        auto c = m_ctx.games().commitment(game.taskId);
        if (!c)
            return c.error();
        if (!*c || m.body.value(QLatin1String("commitment")).toString() != (*c)->runRoot)
            return makeError("devnet.wrong_commitment", QStringLiteral("the solver must answer with the commitment it sent"));
    }
    const bool toReferee = m.to == QLatin1String("referee");
    if (toReferee && game.kind != QLatin1String("dispute"))
        return badRequest(QStringLiteral("an audit has no referee"));
    if (!toReferee && (nodeForRole(game, m.to).isEmpty() || m.to == m.from))
        return badRequest(QStringLiteral("no party \"%1\" in %2").arg(m.to, game.wireId()));
    return {};
}

Result<QJsonObject> VerifyRelay::onVerify(const protocol::Envelope &e)
{
    auto body = readBody<protocol::VerifyBody>(e);
    if (!body)
        return body.error();
    const QJsonObject &message = body->msg;
    const QString &blob = body->blob;
    if (message.isEmpty())
        return badRequest(QStringLiteral("verify: field \"msg\" must be a verification message"));
    auto m = verify::messageFromJson(message);
    if (!m)
        return m.error();
    auto g = m_ctx.games().gameOfKind(idOf(body->game, QLatin1Char('g')), nullptr);
    if (!g)
        return g.error();
    GameRow &game = *g;
    if (game.state != QLatin1String("open")) {
        // The verifier's closing audit.result may cross its audit_result: nothing to relay.
        if (m->type == QLatin1String("audit.result") || m->type == QLatin1String("pinpoint.verdict"))
            return protocol::VerifyAckBody{}.toJson();
        return makeError("devnet.game_over", QStringLiteral("%1 is %2").arg(game.wireId(), game.state));
    }
    if (auto r = check(game, *m, e.from); !r)
        return r.error();
    // Exactly once: a re-send (from the sender's outbox, after a reconnect) is acknowledged and
    // not passed on again. The log also lets a reconnecting receiver and a rebuilt referee catch up.
    const qint64 now = m_ctx.now();
    auto fresh = m_ctx.games().logRelay(RelayRow{game.id, m->from, m->to, m->seq, message, blob}, now);
    if (!fresh)
        return fresh.error();
    if (!*fresh)
        return protocol::VerifyAckBody{.duplicate = true}.toJson();
    game.messages += 1;
    game.bytes += e.toWire().size();
    if (auto r = m_ctx.games().updateGame(game, now); !r)
        return r.error();
    if (m->to == QLatin1String("referee")) {
        if (auto r = m_disputes.deliver(game, message, blob); !r)
            return r.error();
        return protocol::VerifyAckBody{}.toJson();
    }
    m_ctx.push(nodeForRole(game, m->to), msg::kVerify, verifyPushBody(game, message, blob));
    return protocol::VerifyAckBody{}.toJson();
}

void VerifyRelay::resendTo(const QString &node)
{
    // What was relayed to this node in games still open: the connection may have dropped before
    // it arrived. Its state machines skip what they already have (by seq).
    auto open = m_ctx.games().gamesInState(QStringLiteral("open"));
    if (!open)
        return;
    for (const GameRow &g : *open) {
        if (g.solver != node && g.verifier != node)
            continue;
        if (g.kind == QLatin1String("dispute"))
            (void)m_disputes.ensureReferee(g); // rebuilt now, before the parties answer what it asked
        if (auto log = m_ctx.games().relayLog(g.id))
            for (const RelayRow &row : *log)
                if (nodeForRole(g, row.to) == node)
                    m_ctx.push(node, msg::kVerify, verifyPushBody(g, row.message, row.blob));
    }
}

} // namespace idleforge::devnet
