#pragma once
// What a receiver runs on every incoming control message, in this order (cheap checks first,
// the replay cache touched only by correctly signed messages so forgeries cannot fill it):
//
//   size -> JSON -> envelope shape -> version      (Envelope::parse)
//   pinned sender, if one is set                    protocol.unexpected_sender
//   Ed25519 signature                               protocol.bad_signature
//   |now - ts| <= window                            protocol.stale
//   nonce not seen from this sender (ReplayCache)   protocol.replay
//
// Time comes from an injectable Clock. Never throws; every refusal is an Error whose message
// can be sent back to the peer as is.
#include "base/Clock.h"
#include "base/Error.h"
#include "protocol/Envelope.h"
#include "protocol/ReplayCache.h"

#include <optional>

namespace idleforge::protocol {

class EnvelopeVerifier {
public:
    struct Options {
        qint64 windowMs = 120'000; // accepted clock difference, both directions
        ReplayCache::Limits replay;
        std::optional<crypto::PublicKey> pinnedSender; // clients pin the coordinator key
    };

    explicit EnvelopeVerifier(const Clock &clock = Clock::instance()) : EnvelopeVerifier(Options{}, clock) {}
    EnvelopeVerifier(Options options, const Clock &clock = Clock::instance());

    Result<Envelope> verify(const QByteArray &wire);

    void pin(const crypto::PublicKey &key) { m_options.pinnedSender = key; }
    const Options &options() const { return m_options; }

private:
    Options m_options;
    const Clock &m_clock;
    ReplayCache m_replay;
};

} // namespace idleforge::protocol
