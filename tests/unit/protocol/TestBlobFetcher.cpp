// BlobFetcher against a raw loopback HTTP server the test scripts byte by byte: a server that
// accepts and then says nothing fails the fetch after the stall timeout (not never); one that is
// slow but keeps sending above the rate floor is not cut; one that trickles under the floor is
// cut after one window; a declared length over the cap is refused before the body. A large blob
// is hashed off the calling thread, and one that does not match its name is refused all the same.
#include "protocol/BlobFetcher.h"
#include "protocol/BlobHash.h"

#include <QTcpServer>
#include <QThread>
#include <QThreadPool>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace idleforge;
using namespace idleforge::protocol;

namespace {
std::span<const std::uint8_t> bytesOf(const QByteArray &b)
{
    return {reinterpret_cast<const std::uint8_t *>(b.constData()), std::size_t(b.size())};
}
} // namespace

class TestBlobFetcher : public QObject {
    Q_OBJECT

    // Answers every request with `answer`: its first `atOnce` bytes at once, then `chunk` bytes
    // every `everyMs` (0 chunk: nothing at all).
    struct ScriptedServer {
        QTcpServer server;
        QByteArray answer;
        int chunk = 0;
        int everyMs = 0;
        qsizetype atOnce = 0;
        explicit ScriptedServer(QByteArray a, int c, int ms, qsizetype first = 0)
            : answer(std::move(a)), chunk(c), everyMs(ms), atOnce(first)
        {
            server.listen(QHostAddress::LocalHost, 0);
            QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
                QTcpSocket *s = server.nextPendingConnection();
                if (chunk == 0)
                    return; // accepted, never answered
                auto *timer = new QTimer(s);
                s->write(answer.left(atOnce));
                auto at = std::make_shared<qsizetype>(atOnce);
                QObject::connect(timer, &QTimer::timeout, s, [this, s, at] {
                    s->write(answer.mid(*at, chunk));
                    *at += chunk;
                    if (*at >= answer.size())
                        s->disconnectFromHost();
                });
                timer->start(everyMs);
            });
        }
        QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort())); }
    };

    static Result<QByteArray> fetchSync(BlobFetcher &f, const QUrl &base, const crypto::Hash256 &hash, qint64 maxBytes,
                                        int waitMs = 10000)
    {
        std::optional<Result<QByteArray>> got;
        f.fetch(base, hash, [&](Result<QByteArray> r) { got = std::move(r); }, maxBytes);
        if (!QTest::qWaitFor([&] { return got.has_value(); }, waitMs))
            return makeError("test.no_answer", QStringLiteral("the fetch never finished"));
        return *got;
    }

    static QByteArray response(const QByteArray &body)
    {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
               QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    }

private Q_SLOTS:
    void silentServerFailsAfterTheStallTimeout()
    {
        ScriptedServer server({}, 0, 0);
        BlobFetcher f;
        f.setStallTimeout(300);
        const auto r = fetchSync(f, server.base(), crypto::blake2b256(bytesOf("x")), 1 << 20, 5000);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("blob.http"));
        QVERIFY2(r.error().message.contains(QStringLiteral("stalled")), qPrintable(r.error().message));
    }

    void slowButMovingDownloadCompletes()
    {
        const QByteArray body(2000, 'b');
        ScriptedServer server(response(body), 100, 50); // ~1.1 s in all, a chunk every 50 ms (2,000 bytes/s)
        BlobFetcher f;
        f.setStallTimeout(400);
        f.setMinimumRate(200); // 80 bytes a window: a loaded machine's late timers stay well above it
        const auto r = fetchSync(f, server.base(), crypto::blake2b256(bytesOf(body)), 1 << 20);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(*r, body);
    }

    void tricklingDownloadIsCut()
    {
        const QByteArray body(100'000, 't');
        const QByteArray answer = response(body);
        // The headers at once (Qt counts only body bytes as moving), then 200 bytes/s: about 8
        // minutes for the whole body.
        ScriptedServer server(answer, 10, 50, answer.indexOf("\r\n\r\n") + 4);
        BlobFetcher f;
        f.setStallTimeout(400);
        f.setMinimumRate(1000); // 400 bytes a window, it brings about 80
        const auto r = fetchSync(f, server.base(), crypto::blake2b256(bytesOf(body)), 1 << 20, 5000); // not 8 minutes
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("blob.http"));
        QVERIFY2(r.error().message.contains(QStringLiteral("too slow")), qPrintable(r.error().message));
    }

    void declaredLengthOverTheCapRefused()
    {
        const QByteArray body(4096, 'c');
        ScriptedServer server(response(body), 200, 20);
        BlobFetcher f;
        const auto r = fetchSync(f, server.base(), crypto::blake2b256(bytesOf(body)), 1000);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("blob.too_large"));
    }

    // A blob of at least kBlobHashInlineBelow bytes is hashed on the pool: blobHashThen returns
    // before the answer, which then comes on the context's thread, right; a small one is answered
    // at once; a context destroyed first gets nothing.
    void largeBlobsAreHashedOffTheCallingThread()
    {
        const QByteArray large(kBlobHashInlineBelow, 'L');
        QObject context;
        std::optional<crypto::Hash256> got;
        QThread *on = nullptr;
        blobHashThen(&context, large, [&](const crypto::Hash256 &h) {
            got = h;
            on = QThread::currentThread();
        });
        QVERIFY(!got);
        QVERIFY(QTest::qWaitFor([&] { return got.has_value(); }, 10000));
        QCOMPARE(*got, crypto::blake2b256(bytesOf(large)));
        QCOMPARE(on, QThread::currentThread());

        bool small = false;
        blobHashThen(&context, QByteArray("tiny"), [&](const crypto::Hash256 &h) { small = h == crypto::blake2b256(bytesOf("tiny")); });
        QVERIFY(small);

        bool called = false;
        {
            QObject gone;
            blobHashThen(&gone, large, [&](const crypto::Hash256 &) { called = true; });
        }
        QThreadPool::globalInstance()->waitForDone();
        QTest::qWait(50);
        QVERIFY(!called);
    }

    // The fetch of a large blob: checked off this thread, delivered on it; the same bytes under
    // another name refused.
    void aLargeBlobIsCheckedAgainstItsName()
    {
        QByteArray body(3 << 20, 'x');
        body[12345] = 'y';
        ScriptedServer server(response(body), 1 << 20, 1, 0);
        BlobFetcher f;
        const auto r = fetchSync(f, server.base(), crypto::blake2b256(bytesOf(body)), 8 << 20);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(*r, body);
        ScriptedServer again(response(body), 1 << 20, 1, 0);
        const auto wrong = fetchSync(f, again.base(), crypto::blake2b256(bytesOf("another")), 8 << 20);
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, QStringLiteral("blob.hash_mismatch"));
    }
};

QTEST_GUILESS_MAIN(TestBlobFetcher)
#include "TestBlobFetcher.moc"
