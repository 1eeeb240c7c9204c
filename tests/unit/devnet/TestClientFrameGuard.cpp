// RFC 6455 framing rules the control server enforces in front of QWebSocket: FrameScanner on byte
// sequences, and ClientFrameGuard on real loopback connections to a DevnetServer driven with raw
// bytes (unmasked frames, a frame declared over the cap, data before the 101, a handshake that
// never ends, half-open handshakes against the caps, a frame dribbled a byte at a time).
#include "devnet/ClientFrameGuard.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetServer.h"
#include "protocol/Envelope.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTcpSocket>
#include <QtEndian>

#include <optional>

using namespace idleforge;
using namespace idleforge::devnet;

namespace {

const QByteArray kHandshake = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

// A client frame as RFC 6455 5.2 lays it out; `length` overrides the declared payload length.
QByteArray frame(quint8 opcode, const QByteArray &payload, bool masked = true, std::optional<quint64> length = {})
{
    const quint64 n = length.value_or(quint64(payload.size()));
    QByteArray f;
    f.append(char(0x80 | opcode));
    const char maskBit = masked ? char(0x80) : char(0);
    if (n < 126) {
        f.append(char(maskBit | char(n)));
    } else if (n <= 0xFFFF) {
        f.append(char(maskBit | 126));
        f.append(char(n >> 8)).append(char(n & 0xFF));
    } else {
        f.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            f.append(char((n >> shift) & 0xFF));
    }
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    if (masked)
        f.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        f.append(masked ? char(payload[i] ^ key[i % 4]) : payload[i]);
    return f;
}

// The server's frames after its 101 response: (opcode, payload) in order, as far as complete.
QList<QPair<int, QByteArray>> serverFrames(const QByteArray &bytes)
{
    QList<QPair<int, QByteArray>> frames;
    qsizetype at = bytes.indexOf("\r\n\r\n");
    if (at < 0)
        return frames;
    at += 4;
    while (bytes.size() - at >= 2) {
        const auto *p = reinterpret_cast<const uchar *>(bytes.constData()) + at;
        quint64 n = p[1] & 0x7F;
        qsizetype head = 2;
        if (n == 126) {
            if (bytes.size() - at < 4)
                break;
            n = qFromBigEndian<quint16>(p + 2);
            head = 4;
        } else if (n == 127) {
            if (bytes.size() - at < 10)
                break;
            n = qFromBigEndian<quint64>(p + 2);
            head = 10;
        }
        if (quint64(bytes.size() - at - head) < n)
            break;
        frames.append({p[0] & 0x0F, bytes.mid(at + head, qsizetype(n))});
        at += head + qsizetype(n);
    }
    return frames;
}

std::optional<quint16> closeCodeOf(const QByteArray &bytes)
{
    for (const auto &[opcode, payload] : serverFrames(bytes))
        if (opcode == 0x8 && payload.size() >= 2)
            return qFromBigEndian<quint16>(reinterpret_cast<const uchar *>(payload.constData()));
    return std::nullopt;
}

} // namespace

class TestClientFrameGuard : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;

    std::unique_ptr<DevnetServer> serve(const DevnetServer::Limits &limits = {})
    {
        auto s = std::make_unique<DevnetServer>(*coord, coordKey);
        s->setLimits(limits);
        if (!s->listen(QHostAddress::LocalHost, 0).ok())
            return nullptr;
        return s;
    }

    // Connects, sends the opening handshake and waits for the 101 and the signed hello.
    static bool upgrade(QTcpSocket &raw, quint16 port, QByteArray &got)
    {
        raw.connectToHost(QHostAddress::LocalHost, port);
        if (!raw.waitForConnected(5000))
            return false;
        raw.write(kHandshake);
        return QTest::qWaitFor([&] { got += raw.readAll(); return serverFrames(got).size() >= 1; }, 10000) &&
               got.startsWith("HTTP/1.1 101");
    }

    static bool gone(QTcpSocket &raw, QByteArray &got, int ms = 5000)
    {
        return QTest::qWaitFor([&] { got += raw.readAll(); return raw.state() != QAbstractSocket::ConnectedState; }, ms);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(), Coordinator::Options{});
    }

    void scannerFollowsEveryLengthForm()
    {
        FrameScanner scanner(1 << 20);
        const QByteArray frames = frame(0x1, "hi") + frame(0x1, QByteArray(300, 'x')) + frame(0x2, QByteArray(70'000, 'y')) +
                                  frame(0x9, {});
        QCOMPARE(scanner.scan(frames), FrameScanner::Verdict::Fine);
        QCOMPARE(scanner.framesSeen(), qint64(4));
        QCOMPARE(scanner.bytesNeeded(), qint64(2)); // at the next head
    }

    void scannerRefusesUnmaskedAndOversized()
    {
        FrameScanner a(1 << 20);
        QCOMPARE(a.scan(frame(0x1, "ok") + frame(0x1, "bare", false)), FrameScanner::Verdict::Unmasked);
        FrameScanner b(1 << 20);
        // Refused from its 10-byte head alone: none of the 2^40 bytes needs to arrive.
        QCOMPARE(b.scan(frame(0x1, {}, true, quint64(1) << 40).left(10)), FrameScanner::Verdict::TooLarge);
        FrameScanner c(1000);
        QCOMPARE(c.scan(frame(0x1, QByteArray(1000, 'z'))), FrameScanner::Verdict::Fine);
        QCOMPARE(c.scan(frame(0x1, QByteArray(1001, 'z'))), FrameScanner::Verdict::TooLarge);
    }

    void scannerWaitsForWholeParts()
    {
        // Fed as QWebSocket leaves the buffer: whole parts consumed, the unfinished one kept.
        FrameScanner scanner(1 << 20);
        const QByteArray f = frame(0x1, QByteArray(200, 'p')); // head 2, length 2, mask 4, payload 200
        QCOMPARE(scanner.scan(f.left(1)), FrameScanner::Verdict::Fine);
        QCOMPARE(scanner.bytesNeeded(), qint64(2));
        QCOMPARE(scanner.scan(f.left(3)), FrameScanner::Verdict::Fine); // head taken, 1 of 2 length bytes
        QCOMPARE(scanner.scan(f.mid(2, 6)), FrameScanner::Verdict::Fine);  // length and mask taken
        QCOMPARE(scanner.bytesNeeded(), qint64(200));
        QCOMPARE(scanner.scan(f.mid(8, 199)), FrameScanner::Verdict::Fine);
        QCOMPARE(scanner.bytesNeeded(), qint64(200));
        QCOMPARE(scanner.scan(f.mid(8) + frame(0x1, "bare", false).left(1)), FrameScanner::Verdict::Fine);
        QCOMPARE(scanner.framesSeen(), qint64(1));
        QCOMPARE(scanner.scan(frame(0x1, "bare", false)), FrameScanner::Verdict::Unmasked);
    }

    void scannerNoticesALostPlace()
    {
        FrameScanner scanner(1 << 20);
        QByteArray payload;
        for (int i = 0; i < 50; ++i)
            payload.append(char('a' + i % 26));
        const QByteArray f = frame(0x1, payload);
        QCOMPARE(scanner.scan(f.left(20)), FrameScanner::Verdict::Fine); // in the payload now
        // A buffer that does not start where the scanner stopped: someone read past it.
        QCOMPARE(scanner.scan(f.mid(10, 30)), FrameScanner::Verdict::Misaligned);
    }

    // RFC 6455 5.1: a server must close the connection on an unmasked client frame (1002).
    void unmaskedFrameClosesWith1002()
    {
        auto server = serve();
        QVERIFY(server);
        QTcpSocket raw;
        QByteArray got;
        QVERIFY(upgrade(raw, server->port(), got));
        const qint64 refusedBefore = server->refusedCount();
        raw.write(frame(0x1, "not json", false));
        QVERIFY2(gone(raw, got), "the server kept a connection that sent an unmasked frame");
        QCOMPARE(closeCodeOf(got), std::optional<quint16>(1002));
        QCOMPARE(server->refusedCount(), refusedBefore); // closed by the framing check, never parsed
        QCOMPARE(server->framingClosed(), qint64(1));
    }

    void maskedFrameDribbledByteByByteIsAnswered()
    {
        auto server = serve();
        QVERIFY(server);
        QTcpSocket raw;
        QByteArray got;
        QVERIFY(upgrade(raw, server->port(), got));
        const QByteArray f = frame(0x1, QByteArray(300, '{')); // 16-bit length form
        for (const char c : f) {
            raw.write(&c, 1);
            raw.flush();
            QTest::qWait(1);
        }
        // Not JSON: refused with a signed error, the connection kept.
        QVERIFY(QTest::qWaitFor([&] { got += raw.readAll(); return serverFrames(got).size() >= 2; }, 10000));
        QVERIFY(serverFrames(got).at(1).second.contains("protocol."));
        raw.write(frame(0x1, "again") + frame(0x9, "ping"));
        QVERIFY(QTest::qWaitFor([&] { got += raw.readAll(); return serverFrames(got).size() >= 4; }, 10000));
        QCOMPARE(raw.state(), QAbstractSocket::ConnectedState);
        QCOMPARE(server->framingClosed(), qint64(0));
    }

    void frameOverTheCapClosedBeforeItsBody()
    {
        auto server = serve();
        QVERIFY(server);
        QTcpSocket raw;
        QByteArray got;
        QVERIFY(upgrade(raw, server->port(), got));
        raw.write(frame(0x1, {}, true, quint64(1) << 31).left(14)); // declares 2 GiB, sends the head only
        QVERIFY(gone(raw, got));
        QCOMPARE(closeCodeOf(got), std::optional<quint16>(1009));
    }

    void dataBeforeThe101IsCut()
    {
        auto server = serve();
        QVERIFY(server);
        QTcpSocket raw;
        raw.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(raw.waitForConnected(5000));
        raw.write(kHandshake + frame(0x1, "too early"));
        QByteArray got;
        QVERIFY(gone(raw, got));
        QVERIFY(!got.startsWith("HTTP/1.1 101"));
        QCOMPARE(server->framingClosed(), qint64(1));
    }

    void handshakeThatNeverEndsIsCut()
    {
        DevnetServer::Limits limits;
        limits.registrationDeadlineMs = 300;
        auto server = serve(limits);
        QVERIFY(server);
        QTcpSocket slow, huge;
        slow.connectToHost(QHostAddress::LocalHost, server->port());
        huge.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(slow.waitForConnected(5000) && huge.waitForConnected(5000));
        slow.write(kHandshake.left(40));
        huge.write("GET / HTTP/1.1\r\nX-Filler: " + QByteArray(64 * 1024, 'f'));
        QByteArray got;
        QVERIFY(gone(huge, got, 5000)); // over the head cap: cut at once
        QVERIFY(gone(slow, got, 5000)); // past the deadline
        QCOMPARE(server->framingClosed(), qint64(2));
    }

    void halfOpenHandshakesCountAgainstTheCap()
    {
        DevnetServer::Limits limits;
        limits.maxPerAddress = 2;
        auto server = serve(limits);
        QVERIFY(server);
        QTcpSocket a, b, c;
        for (QTcpSocket *s : {&a, &b}) {
            s->connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(s->waitForConnected(5000));
        }
        QTest::qWait(100);
        c.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(c.waitForConnected(5000));
        QByteArray got;
        QVERIFY(gone(c, got));
        QCOMPARE(server->rejectedConnections(), qint64(1));
        QCOMPARE(a.state(), QAbstractSocket::ConnectedState);
        // One of them leaves: a full client gets in again.
        a.abort();
        QTest::qWait(200);
        QTcpSocket d;
        QVERIFY(upgrade(d, server->port(), got));
    }
};

QTEST_GUILESS_MAIN(TestClientFrameGuard)
#include "TestClientFrameGuard.moc"
