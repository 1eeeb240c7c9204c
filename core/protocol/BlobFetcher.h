#pragma once
// Fetches blobs (datasets, states, checkpoints) by content hash over HTTP(S) GET
// (`<base>/blobs/<64 hex BLAKE2b-256>`) and checks the bytes against the hash on arrival:
// nothing unverified ever reaches the caller. Size-capped; redirects are not followed. A
// download that moves no byte for the stall timeout fails (a dead or stalling server must not
// hold a job forever), and so does one that trickles: each stall-timeout window must bring at
// least the minimum rate's worth of bytes (like curl's low-speed limit), so a peer sending a byte
// now and then cannot hold a job for days. A slow download above the floor is never cut.
#include "base/Error.h"
#include "crypto/Blake2b.h"

#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace idleforge::protocol {

class BlobFetcher : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<QByteArray>)>;

    explicit BlobFetcher(QObject *parent = nullptr);

    static QUrl blobUrl(const QUrl &base, const crypto::Hash256 &hash);

    static constexpr int kDefaultStallTimeoutMs = 60'000;
    static constexpr qint64 kDefaultMinBytesPerSecond = 1024; // 60 KiB a minute: a 256 MiB blob in under 3 days

    // Errors: blob.http (transport or status, stalled or too slow), blob.too_large, blob.hash_mismatch.
    // A large blob is checked against its hash off this thread (BlobHash.h); `done` comes on this
    // thread, and never if this fetcher is gone first.
    void fetch(const QUrl &base, const crypto::Hash256 &hash, Done done, qint64 maxBytes = qint64(256) << 20);

    // For https:// bases (default: the system CAs, protocol/Tls.h). Certificate errors are never
    // ignored: the request fails with blob.http naming them.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    void setStallTimeout(int ms) { m_stallMs = ms; }
    // 0: no floor (only the stall timeout cuts).
    void setMinimumRate(qint64 bytesPerSecond) { m_minBytesPerSecond = bytesPerSecond; }

private:
    void watchRate(QNetworkReply *reply) const;

    QNetworkAccessManager *m_nam;
    std::optional<QSslConfiguration> m_tls;
    int m_stallMs = kDefaultStallTimeoutMs;
    qint64 m_minBytesPerSecond = kDefaultMinBytesPerSecond;
};

} // namespace idleforge::protocol
