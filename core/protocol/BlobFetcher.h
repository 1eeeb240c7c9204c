#pragma once
// Fetches blobs (datasets, states, checkpoints) by content hash over HTTP GET
// (`<base>/blobs/<64 hex BLAKE2b-256>`) and checks the bytes against the hash on arrival:
// nothing unverified ever reaches the caller. Size-capped; redirects are not followed.
#include "base/Error.h"
#include "crypto/Blake2b.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace idleforge::protocol {

class BlobFetcher : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<QByteArray>)>;

    explicit BlobFetcher(QObject *parent = nullptr);

    static QUrl blobUrl(const QUrl &base, const crypto::Hash256 &hash);

    // Errors: blob.http (transport or status), blob.too_large, blob.hash_mismatch.
    void fetch(const QUrl &base, const crypto::Hash256 &hash, Done done, qint64 maxBytes = qint64(256) << 20);

private:
    QNetworkAccessManager *m_nam;
};

} // namespace idleforge::protocol
