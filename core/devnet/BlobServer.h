#pragma once
// Blobs (datasets, states, checkpoints) by content hash over HTTP/1.1, or HTTPS once useTls()
// is given a server configuration (protocol/Tls.h; a QSslServer, so a request is read only
// after its TLS handshake):
//
//   GET /blobs/<64 lower-case hex BLAKE2b-256>  -> 200 with the bytes | 404 | 400 | 405
//   PUT /blobs/<64 lower-case hex BLAKE2b-256>  -> 201 stored | 200 already there | 400 | 411
//                                                  | 413 over the cap | 422 hash mismatch
//
// One request per connection (Connection: close), request head capped at 8 KiB, files served
// from a content-addressed directory (task::DatasetStore layout). The server does not vouch for
// the bytes it serves: the client checks them against the hash on arrival
// (protocol::BlobFetcher). An upload is different: the server hashes the body as it streams in
// (to a QSaveFile beside its final name, never whole in memory) and commits it under its name
// only if the hash matches the path, so a GET can never see a partial or mislabelled upload.
// A PUT needs a Content-Length (no chunked bodies); an upload that goes quiet for the idle
// timeout, or whose client hangs up early, is dropped and leaves nothing behind.
#include "base/Error.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

class QTcpServer;
class QTcpSocket;

namespace idleforge::devnet {

class BlobServer : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultMaxUploadBytes = qint64(256) << 20;
    static constexpr int kDefaultUploadIdleTimeoutMs = 30'000;

    explicit BlobServer(QString dir, QObject *parent = nullptr);

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

    // A PUT whose Content-Length is over this is answered 413 before any of its body is read.
    void setMaxUploadBytes(qint64 bytes) { m_maxUploadBytes = bytes; }
    qint64 maxUploadBytes() const { return m_maxUploadBytes; }
    // An upload that receives nothing for this long is aborted (and nothing stored).
    void setUploadIdleTimeout(int ms) { m_uploadIdleTimeoutMs = ms; }

Q_SIGNALS:
    // A new blob is in the store and served from now on (after a 201, not after a 200).
    void blobStored(const QString &hashHex, qint64 bytes);

private:
    void watch();
    void onConnection();
    void answer(QTcpSocket *socket, const QByteArray &head, const QByteArray &rest);
    void acceptUpload(QTcpSocket *socket, const QByteArray &hashHex, const QByteArray &head, const QByteArray &rest);
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
    int m_uploadIdleTimeoutMs = kDefaultUploadIdleTimeoutMs;
};

} // namespace idleforge::devnet
