#include "protocol/BlobUploader.h"

#include "protocol/BlobAuth.h"
#include "protocol/BlobFetcher.h"
#include "protocol/BlobHash.h"
#include "protocol/Tls.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace idleforge::protocol {

namespace {
// Enough of the server's answer to say why, not enough to flood a log.
constexpr qsizetype kMaxMessage = 512;
} // namespace

BlobUploader::BlobUploader(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

void BlobUploader::upload(const QUrl &base, const QByteArray &bytes, Done done)
{
    blobHashThen(this, bytes, [this, base, bytes, done = std::move(done)](const crypto::Hash256 &hash) mutable {
        put(base, bytes, hash, std::move(done));
    });
}

void BlobUploader::put(const QUrl &base, const QByteArray &bytes, const crypto::Hash256 &hash, Done done)
{
    QNetworkRequest request(BlobFetcher::blobUrl(base, hash));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/octet-stream"));
    if (m_signer) {
        const BlobPutHeaders auth = signBlobPut(*m_signer, hash, bytes.size(), QDateTime::currentMSecsSinceEpoch());
        request.setRawHeader(kBlobKeyHeader, auth.key);
        request.setRawHeader(kBlobTimeHeader, auth.time);
        request.setRawHeader(kBlobSignatureHeader, auth.signature);
    }
    if (usesTls(request.url()))
        request.setSslConfiguration(m_tls.value_or(clientTlsConfiguration()));
    QNetworkReply *reply = m_nam->put(request, bytes);
    // Not ignored: the reply fails; the reason goes into the error.
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &errors) {
        reply->setProperty("tlsError", describeSslErrors(errors));
    });
    connect(reply, &QNetworkReply::finished, this, [reply, hash, done = std::move(done)] {
        reply->deleteLater();
        const QString hex = QString::fromStdString(crypto::toHex(hash));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && (status == 200 || status == 201)) {
            done(hash);
            return;
        }
        const QString said = QString::fromUtf8(reply->read(kMaxMessage)).trimmed();
        const QString tls = reply->property("tlsError").toString();
        done(makeError("blob.http", QStringLiteral("uploading blob %1 failed (HTTP %2): %3")
                                        .arg(hex)
                                        .arg(status)
                                        .arg(!tls.isEmpty()      ? QStringLiteral("TLS certificate refused: %1").arg(tls)
                                             : said.isEmpty() ? reply->errorString()
                                                              : said)));
    });
}

} // namespace idleforge::protocol
