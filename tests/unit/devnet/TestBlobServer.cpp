// Blobs by content hash: served over HTTP GET, checked against the hash on arrival by the
// client, so a swapped or corrupted file never reaches the caller.
#include "crypto/Blake2b.h"
#include "devnet/BlobServer.h"
#include "protocol/BlobFetcher.h"
#include "task/DatasetStore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;

class TestBlobServer : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    devnet::BlobServer *server = nullptr;
    QUrl base;

    Result<QByteArray> fetch(const crypto::Hash256 &hash)
    {
        protocol::BlobFetcher fetcher;
        std::optional<Result<QByteArray>> got;
        fetcher.fetch(base, hash, [&](Result<QByteArray> r) { got = std::move(r); });
        (void)QTest::qWaitFor([&] { return got.has_value(); }, 20000);
        return got.value_or(makeError("test.no_answer", QStringLiteral("no answer")));
    }

    // The server runs on this thread, so wait by spinning the event loop, never by blocking.
    QByteArray raw(const QByteArray &request)
    {
        QTcpSocket s;
        QByteArray out;
        connect(&s, &QTcpSocket::readyRead, &s, [&] { out += s.readAll(); });
        s.connectToHost(QHostAddress::LocalHost, server->port());
        if (!QTest::qWaitFor([&] { return s.state() == QAbstractSocket::ConnectedState; }, 10000))
            return {};
        s.write(request);
        (void)QTest::qWaitFor([&] { return s.state() == QAbstractSocket::UnconnectedState; }, 10000);
        return out + s.readAll();
    }

private Q_SLOTS:
    void initTestCase()
    {
        server = new devnet::BlobServer(dir.path(), this);
        QVERIFY(server->listen(QHostAddress::LocalHost, 0).ok());
        base = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(server->port()));
    }

    void servesVerifiedBytes()
    {
        task::DatasetStore store(dir.path());
        QByteArray bytes(3 * 1024 * 1024 + 7, 'x'); // several chunks
        bytes[12345] = 'y';
        auto entry = store.putBytes(bytes);
        QVERIFY(entry.ok());
        auto got = fetch(entry->hash);
        QVERIFY2(got.ok(), qPrintable(got.ok() ? QString() : got.error().toString()));
        QCOMPARE(*got, bytes);
    }

    void missingIs404()
    {
        auto got = fetch(crypto::blake2b256(std::string_view("nothing here")));
        QVERIFY(!got.ok());
        QCOMPARE(got.error().code, QStringLiteral("blob.http"));
        QVERIFY(got.error().message.contains(QLatin1String("404")));
    }

    void swappedFileRefusedByClient()
    {
        const auto claimed = crypto::blake2b256(std::string_view("the real shard"));
        QFile f(QDir(dir.path()).filePath(QString::fromStdString(crypto::toHex(claimed))));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a different shard");
        f.close();
        auto got = fetch(claimed);
        QVERIFY(!got.ok());
        QCOMPARE(got.error().code, QStringLiteral("blob.hash_mismatch"));
    }

    void tooLargeRefusedByClient()
    {
        task::DatasetStore store(dir.path());
        auto entry = store.putBytes(QByteArray(4096, 'z'));
        protocol::BlobFetcher fetcher;
        std::optional<Result<QByteArray>> got;
        fetcher.fetch(base, entry->hash, [&](Result<QByteArray> r) { got = std::move(r); }, 1000);
        QVERIFY(QTest::qWaitFor([&] { return got.has_value(); }, 20000));
        QVERIFY(!got->ok());
        QCOMPARE(got->error().code, QStringLiteral("blob.too_large"));
    }

    void badRequests()
    {
        QVERIFY(raw("POST /blobs/x HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 405"));
        QVERIFY(raw("GET /blobs/../../etc/passwd HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 400"));
        QVERIFY(raw("GET /blobs/" + QByteArray(64, 'A') + " HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 400"));
        QVERIFY(raw("garbage\r\n\r\n").startsWith("HTTP/1.1 400"));
        QVERIFY(raw("GET / HTTP/1.1\r\n" + QByteArray(9000, 'h')).startsWith("HTTP/1.1 431"));
    }
};

QTEST_GUILESS_MAIN(TestBlobServer)
#include "TestBlobServer.moc"
