#pragma once
// The signed envelope every control message travels in (README.md has the message list):
//
//   {"v": 2, "type": "heartbeat", "from": "<base58 Ed25519 public key>",
//    "nonce": "<16..64 chars [A-Za-z0-9_-]>", "ts": <ms since epoch>, "body": {...},
//    "sig": "<base58 Ed25519 signature>"}
//
// The signature covers the canonical JSON (CanonicalJson.h) of the object without "sig", so the
// wire bytes may differ (whitespace, key order) without breaking it. Unknown top-level fields
// are refused rather than signed along: a version bump is the way to add one.
//
// Envelope::parse checks shape only (size, JSON, fields, version); the signature, freshness and
// replay checks live in EnvelopeVerifier, which is what receivers call.
#include "base/Error.h"
#include "crypto/Ed25519.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace idleforge::protocol {

// Who signs outgoing envelopes: the node identity (wallet::NodeIdentity) or the coordinator key.
// A function rather than a key pair so the secret stays inside its owner.
struct Signer {
    crypto::PublicKey publicKey{};
    std::function<crypto::Signature(std::span<const std::uint8_t>)> sign;

    static Signer of(const crypto::Ed25519KeyPair &key); // `key` must outlive the Signer
};

// Version 2: the training state's tensor leaves are BLAKE3 (graph::tensorLeafHash), so every state
// hash h_t, run commitment and dispute trace differs from version 1's (BLAKE2b leaves). A peer of
// version 1 would disagree on every commitment an honest node makes, so it is refused here,
// before any lease, audit or dispute, with protocol.bad_version.
inline constexpr int kProtocolVersion = 2;
// Largest control message accepted (bytes on the wire). Blobs go over HTTP, never here.
inline constexpr qsizetype kMaxMessageBytes = 1 << 20;

struct Envelope {
    int version = kProtocolVersion;
    QString type;
    QString from;          // base58 public key of the signer
    crypto::PublicKey fromKey{};
    QString nonce;
    qint64 tsMs = 0;
    QJsonObject body;
    QByteArray canonical;  // the signed bytes (everything but "sig")
    crypto::Signature signature{};

    // Shape checks. Errors: protocol.oversized, protocol.bad_json, protocol.bad_version,
    // protocol.bad_envelope (a missing, extra or mistyped field).
    static Result<Envelope> parse(const QByteArray &wire);

    bool signatureValid() const;
    QByteArray toWire() const; // canonical JSON with "sig"
};

// A fresh random nonce (128 bits, base64url without padding: 22 characters).
QString makeNonce();

// Builds and signs an envelope; tsMs is the sender's clock. Fails only for a body the canonical
// form refuses (fractions, huge integers).
Result<Envelope> signEnvelope(const QString &type, const QJsonObject &body, const Signer &signer, qint64 tsMs,
                              const QString &nonce = makeNonce());

QString keyToBase58(const crypto::PublicKey &key);
std::optional<crypto::PublicKey> keyFromBase58(const QString &text);

} // namespace idleforge::protocol
