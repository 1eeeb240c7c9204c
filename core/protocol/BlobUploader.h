#pragma once
// Uploads a blob (a dataset, a state, a checkpoint) by content hash over HTTP(S) PUT
// (`<base>/blobs/<64 hex BLAKE2b-256>`, the URL BlobFetcher reads from). The hash is computed
// here, so the caller cannot name bytes wrongly; the server checks it again before storing.
// 201 (stored) and 200 (already there) both succeed with the hash. Redirects are not followed.
// Each PUT is signed with the uploader's key (setSigner; protocol/BlobAuth.h has the headers):
// the devnet takes uploads only from registered parties, so an unsigned one gets 401.
#include "base/Error.h"
#include "crypto/Blake2b.h"
#include "protocol/Envelope.h"

#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace idleforge::protocol {

class BlobUploader : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<crypto::Hash256>)>;

    explicit BlobUploader(QObject *parent = nullptr);

    // Errors: blob.http (transport or status, with the server's own message where it sent one:
    // 401 unsigned or bad signature, 403 key not registered, 429 over the key's quota, 413 over
    // the server's cap, 422 hash mismatch, 411/400 malformed request).
    // The hash is computed off this thread for a large blob (BlobHash.h), so the PUT starts a
    // little later and `done` comes on this thread as before; never, if this uploader is gone.
    void upload(const QUrl &base, const QByteArray &bytes, Done done);

    // For https:// bases (default: the system CAs, protocol/Tls.h). Certificate errors are never
    // ignored: the request fails with blob.http naming them.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }

    // Who signs the uploads (the node identity, the submitter's channel key). Without one the
    // PUT goes unsigned, which a devnet refuses.
    void setSigner(Signer signer) { m_signer = std::move(signer); }

private:
    void put(const QUrl &base, const QByteArray &bytes, const crypto::Hash256 &hash, Done done);
    QNetworkAccessManager *m_nam;
    std::optional<Signer> m_signer;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace idleforge::protocol
