#include "protocol/BlobFetcher.h"

#include "protocol/BlobHash.h"
#include "protocol/Tls.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace idleforge::protocol {

BlobFetcher::BlobFetcher(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

QUrl BlobFetcher::blobUrl(const QUrl &base, const crypto::Hash256 &hash)
{
    QUrl u = base;
    QString path = u.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    u.setPath(path + QStringLiteral("blobs/") + QString::fromStdString(crypto::toHex(hash)));
    return u;
}

void BlobFetcher::fetch(const QUrl &base, const crypto::Hash256 &hash, Done done, qint64 maxBytes)
{
    QNetworkRequest request(blobUrl(base, hash));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_stallMs); // restarted by every byte that moves
    if (usesTls(request.url()))
        request.setSslConfiguration(m_tls.value_or(clientTlsConfiguration()));
    QNetworkReply *reply = m_nam->get(request);
    // Not ignored: the reply fails; the reason goes into the error.
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &errors) {
        reply->setProperty("tlsError", describeSslErrors(errors));
    });
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, maxBytes](qint64 received, qint64 total) {
        if (received > maxBytes || total > maxBytes) {
            reply->setProperty("tooLarge", true);
            reply->abort();
        }
    });
    watchRate(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, hash, maxBytes, stallMs = m_stallMs, done = std::move(done)] {
        reply->deleteLater();
        const QString hex = QString::fromStdString(crypto::toHex(hash));
        const QByteArray data = reply->isOpen() ? reply->readAll() : QByteArray(); // closed once aborted
        if (reply->property("tooLarge").toBool() || data.size() > maxBytes ||
            reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > maxBytes) {
            done(makeError("blob.too_large", QStringLiteral("blob %1 is over the limit of %2 bytes").arg(hex).arg(maxBytes)));
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (const QString slow = reply->property("tooSlow").toString(); !slow.isEmpty()) {
            done(makeError("blob.http", QStringLiteral("fetching blob %1 is too slow: %2").arg(hex, slow)));
            return;
        }
        if (reply->error() == QNetworkReply::OperationCanceledError) { // the transfer timeout, besides the two above
            done(makeError("blob.http", QStringLiteral("fetching blob %1 stalled: no data for %2 ms").arg(hex).arg(stallMs)));
            return;
        }
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            const QString tls = reply->property("tlsError").toString();
            done(makeError("blob.http", QStringLiteral("fetching blob %1 failed (HTTP %2): %3")
                                            .arg(hex)
                                            .arg(status)
                                            .arg(tls.isEmpty() ? reply->errorString()
                                                               : QStringLiteral("TLS certificate refused: %1").arg(tls))));
            return;
        }
        // Checked off this thread where the blob is large (BlobHash.h); `done` comes back here.
        blobHashThen(this, data, [data, hash, hex, done](const crypto::Hash256 &got) {
            if (got != hash) {
                done(makeError("blob.hash_mismatch", QStringLiteral("blob %1 arrived with hash %2: refused")
                                                         .arg(hex, QString::fromStdString(crypto::toHex(got)))));
                return;
            }
            done(data);
        });
    });
}

// Every stall-timeout window, the bytes that arrived in it against the floor. A window with no
// byte at all is left to the transfer timeout (it says "stalled").
void BlobFetcher::watchRate(QNetworkReply *reply) const
{
    if (m_minBytesPerSecond <= 0 || m_stallMs <= 0)
        return;
    auto *timer = new QTimer(reply);
    auto last = std::make_shared<qint64>(0);
    connect(reply, &QNetworkReply::downloadProgress, timer, [timer](qint64 received, qint64) {
        timer->setProperty("received", received);
    });
    connect(timer, &QTimer::timeout, reply, [reply, timer, last, windowMs = m_stallMs, floor = m_minBytesPerSecond] {
        const qint64 received = timer->property("received").toLongLong();
        const qint64 moved = received - *last;
        *last = received;
        if (moved > 0 && moved * 1000 < floor * windowMs) {
            reply->setProperty("tooSlow", QStringLiteral("%1 bytes in %2 ms, under the floor of %3 bytes/s")
                                              .arg(moved)
                                              .arg(windowMs)
                                              .arg(floor));
            reply->abort();
        }
    });
    timer->start(m_stallMs);
}

} // namespace idleforge::protocol
