// BlobFetcher against a raw loopback HTTP server the test scripts byte by byte: a server that
// accepts and then says nothing fails the fetch after the stall timeout (not never); one that is
// slow but keeps sending is not cut; a declared length over the cap is refused before the body.
#include "protocol/BlobFetcher.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

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

    // Answers every request with `answer`, `chunk` bytes every `everyMs` (0 chunk: nothing at all).
    struct ScriptedServer {
        QTcpServer server;
        QByteArray answer;
        int chunk = 0;
        int everyMs = 0;
        explicit ScriptedServer(QByteArray a, int c, int ms) : answer(std::move(a)), chunk(c), everyMs(ms)
        {
            server.listen(QHostAddress::LocalHost, 0);
            QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
                QTcpSocket *s = server.nextPendingConnection();
                if (chunk == 0)
                    return; // accepted, never answered
                auto *timer = new QTimer(s);
                auto at = std::make_shared<qsizetype>(0);
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
        ScriptedServer server(response(body), 100, 50); // ~1.1 s in all, a chunk every 50 ms
        BlobFetcher f;
        f.setStallTimeout(400);
        const auto r = fetchSync(f, server.base(), crypto::blake2b256(bytesOf(body)), 1 << 20);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(*r, body);
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
};

QTEST_GUILESS_MAIN(TestBlobFetcher)
#include "TestBlobFetcher.moc"
