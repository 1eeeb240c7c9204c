#include "verify/GameDriver.h"

#include "verify/Log.h"

#include <deque>
#include <optional>

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

// A party by the name messages address it with.
template <typename T>
struct Party {
    const char *name;
    T *party;
};
// Spelled out for clang before 17, which does not deduce an aggregate's arguments (P1816).
template <typename T>
Party(const char *, T *) -> Party<T>;

// `m` handled by the party it is addressed to.
template <typename... T>
Result<std::vector<Message>> deliver(const Message &m, Party<T>... parties)
{
    std::optional<Result<std::vector<Message>>> replies;
    ((!replies && m.to == QLatin1String(parties.name) ? void(replies.emplace(parties.party->handle(m))) : void()), ...);
    if (replies)
        return std::move(*replies);
    return makeError("verify.misrouted", QStringLiteral("no party \"%1\"").arg(m.to));
}
} // namespace

Traffic runAudit(AuditVerifier &verifier, AuditSolver &solver, const Tamper &tamper)
{
    return pump(
        verifier.start(), tamper, [&](const Message &m) { return deliver(m, Party{"verifier", &verifier}, Party{"solver", &solver}); },
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
        [&](const Message &m) { return deliver(m, Party{"referee", &referee}, Party{"a", &a}, Party{"b", &b}); },
        [&] { return referee.outcome().finished ? std::vector<Message>{} : referee.onTimeout(); });
}

} // namespace idleforge::verify
