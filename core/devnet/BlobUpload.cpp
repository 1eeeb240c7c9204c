#include "devnet/BlobUpload.h"

#include "base/Clock.h"
#include "devnet/BlobRequest.h"
#include "devnet/BlobTransfer.h"
#include "devnet/Log.h"
#include "protocol/BlobAuth.h"
#include "task/DatasetStore.h"

#include <QDateTime>
#include <QFile>
#include <QTcpSocket>

namespace idleforge::devnet {

namespace {
std::span<const std::uint8_t> bytesOf(const QByteArray &data)
{
    return {reinterpret_cast<const std::uint8_t *>(data.constData()), std::size_t(data.size())};
}
} // namespace

bool UploadQuota::charge(const QByteArray &key, qint64 bytes, qint64 nowMs, qint64 limit, qint64 windowMs)
{
    if (used(key, nowMs, windowMs) + bytes > limit)
        return false;
    // One entry per minute and key, so a key sending many small uploads costs 60 entries an
    // hour, not one each; an entry ages out with its latest bytes (up to a minute late for
    // its first ones: on the strict side).
    QList<Entry> &entries = m_entries[key];
    if (!entries.isEmpty() && nowMs - entries.last().startMs < 60'000) {
        entries.last().atMs = nowMs;
        entries.last().bytes += bytes;
    } else {
        entries.append({nowMs, nowMs, bytes});
    }
    return true;
}

qint64 UploadQuota::used(const QByteArray &key, qint64 nowMs, qint64 windowMs)
{
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return 0;
    it->removeIf([&](const Entry &e) { return e.atMs <= nowMs - windowMs; });
    if (it->isEmpty()) {
        m_entries.erase(it);
        return 0;
    }
    qint64 sum = 0;
    for (const Entry &e : *it)
        sum += e.bytes;
    return sum;
}

int BlobServer::authorize(QTcpSocket *socket, const QByteArray &hashHex, const QByteArray &head, qint64 length)
{
    const UploadCredentials credentials = uploadCredentials(head);
    const QByteArray &keyText = credentials.keyText;
    const auto &key = credentials.key;
    const auto &time = credentials.timeMs;
    const auto &signature = credentials.signature;
    const auto refuse = [socket](int status, const QByteArray &reason, const QByteArray &why) {
        // Debug only: strangers can send these as fast as they connect.
        qCDebug(lcDevnet).noquote() << "upload refused with" << status << "from" << socket->peerAddress().toString() << "-"
                                   << why.trimmed();
        respond(socket, status, reason, why);
        return status;
    };
    if (!key || !time || !signature)
        return refuse(401, "Unauthorized", "an upload needs X-IdleForge-Key, X-IdleForge-Time and X-IdleForge-Signature\n");
    const qint64 now = Clock::instance().msecsSinceEpoch();
    if (std::abs(now - *time) > m_limits.maxClockSkewMs)
        return refuse(401, "Unauthorized", "X-IdleForge-Time is " + QByteArray::number(*time - now) + " ms off the server's clock\n");
    if (!crypto::ed25519Verify(*key, bytesOf(protocol::blobPutMessage("PUT", hashHex, length, *time)), *signature))
        return refuse(401, "Unauthorized", "the upload signature does not verify\n");
    if (!m_uploaders || !m_uploaders(*key))
        return refuse(403, "Forbidden", "key " + keyText + " is not a registered party of this devnet\n");
    if (!m_quota->charge(keyText, length, now, m_limits.quotaBytes, m_limits.quotaWindowMs))
        return refuse(429, "Too Many Requests",
                      "key " + keyText + " has uploaded " +
                          QByteArray::number(m_quota->used(keyText, now, m_limits.quotaWindowMs)) + " of its " +
                          QByteArray::number(m_limits.quotaBytes) + " bytes in the last " +
                          QByteArray::number(m_limits.quotaWindowMs / 1000) + " s\n");
    return 0;
}

void BlobServer::acceptUpload(QTcpSocket *socket, const BlobRequest &request, const QByteArray &head, const QByteArray &rest)
{
    const QByteArray &hashHex = request.hashHex;
    if (request.contentLength > m_maxUploadBytes)
        return respond(socket, 413, "Content Too Large",
                       "a blob may have at most " + QByteArray::number(m_maxUploadBytes) + " bytes, this one has " +
                           QByteArray::number(request.contentLength) + '\n');
    if (authorize(socket, hashHex, head, request.contentLength) != 0)
        return;

    const bool stored = task::DatasetStore(m_dir).contains(*crypto::hashFromHex(hashHex.toStdString()));
    auto *upload = new BlobUpload(socket, *this, hashHex, request.contentLength, stored);
    if (!stored && !upload->openTarget())
        return respond(socket, 500, "Internal Server Error", "the blob store cannot be written\n");
    if (request.expectContinue)
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    upload->start(rest);
}

BlobUpload::BlobUpload(QTcpSocket *socket, BlobServer &server, const QByteArray &hashHex, qint64 length, bool alreadyStored)
    : QObject(socket), m_socket(socket), m_server(server), m_hex(hashHex),
      m_claimed(*crypto::hashFromHex(hashHex.toStdString())), m_remaining(length), m_length(length),
      m_alreadyStored(alreadyStored), m_file(task::DatasetStore(server.m_dir).pathOf(m_claimed))
{
}

bool BlobUpload::openTarget()
{
    if (m_file.open(QIODevice::WriteOnly))
        return true;
    qCWarning(lcDevnet) << "cannot store blob" << m_hex << m_file.errorString();
    return false;
}

void BlobUpload::start(const QByteArray &rest)
{
    m_watch = new TransferWatch(m_socket, m_server, "upload of blob " + m_hex);
    m_socket->setProperty("uploading", true);
    // The body may come in any number of segments; bytes past Content-Length are ignored.
    connect(m_socket, &QTcpSocket::readyRead, this, [this] { feed(m_socket->readAll()); });
    if (m_length == 0)
        return finish();
    feed(rest);
}

void BlobUpload::feed(QByteArray chunk)
{
    if (m_remaining == 0)
        return;
    if (chunk.size() > m_remaining)
        chunk.truncate(m_remaining);
    m_watch->moved(chunk.size());
    m_hasher.update(bytesOf(chunk));
    if (m_file.isOpen() && m_file.write(chunk) != chunk.size()) {
        qCWarning(lcDevnet) << "cannot store blob" << m_file.fileName() << m_file.errorString();
        m_remaining = 0;
        m_watch->stop();
        deleteLater();
        return BlobServer::respond(m_socket, 500, "Internal Server Error", "the blob store cannot be written\n");
    }
    m_remaining -= chunk.size();
    if (m_remaining == 0)
        finish();
}

void BlobUpload::finish()
{
    m_watch->stop();
    deleteLater();
    const crypto::Hash256 got = m_hasher.finish();
    m_server.m_bytesReceived += m_length;
    if (got != m_claimed) {
        m_file.cancelWriting();
        qCWarning(lcDevnet) << "upload of blob" << m_hex << "refused: the body hashes to" << crypto::toHex(got).c_str();
        return BlobServer::respond(m_socket, 422, "Unprocessable Content",
                                   "the body hashes to " + QByteArray::fromStdString(crypto::toHex(got)) + ", not " + m_hex +
                                       ": nothing stored\n");
    }
    if (m_alreadyStored || QFile::exists(m_file.fileName()))
        return answerExisting();
    if (!m_file.commit()) {
        qCWarning(lcDevnet) << "cannot store blob" << m_hex << m_file.errorString();
        return BlobServer::respond(m_socket, 500, "Internal Server Error", "the blob store cannot be written\n");
    }
    ++m_server.m_uploaded;
    qCDebug(lcDevnet) << "stored blob" << m_hex << "of" << m_length << "bytes";
    BlobServer::respond(m_socket, 201, "Created", "blob " + m_hex + " stored (" + QByteArray::number(m_length) + " bytes)\n");
    Q_EMIT m_server.blobStored(QString::fromLatin1(m_hex), m_length);
}

void BlobUpload::answerExisting()
{
    m_file.cancelWriting();
    // Told "it is there", the client will reference it: the Housekeeper's grace (by mtime)
    // starts again now, so the blob is not collected before that reference arrives.
    QFile existing(m_file.fileName());
    if (!existing.open(QIODevice::ReadOnly) ||
        !existing.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime)) {
        qCWarning(lcDevnet) << "blob" << m_hex << "was stored but cannot be touched:" << existing.errorString();
        return BlobServer::respond(m_socket, 503, "Service Unavailable",
                                   "blob " + m_hex + " is being collected; upload it again\n");
    }
    BlobServer::respond(m_socket, 200, "OK", "blob " + m_hex + " is already stored\n");
}

} // namespace idleforge::devnet
