// Blob upload: PUT /blobs/<hash> on the devnet's BlobServer, from raw sockets and from
// protocol::BlobUploader. The server stores a body only when all of it arrived and it hashes to
// the name in the path; everything else leaves the store as it was.
#include "base/Clock.h"
#include "crypto/Blake2b.h"
#include "devnet/BlobServer.h"
#include "protocol/BlobAuth.h"
#include "protocol/BlobFetcher.h"
#include "protocol/BlobUploader.h"
#include "task/DatasetStore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;

namespace {
crypto::Hash256 hashOf(const QByteArray &bytes)
{
    return crypto::blake2b256(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size())));
}

QByteArray hexOf(const crypto::Hash256 &hash)
{
    return QByteArray::fromStdString(crypto::toHex(hash));
}

// The registered uploader's key (the server admits it) and a stranger's.
const crypto::Ed25519KeyPair &uploaderKey()
{
    static const auto key = crypto::Ed25519KeyPair::generate();
    return key;
}
const crypto::Ed25519KeyPair &quotaKey() // registered too, used only where the quota is small
{
    static const auto key = crypto::Ed25519KeyPair::generate();
    return key;
}
const crypto::Ed25519KeyPair &strangerKey()
{
    static const auto key = crypto::Ed25519KeyPair::generate();
    return key;
}

QByteArray unsignedHead(const QByteArray &hex, qint64 length, const QByteArray &extra = {})
{
    return "PUT /blobs/" + hex + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + QByteArray::number(length) + "\r\n" +
           extra + "\r\n";
}

QByteArray authHeaders(const protocol::BlobPutHeaders &h)
{
    return "X-IdleForge-Key: " + h.key + "\r\nX-IdleForge-Time: " + h.time + "\r\nX-IdleForge-Signature: " + h.signature + "\r\n";
}

// Signed by `key` at `timeMs` (default: now) for `length` bytes of blob `hex`.
QByteArray putHead(const QByteArray &hex, qint64 length, const crypto::Ed25519KeyPair &key = uploaderKey(),
                   qint64 timeMs = QDateTime::currentMSecsSinceEpoch())
{
    const auto h = protocol::signBlobPut(protocol::Signer::of(key), *crypto::hashFromHex(hex.toStdString()), length, timeMs);
    return unsignedHead(hex, length, authHeaders(h));
}
} // namespace

class TestBlobUpload : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    devnet::BlobServer *server = nullptr;
    QUrl base;

    QStringList storeEntries() const
    {
        return QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    }

    Result<crypto::Hash256> upload(const QByteArray &bytes)
    {
        protocol::BlobUploader uploader;
        uploader.setSigner(protocol::Signer::of(uploaderKey()));
        std::optional<Result<crypto::Hash256>> got;
        uploader.upload(base, bytes, [&](Result<crypto::Hash256> r) { got = std::move(r); });
        (void)QTest::qWaitFor([&] { return got.has_value(); }, 20000);
        return got.value_or(makeError("test.no_answer", QStringLiteral("no answer")));
    }

    Result<QByteArray> fetch(const crypto::Hash256 &hash)
    {
        protocol::BlobFetcher fetcher;
        std::optional<Result<QByteArray>> got;
        fetcher.fetch(base, hash, [&](Result<QByteArray> r) { got = std::move(r); });
        (void)QTest::qWaitFor([&] { return got.has_value(); }, 20000);
        return got.value_or(makeError("test.no_answer", QStringLiteral("no answer")));
    }

    // Sends `parts` one by one, `gapMs` apart (separate TCP segments), and returns all the
    // server said until it closed. The server runs on this thread, so waits spin the event loop.
    QByteArray raw(const QList<QByteArray> &parts, int gapMs = 0)
    {
        QTcpSocket s;
        QByteArray out;
        connect(&s, &QTcpSocket::readyRead, &s, [&] { out += s.readAll(); });
        s.connectToHost(QHostAddress::LocalHost, server->port());
        if (!QTest::qWaitFor([&] { return s.state() == QAbstractSocket::ConnectedState; }, 10000))
            return {};
        for (const QByteArray &part : parts) {
            s.write(part);
            (void)QTest::qWaitFor([&] { return s.bytesToWrite() == 0; }, 10000);
            if (gapMs > 0)
                QTest::qWait(gapMs);
        }
        (void)QTest::qWaitFor([&] { return s.state() == QAbstractSocket::UnconnectedState; }, 10000);
        return out + s.readAll();
    }
    QByteArray raw(const QByteArray &request) { return raw(QList<QByteArray>{request}); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        server = new devnet::BlobServer(dir.path(), this);
        server->setUploaders([](const crypto::PublicKey &key) {
            return key == uploaderKey().publicKey() || key == quotaKey().publicKey();
        });
        QVERIFY(server->listen(QHostAddress::LocalHost, 0).ok());
        base = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(server->port()));
        QCOMPARE(server->maxUploadBytes(), qint64(256) << 20);
    }

    void init()
    {
        server->setLimits(devnet::BlobServer::Limits{});
        server->setMaxUploadBytes(devnet::BlobServer::kDefaultMaxUploadBytes);
        server->setUploadIdleTimeout(devnet::BlobServer::kDefaultUploadIdleTimeoutMs);
    }

    void uploadThenFetch()
    {
        const QByteArray bytes("a shard of text to train on\n");
        QSignalSpy stored(server, &devnet::BlobServer::blobStored);
        const qint64 before = server->uploaded();
        auto up = upload(bytes);
        QVERIFY2(up.ok(), qPrintable(up.ok() ? QString() : up.error().toString()));
        QCOMPARE(*up, hashOf(bytes));
        QCOMPARE(server->uploaded(), before + 1);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored[0][0].toString(), QString::fromLatin1(hexOf(*up)));
        QCOMPARE(stored[0][1].toLongLong(), qint64(bytes.size()));
        QVERIFY(task::DatasetStore(dir.path()).contains(*up));
        auto got = fetch(*up);
        QVERIFY2(got.ok(), qPrintable(got.ok() ? QString() : got.error().toString()));
        QCOMPARE(*got, bytes);
    }

    void threeMegabytes()
    {
        QByteArray bytes(3 * 1000 * 1000 + 11, '\0');
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = char((i * 7919) >> 3);
        auto up = upload(bytes);
        QVERIFY2(up.ok(), qPrintable(up.ok() ? QString() : up.error().toString()));
        auto got = fetch(*up);
        QVERIFY2(got.ok(), qPrintable(got.ok() ? QString() : got.error().toString()));
        QCOMPARE(got->size(), bytes.size());
        QVERIFY(*got == bytes);
        auto loaded = task::DatasetStore(dir.path()).load(*up);
        QVERIFY(loaded.ok());
    }

    void bodyInManySegments()
    {
        QByteArray bytes(200 * 1024, 'q');
        bytes[777] = 'r';
        const QByteArray hex = hexOf(hashOf(bytes));
        // The head itself split, and the body in pieces, each sent on its own.
        const QByteArray head = putHead(hex, bytes.size());
        QList<QByteArray> parts{head.left(10), head.mid(10)};
        for (qsizetype at = 0; at < bytes.size(); at += 50 * 1024)
            parts.append(bytes.mid(at, 50 * 1024));
        const QByteArray answer = raw(parts, 20);
        QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
        QCOMPARE(fetch(hashOf(bytes)).value(), bytes);
    }

    void emptyBlob()
    {
        auto up = upload(QByteArray());
        QVERIFY2(up.ok(), qPrintable(up.ok() ? QString() : up.error().toString()));
        QCOMPARE(fetch(*up).value(), QByteArray());
    }

    void wrongHashIs422AndStoresNothing()
    {
        const QByteArray claimed = hexOf(hashOf("the real shard"));
        const QByteArray body("a different shard");
        const QStringList before = storeEntries();
        const qint64 uploaded = server->uploaded();
        const QByteArray answer = raw(putHead(claimed, body.size()) + body);
        QVERIFY2(answer.startsWith("HTTP/1.1 422"), answer.constData());
        QVERIFY(answer.contains("nothing stored"));
        QVERIFY(answer.contains(hexOf(hashOf(body))));
        QCOMPARE(storeEntries(), before);
        QCOMPARE(server->uploaded(), uploaded);
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QString::fromLatin1(claimed))));
    }

    void overTheCapIs413()
    {
        server->setMaxUploadBytes(1000);
        const QByteArray bytes(5000, 'c');
        const QStringList before = storeEntries();
        // Only the head is sent: the server must answer without waiting for the body.
        const QByteArray answer = raw(putHead(hexOf(hashOf(bytes)), bytes.size()));
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        QVERIFY(answer.contains("at most 1000 bytes"));
        QCOMPARE(storeEntries(), before);

        // From the client: an error either way (the server may close before the body is sent).
        auto up = upload(bytes);
        QVERIFY(!up.ok());
        QCOMPARE(up.error().code, QStringLiteral("blob.http"));
        QCOMPARE(storeEntries(), before);
    }

    void lengthRequired()
    {
        const QByteArray hex = hexOf(hashOf("x"));
        QByteArray answer = raw("PUT /blobs/" + hex + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nx");
        QVERIFY2(answer.startsWith("HTTP/1.1 411"), answer.constData());
        answer = raw("PUT /blobs/" + hex + " HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 411"), answer.constData());
        answer = raw("PUT /blobs/" + hex + " HTTP/1.1\r\nContent-Length: -1\r\n\r\nx");
        QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
        answer = raw("PUT /blobs/" + hex + " HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx");
        QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
        answer = raw("PUT /blobs/" + QByteArray(64, 'A') + " HTTP/1.1\r\nContent-Length: 1\r\n\r\nx");
        QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QString::fromLatin1(hex))));
    }

    void bodyCutShortStoresNothing()
    {
        const QByteArray bytes(100 * 1000, 'k');
        const QByteArray hex = hexOf(hashOf(bytes));
        const QStringList before = storeEntries();
        const qint64 uploaded = server->uploaded();
        {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(QTest::qWaitFor([&] { return s.state() == QAbstractSocket::ConnectedState; }, 10000));
            s.write(putHead(hex, bytes.size()) + bytes.left(40 * 1000));
            QVERIFY(QTest::qWaitFor([&] { return s.bytesToWrite() == 0; }, 10000));
            QTest::qWait(100); // let the server take the part it got
            s.close();         // the client hangs up with 60 kB still to send
        }
        QTest::qWait(200);
        QCOMPARE(storeEntries(), before);
        QCOMPARE(server->uploaded(), uploaded);
        auto got = fetch(hashOf(bytes));
        QVERIFY(!got.ok());
        QVERIFY(got.error().message.contains(QLatin1String("404")));
        // Nothing half-written is in the way of a complete upload.
        QVERIFY(upload(bytes).ok());
        QCOMPARE(fetch(hashOf(bytes)).value(), bytes);
    }

    void idleUploadTimesOut()
    {
        server->setUploadIdleTimeout(300);
        const QByteArray bytes(10 * 1000, 'i');
        const QStringList before = storeEntries();
        QElapsedTimer clock;
        clock.start();
        // Half the body, then silence: the server drops the connection without an answer.
        const QByteArray answer = raw(QList<QByteArray>{putHead(hexOf(hashOf(bytes)), bytes.size()) + bytes.left(5000)});
        QVERIFY2(answer.isEmpty(), answer.constData());
        QVERIFY(clock.elapsed() < 5000);
        QCOMPARE(storeEntries(), before);
    }

    void reuploadIs200AndRefreshesTheMtime()
    {
        task::DatasetStore store(dir.path());
        const QByteArray bytes("already in the store");
        auto entry = store.putBytes(bytes);
        QVERIFY(entry.ok());
        const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-3);
        {
            QFile f(store.pathOf(entry->hash));
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(old, QFileDevice::FileModificationTime));
        }
        QSignalSpy stored(server, &devnet::BlobServer::blobStored);
        const qint64 uploaded = server->uploaded();
        const QByteArray answer = raw(putHead(hexOf(entry->hash), bytes.size()) + bytes);
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        auto up = upload(bytes); // and the client takes 200 as success
        QVERIFY(up.ok());
        QCOMPARE(*up, entry->hash);
        QCOMPARE(server->uploaded(), uploaded);
        QCOMPARE(stored.size(), 0);
        // Its mtime starts the Housekeeper's grace again: the client was just told it is there.
        QVERIFY(QFileInfo(store.pathOf(entry->hash)).lastModified().toUTC() > QDateTime::currentDateTimeUtc().addSecs(-60));
        // A wrong body under an existing name is still refused.
        const QByteArray wrong = raw(putHead(hexOf(entry->hash), 5) + "wrong");
        QVERIFY2(wrong.startsWith("HTTP/1.1 422"), wrong.constData());
        QCOMPARE(store.load(entry->hash).value(), bytes);
    }

    void expectContinue()
    {
        const QByteArray bytes("sent after 100 Continue");
        const QByteArray hex = hexOf(hashOf(bytes));
        QByteArray head = putHead(hex, bytes.size());
        head.insert(head.size() - 2, "Expect: 100-continue\r\n");
        QTcpSocket s;
        QByteArray out;
        connect(&s, &QTcpSocket::readyRead, &s, [&] { out += s.readAll(); });
        s.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(QTest::qWaitFor([&] { return s.state() == QAbstractSocket::ConnectedState; }, 10000));
        s.write(head);
        QVERIFY(QTest::qWaitFor([&] { return out.contains("\r\n\r\n"); }, 10000));
        QVERIFY2(out.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), out.constData());
        s.write(bytes);
        QVERIFY(QTest::qWaitFor([&] { return s.state() == QAbstractSocket::UnconnectedState; }, 10000));
        QVERIFY2(out.mid(25).startsWith("HTTP/1.1 201"), out.constData());
    }

    void onlySignedUploadsFromRegisteredKeys()
    {
        const QByteArray bytes("who may upload");
        const QByteArray hex = hexOf(hashOf(bytes));
        const QStringList before = storeEntries();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        // Answered from the head alone: no body is sent.
        QByteArray answer = raw(unsignedHead(hex, bytes.size()));
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        // Signed for another length, or another blob: the signature does not verify.
        auto h = protocol::signBlobPut(protocol::Signer::of(uploaderKey()), hashOf(bytes), bytes.size() + 1, now);
        answer = raw(unsignedHead(hex, bytes.size(), authHeaders(h)));
        QVERIFY2(answer.startsWith("HTTP/1.1 401") && answer.contains("does not verify"), answer.constData());
        h.signature = "not-base58-0OIl";
        answer = raw(unsignedHead(hex, bytes.size(), authHeaders(h)));
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        // Six minutes old, or six ahead.
        answer = raw(putHead(hex, bytes.size(), uploaderKey(), now - 6 * 60'000));
        QVERIFY2(answer.startsWith("HTTP/1.1 401") && answer.contains("off the server's clock"), answer.constData());
        answer = raw(putHead(hex, bytes.size(), uploaderKey(), now + 6 * 60'000));
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        // Correctly signed by a key the devnet does not know.
        answer = raw(putHead(hex, bytes.size(), strangerKey()));
        QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());
        QCOMPARE(storeEntries(), before);
        // The BlobUploader without a signer says why.
        protocol::BlobUploader anonymous;
        std::optional<Result<crypto::Hash256>> got;
        anonymous.upload(base, bytes, [&](Result<crypto::Hash256> r) { got = std::move(r); });
        QVERIFY(QTest::qWaitFor([&] { return got.has_value(); }, 20000));
        QVERIFY(!got->ok());
        QVERIFY2(got->error().message.contains(QLatin1String("401")), qPrintable(got->error().message));
        // The registered key, a minute off (within the skew): stored.
        answer = raw(putHead(hex, bytes.size(), uploaderKey(), now - 60'000) + bytes);
        QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
    }

    void quotaPerKeyIs429()
    {
        auto limits = devnet::BlobServer::Limits{};
        limits.quotaBytes = 10'000;
        server->setLimits(limits);
        const QByteArray a(6000, 'a'), b(6000, 'b'), c(3000, 'c');
        QByteArray answer = raw(putHead(hexOf(hashOf(a)), a.size(), quotaKey()) + a);
        QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
        // 6000 + 6000 is over 10000: refused from the head, nothing stored.
        answer = raw(putHead(hexOf(hashOf(b)), b.size(), quotaKey()));
        QVERIFY2(answer.startsWith("HTTP/1.1 429"), answer.constData());
        QVERIFY(!task::DatasetStore(dir.path()).contains(hashOf(b)));
        // What still fits is taken.
        answer = raw(putHead(hexOf(hashOf(c)), c.size(), quotaKey()) + c);
        QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
        // The window rolls: an hour and a minute later (the server's clock, and the signer's),
        // the key has its bytes back.
        ManualClock later(QDateTime::currentDateTimeUtc().addSecs(61 * 60));
        Clock::setInstance(&later);
        answer = raw(putHead(hexOf(hashOf(b)), b.size(), quotaKey(), later.msecsSinceEpoch()) + b);
        Clock::setInstance(nullptr);
        QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
    }

    void slowUploadOutlivesTheHeadTimeoutButACrawlIsCut()
    {
        auto limits = devnet::BlobServer::Limits{};
        limits.headTimeoutMs = 200;
        limits.rateGraceMs = 300;
        limits.minBytesPerSecond = 20 * 1024;
        server->setLimits(limits);
        // 80 KiB in 8 parts 100 ms apart (~100 KB/s): longer than the head timeout, fast enough.
        QByteArray bytes(80 * 1024, 's');
        bytes[5] = 't';
        QList<QByteArray> parts{putHead(hexOf(hashOf(bytes)), bytes.size())};
        for (qsizetype at = 0; at < bytes.size(); at += 10 * 1024)
            parts.append(bytes.mid(at, 10 * 1024));
        QByteArray answer = raw(parts, 100);
        QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
        // 200 bytes every 50 ms (4 KB/s): cut once the grace is over, nothing stored.
        const QByteArray crawl(20 * 1000, 'c');
        const qint64 cut = server->cutTransfers();
        QList<QByteArray> slow{putHead(hexOf(hashOf(crawl)), crawl.size())};
        for (qsizetype at = 0; at < 4000; at += 200)
            slow.append(crawl.mid(at, 200));
        answer = raw(slow, 50);
        QVERIFY2(!answer.startsWith("HTTP/1.1 2"), answer.constData());
        QCOMPARE(server->cutTransfers(), cut + 1);
        QVERIFY(!task::DatasetStore(dir.path()).contains(hashOf(crawl)));
    }

    void getUnchanged()
    {
        QVERIFY(raw("POST /blobs/x HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 405"));
        QVERIFY(raw("GET /blobs/" + hexOf(hashOf("never uploaded")) + " HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404"));
    }
};

QTEST_GUILESS_MAIN(TestBlobUpload)
#include "TestBlobUpload.moc"
