#include "verify/GameDriver.h"

#include "verify/Log.h"

#include <deque>

namespace idleforge::verify {

namespace {

// Delivers queued messages through `deliver` (which returns the replies or an error).
template <typename Deliver, typename Stalled>
Traffic pump(std::vector<Message> first, const Tamper &tamper, Deliver deliver, Stalled stalled)
{
    Traffic traffic;
    std::deque<Message> queue;
    const auto post = [&](std::vector<Message> msgs) {
        for (auto &m : msgs) {
            if (tamper) {
                for (auto &t : tamper(m))
                    queue.push_back(std::move(t));
            } else {
                queue.push_back(std::move(m));
            }
        }
    };
    post(std::move(first));
    for (int guard = 0; guard < 100000; ++guard) {
        if (queue.empty()) {
            std::vector<Message> more = stalled();
            if (more.empty())
                break;
            post(std::move(more));
            continue;
        }
        Message m = std::move(queue.front());
        queue.pop_front();
        ++traffic.messages;
        traffic.bytes += m.wireBytes();
        Result<std::vector<Message>> replies = deliver(m);
        if (!replies) {
            qCDebug(lcVerify) << "rejected" << m.type << "for" << m.to << ":" << replies.error().toString();
            traffic.rejected << m.to + QStringLiteral(": ") + replies.error().toString();
            continue;
        }
        post(std::move(replies).value());
    }
    return traffic;
}

} // namespace

Traffic runAudit(AuditVerifier &verifier, AuditSolver &solver, const Tamper &tamper)
{
    return pump(
        verifier.start(), tamper,
        [&](const Message &m) -> Result<std::vector<Message>> {
            if (m.to == QLatin1String("verifier"))
                return verifier.handle(m);
            if (m.to == QLatin1String("solver"))
                return solver.handle(m);
            return makeError("verify.misrouted", QStringLiteral("no party \"%1\"").arg(m.to));
        },
        [&] {
            if (!verifier.report().finished)
                verifier.onTimeout();
            return std::vector<Message>{};
        });
}

Traffic runPinpoint(PinpointReferee &referee, PinpointParty &a, PinpointParty &b, const Tamper &tamper)
{
    return pump(
        referee.start(), tamper,
        [&](const Message &m) -> Result<std::vector<Message>> {
            if (m.to == QLatin1String("referee"))
                return referee.handle(m);
            if (m.to == QLatin1String("a"))
                return a.handle(m);
            if (m.to == QLatin1String("b"))
                return b.handle(m);
            return makeError("verify.misrouted", QStringLiteral("no party \"%1\"").arg(m.to));
        },
        [&] { return referee.outcome().finished ? std::vector<Message>{} : referee.onTimeout(); });
}

} // namespace idleforge::verify
