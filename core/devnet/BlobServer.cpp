#include "devnet/BlobServer.h"

#include "crypto/Blake2b.h"
#include "devnet/Log.h"
#include "task/DatasetStore.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace idleforge::devnet {

namespace {
constexpr qsizetype kMaxHead = 8 * 1024;
constexpr qint64 kChunk = 1 << 20;

std::span<const std::uint8_t> bytesOf(const QByteArray &data)
{
    return {reinterpret_cast<const std::uint8_t *>(data.constData()), std::size_t(data.size())};
}

// The values of header field `name` (lower case) in a request head, in order. Lines without a
// colon are skipped: they cannot carry the fields an upload depends on.
QList<QByteArray> headerValues(const QByteArray &head, const QByteArray &name)
{
    QList<QByteArray> values;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0 && lines[i].left(colon).trimmed().toLower() == name)
            values.append(lines[i].mid(colon + 1).trimmed());
    }
    return values;
}

// One upload in flight. A child of its socket, so it goes when the connection goes; a QSaveFile
// that is destroyed without commit() leaves no file behind, which is what makes a body cut
// short, an idle timeout or a server shutdown store nothing.
class Upload : public QObject {
public:
    Upload(QTcpSocket *socket, const crypto::Hash256 &hash, qint64 bytes, const QString &target)
        : QObject(socket), claimed(hash), remaining(bytes), length(bytes), file(target)
    {
        idle.setSingleShot(true);
    }

    crypto::Hash256 claimed;
    qint64 remaining;
    qint64 length;
    crypto::Blake2b256 hasher;
    QSaveFile file; // left closed when the blob is already stored: the body is only hashed
    QTimer idle;
};
} // namespace

BlobServer::BlobServer(QString dir, QObject *parent) : QObject(parent), m_dir(std::move(dir)), m_server(new QTcpServer(this))
{
    watch();
}

void BlobServer::watch()
{
    // A QSslServer queues a connection only once its handshake is done (newConnection comes at
    // accept time, before it); a plain server queues it at once. onConnection takes what is queued.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &BlobServer::onConnection);
    connect(m_server, &QTcpServer::newConnection, this, &BlobServer::onConnection);
}

void BlobServer::useTls(const QSslConfiguration &configuration)
{
    Q_ASSERT(!m_server->isListening());
    delete m_server;
    auto *server = new QSslServer(this);
    server->setSslConfiguration(configuration);
    // A client that does not trust the certificate, or speaks plain HTTP to this port, fails
    // the handshake and never reaches onConnection; this says why in the log.
    connect(server, &QSslServer::alertReceived, this, [](QSslSocket *, QSsl::AlertLevel level, QSsl::AlertType, const QString &d) {
        if (level == QSsl::AlertLevel::Fatal)
            qCInfo(lcDevnet).noquote() << "TLS: a blob client ended the handshake:" << d;
    });
    connect(server, &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
        qCDebug(lcDevnet).noquote() << "blob connection failed before its request:" << socket->errorString();
    });
    m_server = server;
    m_secure = true;
    watch();
}

Result<void> BlobServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server->listen(address, port))
        return makeError("devnet.listen", QStringLiteral("blob server cannot listen on %1:%2: %3")
                                              .arg(address.toString())
                                              .arg(port)
                                              .arg(m_server->errorString()));
    return {};
}

quint16 BlobServer::port() const
{
    return m_server->serverPort();
}

void BlobServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // A client that never finishes its request head is dropped. An upload has its own idle
        // timer instead, so a large body on a slow link is not cut off while it still moves.
        QTimer::singleShot(30'000, socket, [socket] {
            if (!socket->property("uploading").toBool())
                socket->abort();
        });
        auto readHead = [this, socket] {
            if (socket->property("answered").toBool())
                return;
            QByteArray head = socket->property("head").toByteArray() + socket->readAll();
            const qsizetype end = head.indexOf("\r\n\r\n");
            if (end < 0 && head.size() <= kMaxHead) {
                socket->setProperty("head", head);
                return;
            }
            socket->setProperty("answered", true);
            socket->setProperty("head", QVariant());
            if (end < 0 || end > kMaxHead)
                respond(socket, 431, "Request Header Fields Too Large");
            else
                answer(socket, head.left(end), head.mid(end + 4));
        };
        connect(socket, &QTcpSocket::readyRead, this, readHead);
        // A TLS socket may hold request bytes that arrived with the end of its handshake.
        if (socket->bytesAvailable() > 0)
            readHead();
    }
}

void BlobServer::answer(QTcpSocket *socket, const QByteArray &head, const QByteArray &rest)
{
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n") < 0 ? head.size() : head.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return respond(socket, 400, "Bad Request");
    if (requestLine[0] != "GET" && requestLine[0] != "PUT")
        return respond(socket, 405, "Method Not Allowed");
    const QByteArray path = requestLine[1];
    if (!path.startsWith("/blobs/"))
        return respond(socket, 404, "Not Found");
    const auto hash = crypto::hashFromHex(path.mid(7).toStdString());
    if (!hash || path.mid(7) != QByteArray::fromStdString(crypto::toHex(*hash)))
        return respond(socket, 400, "Bad Request", "a blob is named by 64 lower-case hex digits\n");
    if (requestLine[0] == "PUT")
        return acceptUpload(socket, path.mid(7), head, rest);
    auto *file = new QFile(QDir(m_dir).filePath(QString::fromLatin1(path.mid(7))), socket);
    if (!file->open(QIODevice::ReadOnly))
        return respond(socket, 404, "Not Found");
    ++m_served;
    m_bytesServed += file->size();
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                  QByteArray::number(file->size()) + "\r\nConnection: close\r\n\r\n");
    // Stream in chunks as the socket drains, so a large checkpoint never sits in memory whole.
    auto pump = [socket, file] {
        while (socket->bytesToWrite() < 4 * kChunk && !file->atEnd())
            socket->write(file->read(kChunk));
        if (file->atEnd() && socket->bytesToWrite() == 0)
            socket->disconnectFromHost();
    };
    connect(socket, &QTcpSocket::bytesWritten, socket, pump);
    pump();
}

void BlobServer::acceptUpload(QTcpSocket *socket, const QByteArray &hashHex, const QByteArray &head, const QByteArray &rest)
{
    if (!headerValues(head, "transfer-encoding").isEmpty())
        return respond(socket, 411, "Length Required", "an upload needs a Content-Length; chunked bodies are not accepted\n");
    const QList<QByteArray> lengths = headerValues(head, "content-length");
    if (lengths.isEmpty())
        return respond(socket, 411, "Length Required", "an upload needs a Content-Length header\n");
    const QByteArray lengthText = lengths.first();
    bool digits = !lengthText.isEmpty() && lengthText.size() <= 18;
    for (const char c : lengthText)
        digits = digits && c >= '0' && c <= '9';
    if (!digits || lengths.count(lengthText) != lengths.size())
        return respond(socket, 400, "Bad Request", "the Content-Length must be one decimal number\n");
    const qint64 length = lengthText.toLongLong();
    if (length > m_maxUploadBytes)
        return respond(socket, 413, "Content Too Large",
                       "a blob may have at most " + QByteArray::number(m_maxUploadBytes) + " bytes, this one has " +
                           QByteArray::number(length) + '\n');

    task::DatasetStore store(m_dir); // the layout GET reads from: <dir>/<hex>
    const crypto::Hash256 claimed = *crypto::hashFromHex(hashHex.toStdString());
    auto *upload = new Upload(socket, claimed, length, store.pathOf(claimed));
    // Already stored: the body is read (so the client sees the answer, not a reset) and hashed,
    // but nothing is rewritten.
    if (!store.contains(claimed) && !upload->file.open(QIODevice::WriteOnly)) {
        qCWarning(lcDevnet) << "cannot store blob" << hashHex << upload->file.errorString();
        return respond(socket, 500, "Internal Server Error", "the blob store cannot be written\n");
    }
    socket->setProperty("uploading", true);
    if (headerValues(head.toLower(), "expect").contains("100-continue"))
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");

    const int idleMs = m_uploadIdleTimeoutMs;
    connect(&upload->idle, &QTimer::timeout, socket, [socket, hashHex, upload] {
        qCWarning(lcDevnet) << "upload of blob" << hashHex << "idle with" << upload->remaining << "bytes to go: dropped";
        socket->abort(); // the Upload goes with the socket, its QSaveFile uncommitted
    });
    auto finish = [this, socket, hashHex, upload] {
        const crypto::Hash256 got = upload->hasher.finish();
        m_bytesReceived += upload->length;
        if (got != upload->claimed) {
            upload->file.cancelWriting();
            qCWarning(lcDevnet) << "upload of blob" << hashHex << "refused: the body hashes to" << crypto::toHex(got).c_str();
            respond(socket, 422, "Unprocessable Content",
                    "the body hashes to " + QByteArray::fromStdString(crypto::toHex(got)) + ", not " + hashHex +
                        ": nothing stored\n");
        } else if (!upload->file.isOpen() || QFile::exists(upload->file.fileName())) {
            upload->file.cancelWriting();
            respond(socket, 200, "OK", "blob " + hashHex + " is already stored\n");
        } else if (!upload->file.commit()) {
            qCWarning(lcDevnet) << "cannot store blob" << hashHex << upload->file.errorString();
            respond(socket, 500, "Internal Server Error", "the blob store cannot be written\n");
        } else {
            ++m_uploaded;
            qCDebug(lcDevnet) << "stored blob" << hashHex << "of" << upload->length << "bytes";
            respond(socket, 201, "Created", "blob " + hashHex + " stored (" + QByteArray::number(upload->length) + " bytes)\n");
            Q_EMIT blobStored(QString::fromLatin1(hashHex), upload->length);
        }
        upload->deleteLater();
    };
    // The body may come in any number of segments; bytes past Content-Length are ignored.
    auto feed = [socket, upload, idleMs, finish](QByteArray chunk) {
        if (upload->remaining == 0)
            return;
        if (chunk.size() > upload->remaining)
            chunk.truncate(upload->remaining);
        upload->hasher.update(bytesOf(chunk));
        if (upload->file.isOpen() && upload->file.write(chunk) != chunk.size()) {
            qCWarning(lcDevnet) << "cannot store blob" << upload->file.fileName() << upload->file.errorString();
            upload->remaining = 0;
            upload->deleteLater();
            return respond(socket, 500, "Internal Server Error", "the blob store cannot be written\n");
        }
        upload->remaining -= chunk.size();
        if (upload->remaining == 0) {
            upload->idle.stop();
            finish();
        } else {
            upload->idle.start(idleMs);
        }
    };
    connect(socket, &QTcpSocket::readyRead, upload, [socket, feed] { feed(socket->readAll()); });
    if (length == 0)
        return finish();
    feed(rest);
}

void BlobServer::respond(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &body,
                         const QByteArray &contentType)
{
    const QByteArray text = body.isEmpty() ? reason + '\n' : body;
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + contentType +
                  "\r\nContent-Length: " + QByteArray::number(text.size()) + "\r\nConnection: close\r\n\r\n" + text);
    socket->disconnectFromHost();
}

} // namespace idleforge::devnet
