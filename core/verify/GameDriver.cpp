#include "verify/GameDriver.h"

#include "verify/Log.h"

#include <deque>
#include <optional>

namespace idleforge::verify {

namespace {

// Delivers queued messages through `deliver` (which returns the replies or an error), in order.
template <typename Deliver>
class Pump {
public:
    Pump(const Tamper &tamper, Deliver deliver) : m_tamper(tamper), m_deliver(std::move(deliver)) {}

    void post(std::vector<Message> msgs)
    {
        for (auto &m : msgs) {
            if (m_tamper) {
                for (auto &t : m_tamper(m))
                    m_queue.push_back(std::move(t));
            } else {
                m_queue.push_back(std::move(m));
            }
        }
    }
    // Delivers the message in front while `accept` takes it (a guard ends a game that never stops).
    template <typename Accept>
    void deliverWhile(Accept accept)
    {
        while (!m_queue.empty() && m_guard < kGuard && accept(m_queue.front())) {
            ++m_guard;
            Message m = std::move(m_queue.front());
            m_queue.pop_front();
            ++m_traffic.messages;
            m_traffic.bytes += m.wireBytes();
            Result<std::vector<Message>> replies = m_deliver(m);
            if (!replies) {
                qCDebug(lcVerify) << "rejected" << m.type << "for" << m.to << ":" << replies.error().toString();
                m_traffic.rejected << m.to + QStringLiteral(": ") + replies.error().toString();
                continue;
            }
            post(std::move(replies).value());
        }
    }
    // Everything, and whatever `stalled` (the timeouts) adds once nothing is left, until it adds none.
    template <typename Stalled>
    Traffic run(Stalled stalled)
    {
        for (; m_guard < kGuard; ++m_guard) {
            deliverWhile([](const Message &) { return true; });
            std::vector<Message> more = stalled();
            if (more.empty())
                break;
            post(std::move(more));
        }
        return m_traffic;
    }

private:
    static constexpr int kGuard = 100000;
    const Tamper &m_tamper;
    Deliver m_deliver;
    std::deque<Message> m_queue;
    Traffic m_traffic;
    int m_guard = 0;
};

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
    Pump pump(tamper, [&](const Message &m) { return deliver(m, Party{"verifier", &verifier}, Party{"solver", &solver}); });
    // The openings reach the verifier as the solver makes them, as the node's relay sends them, so
    // one state is held at a time instead of all m (246 MB for m = 44 of the d128 state). From
    // inside the solver's serving only messages to the verifier are delivered; any for the solver
    // wait until it is done.
    solver.setSink([&pump](Message m) {
        pump.post({std::move(m)});
        pump.deliverWhile([](const Message &next) { return next.to == QLatin1String("verifier"); });
        return true;
    });
    struct Unsink { // the sink refers to this pump: gone with it, however runAudit ends
        AuditSolver &solver;
        ~Unsink() { solver.setSink({}); }
    } unsink{solver};
    pump.post(verifier.start());
    return pump.run([&] {
        if (!verifier.report().finished)
            verifier.onTimeout();
        return std::vector<Message>{};
    });
}

Traffic runPinpoint(PinpointReferee &referee, PinpointParty &a, PinpointParty &b, const Tamper &tamper)
{
    Pump pump(tamper, [&](const Message &m) { return deliver(m, Party{"referee", &referee}, Party{"a", &a}, Party{"b", &b}); });
    pump.post(referee.start());
    return pump.run([&] { return referee.outcome().finished ? std::vector<Message>{} : referee.onTimeout(); });
}

} // namespace idleforge::verify
