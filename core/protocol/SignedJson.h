#pragma once
// What the three signed forms (Envelope, Receipt, CapabilityRecord) share: a JSON object whose
// "sig" is a base58 Ed25519 signature over the canonical JSON (CanonicalJson.h) of the rest.
#include "base/Error.h"
#include "crypto/Ed25519.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <span>

namespace idleforge::protocol {

// The bytes of `b`, as signatures take them.
std::span<const std::uint8_t> bytesOf(const QByteArray &b);

struct SignedParts {
    QByteArray canonical; // the canonical JSON of the object without "sig": what was signed
    crypto::Signature signature;
};

// Splits a signed object. The error's message is the reason alone ("\"sig\" is not a base58
// 64-byte signature", or why the rest has no canonical form), for the caller's own error code.
Result<SignedParts> splitSigned(const QJsonObject &signedObject);

// `value` with its `canonical` and `signature` members from `signedObject`, or bad(reason).
template <class T, class Bad>
Result<T> withSignedParts(T value, const QJsonObject &signedObject, Bad bad)
{
    auto parts = splitSigned(signedObject);
    if (!parts)
        return bad(parts.error().message);
    value.canonical = std::move(parts->canonical);
    value.signature = parts->signature;
    return value;
}

// The base58 text of a signature, as "sig" holds it.
QString signatureText(const crypto::Signature &signature);

} // namespace idleforge::protocol
