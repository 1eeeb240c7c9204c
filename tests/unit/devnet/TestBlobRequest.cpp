// The blob server's request-head parsing on bytes alone (devnet/BlobRequest.h): where a head
// ends, which answer each malformed head gets, and an upload's credentials. TestBlobServer and
// TestBlobUpload check the same answers over real sockets.
#include "crypto/Blake2b.h"
#include "crypto/Ed25519.h"
#include "devnet/BlobRequest.h"
#include "protocol/BlobAuth.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;

namespace {
const QByteArray kHex = QByteArray("0123456789abcdef").repeated(4);

QByteArray put(const QByteArray &headers)
{
    return "PUT /blobs/" + kHex + " HTTP/1.1\r\nHost: h\r\n" + headers;
}
} // namespace

class TestBlobRequest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void headSplitsAtTheBlankLine()
    {
        QCOMPARE(splitRequestHead("GET /blobs/x HTTP/1.1\r\nHost: h\r\n").state, HeadSplit::State::Incomplete);
        const HeadSplit split = splitRequestHead("GET / HTTP/1.1\r\nA: b\r\n\r\nbody\r\n\r\nmore");
        QCOMPARE(split.state, HeadSplit::State::Complete);
        QCOMPARE(split.head, QByteArray("GET / HTTP/1.1\r\nA: b"));
        QCOMPARE(split.rest, QByteArray("body\r\n\r\nmore"));
    }

    void headOverTheCapIsTooLarge()
    {
        const QByteArray filler(kMaxRequestHead, 'a');
        QCOMPARE(splitRequestHead(filler).state, HeadSplit::State::Incomplete); // may still end
        QCOMPARE(splitRequestHead(filler + 'a').state, HeadSplit::State::TooLarge);
        QCOMPARE(splitRequestHead(filler + "\r\n\r\n").state, HeadSplit::State::Complete);
        QCOMPARE(splitRequestHead(filler + "a\r\n\r\n").state, HeadSplit::State::TooLarge);
    }

    void getNamesItsBlob()
    {
        const BlobRequest r = parseBlobRequest("GET /blobs/" + kHex + " HTTP/1.0\r\nHost: h");
        QCOMPARE(r.status, 0);
        QVERIFY(!r.put);
        QCOMPARE(r.hashHex, kHex);
    }

    void malformedHeadsGetTheirAnswer_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        QTest::newRow("two words") << QByteArray("GET /blobs/" + kHex) << 400;
        QTest::newRow("four words") << QByteArray("GET /blobs/" + kHex + " HTTP/1.1 x") << 400;
        QTest::newRow("not HTTP/1") << QByteArray("GET /blobs/" + kHex + " HTTP/2") << 400;
        QTest::newRow("POST") << QByteArray("POST /blobs/" + kHex + " HTTP/1.1") << 405;
        QTest::newRow("other path") << QByteArray("GET /etc/passwd HTTP/1.1") << 404;
        QTest::newRow("upper-case hex") << QByteArray("GET /blobs/" + kHex.toUpper() + " HTTP/1.1") << 400;
        QTest::newRow("short hash") << QByteArray("GET /blobs/" + kHex.left(63) + " HTTP/1.1") << 400;
        QTest::newRow("dot dot") << QByteArray("GET /blobs/../" + kHex.left(61) + " HTTP/1.1") << 400;
        QTest::newRow("empty") << QByteArray() << 400;
        QTest::newRow("chunked PUT") << put("Transfer-Encoding: chunked") << 411;
        QTest::newRow("PUT without length") << put("X: y") << 411;
        QTest::newRow("negative length") << put("Content-Length: -1") << 400;
        QTest::newRow("19 digits") << put("Content-Length: 1000000000000000000") << 400;
        QTest::newRow("two lengths") << put("Content-Length: 3\r\ncontent-length: 4") << 400;
    }

    void malformedHeadsGetTheirAnswer()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        const BlobRequest r = parseBlobRequest(head);
        QCOMPARE(r.status, status);
        QVERIFY(!r.reason.isEmpty());
    }

    void putCarriesLengthAndExpect()
    {
        const BlobRequest r = parseBlobRequest(put("content-length : 42\r\nContent-Length: 42\r\nExpect: 100-Continue"));
        QCOMPARE(r.status, 0);
        QVERIFY(r.put);
        QCOMPARE(r.contentLength, 42);
        QVERIFY(r.expectContinue);
        QVERIFY(!parseBlobRequest(put("Content-Length: 0")).expectContinue);
    }

    void credentialsFromTheHeaders()
    {
        const auto key = crypto::Ed25519KeyPair::generate();
        const auto signer = protocol::Signer::of(key);
        const protocol::BlobPutHeaders h = protocol::signBlobPut(signer, *crypto::hashFromHex(kHex.toStdString()), 7, 1234);
        const QByteArray head = put("Content-Length: 7\r\nX-IdleForge-Key: " + h.key + "\r\nx-idleforge-time:  " + h.time +
                                    "\r\nX-IdleForge-Signature: " + h.signature);
        const UploadCredentials c = uploadCredentials(head);
        QCOMPARE(c.keyText, h.key);
        QVERIFY(c.key && *c.key == key.publicKey());
        QCOMPARE(c.timeMs.value_or(-1), 1234);
        QVERIFY(c.signature.has_value());

        // Repeated, missing or malformed: unset.
        const UploadCredentials bad = uploadCredentials(put("X-IdleForge-Key: " + h.key + "\r\nX-IdleForge-Key: " + h.key +
                                                            "\r\nX-IdleForge-Time: 12a\r\nX-IdleForge-Signature: 0OIl"));
        QVERIFY(bad.keyText.isEmpty() && !bad.key && !bad.timeMs && !bad.signature);
    }
};

QTEST_GUILESS_MAIN(TestBlobRequest)
#include "TestBlobRequest.moc"
