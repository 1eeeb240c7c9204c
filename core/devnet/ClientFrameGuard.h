#pragma once
// RFC 6455 5.1: "a client MUST mask all frames that it sends to the server", and a server MUST
// close the connection on a frame that is not masked. Qt 6.4's QWebSocket does not check
// (measured: an unmasked text frame reached the coordinator as a message), and it also buffers a
// whole frame of any declared size (up to 2 GiB) before its message-size limit looks at it. So the
// control server looks at each connection's bytes before QWebSocket reads them.
//
// FrameScanner follows the client's frames part by part (2-byte head, 0/2/8-byte length, 4-byte
// mask, payload) exactly the way QWebSocketFrame consumes them: a part is taken only once all of
// its bytes are there, a payload only whole. So once QWebSocket has read what it can, the
// socket's buffer starts where the scanner's unfinished part starts, and the next scan begins at
// the buffer's first byte with no offset to keep. It reads heads, never payloads. It remembers the
// first bytes of its unfinished part and checks them on the next scan: if QWebSocket ever read in
// a way the scanner did not follow, that is said (Misaligned) instead of trusting a wrong parse.
//
// ClientFrameGuard puts a scanner on an accepted socket before QWebSocketServer::handleConnection()
// (so its readyRead slot runs before the server's and QWebSocket's). Before the upgrade it only
// checks the opening handshake: bounded in size, complete within the deadline, and no byte after
// it before our 101 is sent (a client must wait for it, RFC 6455 4.1); upgraded() switches it to
// frames. A breach drains what is buffered (QWebSocket never sees it), sends a Close frame (1002
// unmasked or misplaced, 1009 a frame over the cap) and disconnects; before the upgrade it aborts.
#include <QByteArray>
#include <QObject>
#include <QString>

class QTcpSocket;

namespace idleforge::devnet {

class FrameScanner {
public:
    enum class Verdict { Fine, Unmasked, TooLarge, Misaligned };

    explicit FrameScanner(quint64 maxPayloadBytes) : m_maxPayload(maxPayloadBytes) {}

    // `buffer`: every byte QWebSocket has not read yet, from its first one.
    Verdict scan(const QByteArray &buffer);
    // How many bytes the buffer must hold before scan() can get past its current part.
    qint64 bytesNeeded() const;
    qint64 framesSeen() const { return m_frames; }

private:
    enum class Part { Head, Length16, Length64, Mask, Payload };
    Verdict take(const uchar *p); // one whole part at p

    quint64 m_maxPayload;
    Part m_part = Part::Head;
    quint64 m_payload = 0;
    qint64 m_frames = 0;
    QByteArray m_pending; // the unfinished part's first bytes, as the last scan saw them
};

class ClientFrameGuard : public QObject {
    Q_OBJECT
public:
    struct Limits {
        quint64 maxPayloadBytes = 0;
        int maxHandshakeBytes = 16 * 1024;
        int handshakeDeadlineMs = 10'000; // opening handshake complete and answered within this
    };

    // Becomes a child of `socket` (it goes when the socket goes).
    ClientFrameGuard(QTcpSocket *socket, const Limits &limits);
    ~ClientFrameGuard() override; // a socket gone in its handshake ends it too (handshakeOver)

    // QWebSocketServer has answered the handshake and made a QWebSocket of this socket.
    void upgraded();
    QTcpSocket *socket() const { return m_socket; }

Q_SIGNALS:
    // The connection was closed for `reason` (it never reached QWebSocket).
    void breached(const QString &reason);
    // Left the handshake phase (upgraded, cut, or gone): what pre-upgrade counts go by. Once.
    void handshakeOver();

private:
    enum class Phase { Handshake, AwaitUpgrade, Frames, Closed };
    void onReadyRead();
    void checkHandshake(qint64 available);
    void abortHandshake(const QString &reason);
    void closeWith(quint16 code, const QString &reason);
    void leaveHandshake(Phase next);

    QTcpSocket *m_socket;
    Limits m_limits;
    Phase m_phase = Phase::Handshake;
    QByteArray m_handshake; // the complete opening handshake, until it is consumed
    FrameScanner m_scanner;
};

} // namespace idleforge::devnet
