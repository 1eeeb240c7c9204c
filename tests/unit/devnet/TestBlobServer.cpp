// Blobs by content hash: served over HTTP GET, checked against the hash on arrival by the
// client, so a swapped or corrupted file never reaches the caller.
#include "crypto/Blake2b.h"
#include "devnet/BlobServer.h"
#include "protocol/BlobFetcher.h"
#include "task/DatasetStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
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

    // A GET from a socket whose kernel receive buffer is 4 KiB and whose Qt buffer holds
    // `qtBuffer` bytes: what it does not read stays in the server's court. Connected by hand,
    // since the buffer size must be set before connect() to bound the window.
    std::unique_ptr<QTcpSocket> slowReader(const crypto::Hash256 &hash, qint64 qtBuffer)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(server->port());
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0) {
            ::close(fd);
            return nullptr;
        }
        auto s = std::make_unique<QTcpSocket>();
        s->setSocketDescriptor(fd);
        s->setReadBufferSize(qtBuffer);
        s->write("GET /blobs/" + QByteArray::fromStdString(crypto::toHex(hash)) + " HTTP/1.1\r\n\r\n");
        return s;
    }

    crypto::Hash256 storeBig(qint64 bytes)
    {
        QByteArray big(bytes, '\0');
        for (qsizetype i = 0; i < big.size(); ++i)
            big[i] = char((i * 2654435761u) >> 13);
        return task::DatasetStore(dir.path()).putBytes(big).value().hash;
    }

    devnet::BlobServer::Limits fastLimits() const
    {
        devnet::BlobServer::Limits l;
        l.headTimeoutMs = 300;
        l.idleTimeoutMs = 3000; // roomy: the client and the server share this thread on a loaded machine
        l.rateGraceMs = 300;
        l.minBytesPerSecond = 64 * 1024;
        return l;
    }

private Q_SLOTS:
    void init() { server->setLimits(devnet::BlobServer::Limits{}); }

    void slowDownloadOutlivesTheHeadTimeout()
    {
        // 8 MiB read at most 64 KiB every 20 ms (~3 MB/s): seconds, far past the 300 ms head
        // timeout that used to cut every connection, and above the minimum rate.
        server->setLimits(fastLimits());
        const qint64 size = 8 << 20;
        const crypto::Hash256 hash = storeBig(size);
        auto s = slowReader(hash, 64 * 1024);
        QVERIFY(s);
        QByteArray got;
        QTimer pace;
        connect(&pace, &QTimer::timeout, s.get(), [&] { got += s->read(64 * 1024); });
        pace.start(20);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(QTest::qWaitFor([&] { got += s->readAll(); return s->state() == QAbstractSocket::UnconnectedState; }, 30000));
        got += s->readAll();
        QVERIFY2(clock.elapsed() > 600, qPrintable(QString::number(clock.elapsed())));
        const qsizetype body = got.indexOf("\r\n\r\n") + 4;
        QVERIFY(got.startsWith("HTTP/1.1 200"));
        QCOMPARE(got.size() - body, size);
        QVERIFY(crypto::blake2b256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(got.constData() + body),
                                                                 std::size_t(size))) == hash);
    }

    void stalledDownloadIsCutAndQueuesLittle()
    {
        auto limits = fastLimits();
        limits.idleTimeoutMs = 400;
        limits.rateGraceMs = 60000; // only the idle rule here
        server->setLimits(limits);
        const crypto::Hash256 hash = storeBig(16 << 20);
        const qint64 cut = server->cutTransfers();
        auto s = slowReader(hash, 1024); // never read
        QVERIFY(s);
        QVERIFY(QTest::qWaitFor([&] { return server->connectionCount() == 1; }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return server->cutTransfers() == cut + 1; }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return server->connectionCount() == 0; }, 5000));
        // What waited in the server's own buffers never went past the bound (plus the 200 head).
        QVERIFY2(server->peakQueuedBytes() <= limits.maxQueuedBytes + 256, qPrintable(QString::number(server->peakQueuedBytes())));
    }

    void crawlingDownloadIsCut()
    {
        auto limits = fastLimits();
        limits.minBytesPerSecond = 1 << 20; // 1 MiB/s; the reader takes ~80 KB/s
        limits.idleTimeoutMs = 10000;
        server->setLimits(limits);
        const crypto::Hash256 hash = storeBig(16 << 20);
        const qint64 cut = server->cutTransfers();
        auto s = slowReader(hash, 4096);
        QVERIFY(s);
        QTimer pace;
        connect(&pace, &QTimer::timeout, s.get(), [&] { (void)s->read(4096); });
        pace.start(50);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(QTest::qWaitFor([&] { return server->cutTransfers() == cut + 1; }, 15000));
        QVERIFY(clock.elapsed() < 9000); // cut for its rate, not the idle timeout
    }

    void connectionCapsRefuseTheExtra()
    {
        auto limits = devnet::BlobServer::Limits{};
        limits.maxConnections = 3;
        limits.maxPerAddress = 2;
        server->setLimits(limits);
        const qint64 rejected = server->rejectedConnections();
        auto open = [&](const char *from) {
            auto s = std::make_unique<QTcpSocket>();
            s->bind(QHostAddress(QString::fromLatin1(from)));
            s->connectToHost(QHostAddress::LocalHost, server->port());
            (void)QTest::qWaitFor([&] { return s->state() == QAbstractSocket::ConnectedState; }, 5000);
            return s;
        };
        auto a = open("127.0.0.1"), b = open("127.0.0.1");
        QVERIFY(QTest::qWaitFor([&] { return server->connectionCount() == 2; }, 5000));
        auto c = open("127.0.0.1"); // a third from one address
        QVERIFY(QTest::qWaitFor([&] { return server->rejectedConnections() == rejected + 1; }, 5000));
        auto d = open("127.0.0.2"); // another address: room in the total
        QVERIFY(QTest::qWaitFor([&] { return server->connectionCount() == 3; }, 5000));
        auto e = open("127.0.0.3"); // over the total
        QVERIFY(QTest::qWaitFor([&] { return server->rejectedConnections() == rejected + 2; }, 5000));
        QCOMPARE(server->connectionCount(), 3);
        QVERIFY(QTest::qWaitFor([&] { return e->state() == QAbstractSocket::UnconnectedState; }, 5000));
        // One goes, the next is admitted and served.
        a->abort();
        QVERIFY(QTest::qWaitFor([&] { return server->connectionCount() == 2; }, 5000));
        QVERIFY(raw("GET /blobs/" + QByteArray(64, '0') + " HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404"));
        QCOMPARE(server->rejectedConnections(), rejected + 2);
    }

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
