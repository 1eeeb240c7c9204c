#pragma once
// Blobs (datasets, states, checkpoints) by content hash over HTTP/1.1, or HTTPS once useTls()
// is given a server configuration (protocol/Tls.h; a QSslServer, so a request is read only
// after its TLS handshake):
//
//   GET /blobs/<64 lower-case hex BLAKE2b-256>  -> 200 with the bytes | 404 | 400 | 405
//   PUT /blobs/<64 lower-case hex BLAKE2b-256>  -> 201 stored | 200 already there | 400 | 411
//                                                  | 401 unsigned, bad signature or stale time
//                                                  | 403 not a registered party | 429 over quota
//                                                  | 413 over the cap | 422 hash mismatch
//   any connection over the caps                -> 503, closed
//
// A PUT carries X-IdleForge-Key, X-IdleForge-Time and X-IdleForge-Signature (protocol/BlobAuth.h):
// the signature must verify, the time be within Limits::maxClockSkewMs of ours, the key be one
// setUploaders() admits (DevnetApp: a registered provider, or a key with a live authenticated
// control connection, which is how `idleforgectl devnet submit` uploads its dataset), and the
// key's uploads in the last quotaWindowMs (Content-Lengths, re-uploads too) plus this one fit
// in quotaBytes. All of it is decided from the head, before any of the body is read.
//
// One request per connection (Connection: close), request head capped at 8 KiB and bounded by
// the head timeout, files served from a content-addressed directory (task::DatasetStore
// layout). The server does not vouch for the bytes it serves: the client checks them against
// the hash on arrival (protocol::BlobFetcher). An upload is different: the server hashes the
// body as it streams in (to a QSaveFile beside its final name, never whole in memory) and
// commits it under its name only if the hash matches the path, so a GET can never see a partial
// or mislabelled upload. A PUT of a blob already there is answered 200 and refreshes its mtime,
// so the Housekeeper's grace period starts again for a client that was just told it is there.
//
// Bounds (Limits): connections in total and per peer address; a download keeps at most
// maxQueuedBytes in its socket's buffers (refilled as they drain), so a client that stops
// reading costs little memory; a body in either direction is cut when nothing moved for
// idleTimeoutMs, or when after rateGraceMs its average rate is under minBytesPerSecond (a large
// blob on a slow link still arrives, a trickle does not hold a slot for ever).
#include "base/Error.h"
#include "crypto/Ed25519.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace idleforge::devnet {

struct BlobRequest;
class UploadQuota;

class BlobServer : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultMaxUploadBytes = qint64(256) << 20;
    static constexpr int kDefaultUploadIdleTimeoutMs = 30'000;

    struct Limits {
        int maxConnections = 256;
        int maxPerAddress = 32;
        int headTimeoutMs = 30'000;          // to receive the whole request head
        int idleTimeoutMs = kDefaultUploadIdleTimeoutMs; // a body that moves nothing this long is cut
        qint64 minBytesPerSecond = 16 * 1024; // a body's average rate, checked after the grace
        int rateGraceMs = 30'000;
        qint64 maxQueuedBytes = 256 * 1024;   // per download, written in 64 KiB chunks
        qint64 quotaBytes = qint64(8) << 30;  // per uploader key per window
        qint64 quotaWindowMs = 3'600'000;
        qint64 maxClockSkewMs = 5 * 60'000;
    };
    // Whether a key may upload at all (403 otherwise). Unset: nobody may.
    using UploaderCheck = std::function<bool(const crypto::PublicKey &)>;

    explicit BlobServer(QString dir, QObject *parent = nullptr);
    ~BlobServer() override;

    // Serve https:// with this certificate and key; call before listen().
    void useTls(const QSslConfiguration &configuration);
    bool secure() const { return m_secure; }
    Result<void> listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    qint64 served() const { return m_served; }
    // Uploads that stored a new blob (201); re-uploads of a blob already there do not count.
    qint64 uploaded() const { return m_uploaded; }
    qint64 bytesServed() const { return m_bytesServed; }     // bodies of answered GETs
    qint64 bytesReceived() const { return m_bytesReceived; } // bodies of complete PUTs (re-uploads too)
    int connectionCount() const { return m_connections; }
    qint64 rejectedConnections() const { return m_rejected; } // answered 503 for a cap
    qint64 cutTransfers() const { return m_cut; }             // bodies cut for idling or crawling
    // The most any download has had queued in its socket (the back-pressure bound, observed).
    qint64 peakQueuedBytes() const { return m_peakQueued; }

    void setLimits(const Limits &limits);
    const Limits &limits() const { return m_limits; }
    void setUploaders(UploaderCheck check) { m_uploaders = std::move(check); }
    // A PUT whose Content-Length is over this is answered 413 before any of its body is read.
    void setMaxUploadBytes(qint64 bytes) { m_maxUploadBytes = bytes; }
    qint64 maxUploadBytes() const { return m_maxUploadBytes; }
    // An upload (or download) that moves nothing for this long is aborted (and nothing stored).
    void setUploadIdleTimeout(int ms) { m_limits.idleTimeoutMs = ms; }

Q_SIGNALS:
    // A new blob is in the store and served from now on (after a 201, not after a 200).
    void blobStored(const QString &hashHex, qint64 bytes);

private:
    friend class BlobUpload;
    friend class BlobDownload;
    friend class TransferWatch;

    void watch();
    void onConnection();
    bool admit(QTcpSocket *socket);
    void readHead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QByteArray &head, const QByteArray &rest);
    void acceptUpload(QTcpSocket *socket, const BlobRequest &request, const QByteArray &head, const QByteArray &rest);
    // 0 when the head's signature, key and quota admit an upload of `length` bytes; otherwise
    // the refusal is sent and its status returned.
    int authorize(QTcpSocket *socket, const QByteArray &hashHex, const QByteArray &head, qint64 length);
    static void respond(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &body = {},
                        const QByteArray &contentType = "text/plain; charset=utf-8");

    QString m_dir;
    QTcpServer *m_server;
    bool m_secure = false;
    qint64 m_served = 0;
    qint64 m_uploaded = 0;
    qint64 m_bytesServed = 0;
    qint64 m_bytesReceived = 0;
    qint64 m_maxUploadBytes = kDefaultMaxUploadBytes;
    Limits m_limits;
    UploaderCheck m_uploaders;
    std::unique_ptr<UploadQuota> m_quota;
    int m_connections = 0;
    QHash<QString, int> m_perAddress;
    qint64 m_rejected = 0, m_cut = 0, m_peakQueued = 0;
};

} // namespace idleforge::devnet
