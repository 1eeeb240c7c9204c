#pragma once
// Who may PUT a blob: an upload carries its uploader's Ed25519 key, the time and a signature,
//
//   X-IdleForge-Key: <base58 public key>
//   X-IdleForge-Time: <ms since epoch>
//   X-IdleForge-Signature: <base58 Ed25519 signature over blobPutMessage(...)>
//
// so the server can refuse strangers before it reads a byte of the body (devnet::BlobServer).
// The signed bytes are domain-separated (they cannot pass for a control envelope or anything
// else this key signs) and name the method, the blob, its length and the time, so a signature
// cannot be replayed for other bytes or much later. Shared by both ends so they cannot drift.
#include "crypto/Blake2b.h"
#include "protocol/Envelope.h"

#include <QByteArray>

#include <optional>

namespace idleforge::protocol {

inline constexpr char kBlobKeyHeader[] = "X-IdleForge-Key";
inline constexpr char kBlobTimeHeader[] = "X-IdleForge-Time";
inline constexpr char kBlobSignatureHeader[] = "X-IdleForge-Signature";

// "idleforge-blob-put-v1\n<METHOD>\n<64 hex>\n<length>\n<time ms>"
QByteArray blobPutMessage(const QByteArray &method, const QByteArray &hashHex, qint64 length, qint64 timeMs);

struct BlobPutHeaders {
    QByteArray key, time, signature;
};
BlobPutHeaders signBlobPut(const Signer &signer, const crypto::Hash256 &hash, qint64 length, qint64 timeMs);

std::optional<crypto::Signature> signatureFromBase58(const QByteArray &text);

} // namespace idleforge::protocol
