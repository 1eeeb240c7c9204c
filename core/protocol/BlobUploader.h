#pragma once
// Uploads a blob (a dataset, a state, a checkpoint) by content hash over HTTP(S) PUT
// (`<base>/blobs/<64 hex BLAKE2b-256>`, the URL BlobFetcher reads from). The hash is computed
// here, so the caller cannot name bytes wrongly; the server checks it again before storing.
// 201 (stored) and 200 (already there) both succeed with the hash. Redirects are not followed.
#include "base/Error.h"
#include "crypto/Blake2b.h"

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
    // 413 over the server's cap, 422 hash mismatch, 411/400 malformed request).
    void upload(const QUrl &base, const QByteArray &bytes, Done done);

    // For https:// bases (default: the system CAs, protocol/Tls.h). Certificate errors are never
    // ignored: the request fails with blob.http naming them.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }

private:
    QNetworkAccessManager *m_nam;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace idleforge::protocol
