#pragma once
// The coordinator's relay of `verify` envelopes: the verification machines' messages between
// the nodes bound to each role of a game (audit: solver, verifier; dispute: a, b), and to the
// dispute's referee. It never trusts a relayed claim it can check: the sender must be the node
// of its role, an audit challenge must reveal the seed drawn after the commitment, and the
// commitment a solver answers with must be the one it committed to. Every message is logged
// once (GameStore::logRelay): a re-send is acknowledged with `duplicate: true` and not passed
// on again, and a node that registers again gets what was addressed to it in open games.
//
// Calls DisputeHost (a message to the referee, a referee rebuilt before a resend); nothing
// calls it but Coordinator.
#include "devnet/CoordinatorContext.h"
#include "protocol/Envelope.h"

namespace idleforge::verify {
struct Message;
}

namespace idleforge::devnet {

class DisputeHost;

class VerifyRelay {
public:
    VerifyRelay(CoordinatorContext &ctx, DisputeHost &disputes) : m_ctx(ctx), m_disputes(disputes) {}

    Result<QJsonObject> onVerify(const protocol::Envelope &e); // reply body of `ack`
    // What was relayed to `node` in open games again (its machines skip by seq what they have).
    void resendTo(const QString &node);

private:
    // What the coordinator can check itself of a message in an open game.
    Result<void> check(const GameRow &game, const verify::Message &m, const QString &sender) const;

    CoordinatorContext &m_ctx;
    DisputeHost &m_disputes;
};

} // namespace idleforge::devnet
