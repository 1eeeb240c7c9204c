#include "protocol/EnvelopeVerifier.h"

namespace idleforge::protocol {

EnvelopeVerifier::EnvelopeVerifier(Options options, const Clock &clock)
    : m_options(std::move(options)), m_clock(clock), m_replay(m_options.replay)
{
}

Result<Envelope> EnvelopeVerifier::verify(const QByteArray &wire)
{
    auto parsed = Envelope::parse(wire);
    if (!parsed)
        return parsed.error();
    const Envelope &e = *parsed;
    if (m_options.pinnedSender && e.fromKey != *m_options.pinnedSender)
        return makeError("protocol.unexpected_sender",
                         QStringLiteral("message signed by %1, not by the pinned key %2")
                             .arg(e.from, keyToBase58(*m_options.pinnedSender)));
    if (!e.signatureValid())
        return makeError("protocol.bad_signature",
                         QStringLiteral("the signature of this \"%1\" message does not verify against its sender key %2")
                             .arg(e.type, e.from));
    const qint64 now = m_clock.msecsSinceEpoch();
    if (e.tsMs < now - m_options.windowMs || e.tsMs > now + m_options.windowMs)
        return makeError("protocol.stale", QStringLiteral("timestamp %1 is %2 ms away from the receiver's clock %3 "
                                                          "(window %4 ms); check the sender's clock")
                                               .arg(e.tsMs)
                                               .arg(e.tsMs - now)
                                               .arg(now)
                                               .arg(m_options.windowMs));
    if (!m_replay.admit(e.from, e.nonce, e.tsMs, now - m_options.windowMs))
        return makeError("protocol.replay",
                         QStringLiteral("nonce %1 from %2 was already used (a replayed message)").arg(e.nonce, e.from));
    return parsed;
}

} // namespace idleforge::protocol
