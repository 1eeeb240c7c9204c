#pragma once
// The request head of a blob connection (BlobServer.h has the protocol and its answers), parsed
// from bytes alone: BlobServer hands what a connection sent to these functions and only sends
// the answer, so every rule about the head is tested, and fuzzed (tests/fuzz/fuzz_blob_http),
// without a socket.
#include "crypto/Ed25519.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace idleforge::devnet {

// The largest request head read (the blank line that ends it included in the count).
inline constexpr qsizetype kMaxRequestHead = 8 * 1024;

// Where the head ends in the bytes a connection has sent so far.
struct HeadSplit {
    enum class State { Incomplete, TooLarge, Complete };
    State state = State::Incomplete;
    QByteArray head; // Complete: the request line and header lines, without the blank line
    QByteArray rest; // Complete: the bytes after the blank line (the start of a body)
};
// Incomplete while no "\r\n\r\n" came and the bytes still fit kMaxRequestHead; TooLarge (431)
// once they do not, or when the blank line comes after kMaxRequestHead bytes.
HeadSplit splitRequestHead(const QByteArray &received);

// A head checked as a blob GET or PUT. status 0: well-formed; otherwise the answer to give
// (400, 404, 405 or 411) with its reason phrase and text (empty: the reason phrase).
struct BlobRequest {
    int status = 0;
    QByteArray reason;
    QByteArray text;
    bool put = false;
    QByteArray hashHex;          // 64 lower-case hex digits, the only spelling accepted
    qint64 contentLength = 0;    // PUT: its one decimal Content-Length
    bool expectContinue = false; // PUT: "Expect: 100-continue"
};
BlobRequest parseBlobRequest(const QByteArray &head);

// An upload's credentials (protocol/BlobAuth.h); each is unset when its header is missing,
// repeated or malformed. keyText is the header as sent (the quota's key).
struct UploadCredentials {
    QByteArray keyText;
    std::optional<crypto::PublicKey> key;
    std::optional<qint64> timeMs;
    std::optional<crypto::Signature> signature;
};
UploadCredentials uploadCredentials(const QByteArray &head);

// The values of header field `name` (lower case) in a request head, in order, trimmed. Lines
// without a colon are skipped: they cannot carry the fields an upload depends on.
QList<QByteArray> headerValues(const QByteArray &head, const QByteArray &name);

} // namespace idleforge::devnet
