// The signed envelope decoder (protocol/Envelope.h) on bytes as they come off a control
// connection, then every typed body decoder (MessageBodies.h, GameBodies.h) on its body.
// Properties: a parsed envelope's wire form parses back to the same signed bytes, and a body
// that decodes writes a form that decodes again.
#include "FuzzUtil.h"

#include "protocol/Envelope.h"
#include "protocol/GameBodies.h"
#include "protocol/MessageBodies.h"

using namespace idleforge;
using namespace idleforge::protocol;

namespace {

template <typename Body>
void decodeAs(const QJsonObject &body)
{
    const auto parsed = Body::fromJson(body);
    if (!parsed)
        return;
    const auto again = Body::fromJson(parsed->toJson());
    FUZZ_CHECK(again.ok());
}

void decodeBodies(const QJsonObject &b)
{
    decodeAs<HelloBody>(b);
    decodeAs<RegisterBody>(b);
    decodeAs<RegisteredBody>(b);
    decodeAs<EmptyBody>(b);
    decodeAs<LeaseBody>(b);
    decodeAs<NoTaskBody>(b);
    decodeAs<HeartbeatBody>(b);
    decodeAs<HeartbeatAckBody>(b);
    decodeAs<LeaseReleaseBody>(b);
    decodeAs<SubmitBody>(b);
    decodeAs<SubmittedBody>(b);
    decodeAs<StatusReplyBody>(b);
    decodeAs<ErrorBody>(b);
    decodeAs<CommitBody>(b);
    decodeAs<CommitAckBody>(b);
    decodeAs<AuditAssignBody>(b);
    decodeAs<VerifyBody>(b);
    decodeAs<VerifyAckBody>(b);
    decodeAs<AuditReport>(b);
    decodeAs<AuditResultBody>(b);
    decodeAs<DisputeOpenBody>(b);
    decodeAs<DisputeReadyBody>(b);
    decodeAs<ReceiptBody>(b);
    decodeAs<DisputeVerdict>(b);
    decodeAs<SettledBody>(b);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto envelope = Envelope::parse(fuzz::bytes(data, size));
    if (!envelope)
        return 0;
    (void)envelope->signatureValid();
    const auto again = Envelope::parse(envelope->toWire());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->canonical == envelope->canonical);
    FUZZ_CHECK(again->type == envelope->type && again->nonce == envelope->nonce && again->tsMs == envelope->tsMs);
    decodeBodies(envelope->body);
    return 0;
}
