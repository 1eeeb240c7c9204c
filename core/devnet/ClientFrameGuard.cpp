#include "devnet/ClientFrameGuard.h"

#include "devnet/Log.h"

#include <QTcpSocket>
#include <QTimer>
#include <QtEndian>

#include <algorithm>

namespace idleforge::devnet {

namespace {
constexpr quint16 kProtocolError = 1002;
constexpr quint16 kTooBig = 1009;
constexpr quint16 kInternalError = 1011;
constexpr qsizetype kPendingKept = 16;
} // namespace

qint64 FrameScanner::bytesNeeded() const
{
    switch (m_part) {
    case Part::Head:
    case Part::Length16:
        return 2;
    case Part::Length64:
        return 8;
    case Part::Mask:
        return 4;
    case Part::Payload:
        return qint64(m_payload);
    }
    return 2;
}

FrameScanner::Verdict FrameScanner::take(const uchar *p)
{
    switch (m_part) {
    case Part::Head:
        ++m_frames;
        if (!(p[1] & 0x80))
            return Verdict::Unmasked;
        m_payload = p[1] & 0x7F;
        m_part = m_payload == 126 ? Part::Length16 : m_payload == 127 ? Part::Length64 : Part::Mask;
        break;
    case Part::Length16:
        m_payload = qFromBigEndian<quint16>(p);
        m_part = Part::Mask;
        break;
    case Part::Length64:
        m_payload = qFromBigEndian<quint64>(p);
        m_part = Part::Mask;
        break;
    case Part::Mask:
        // QWebSocketFrame takes an empty payload as done at once, without a read.
        m_part = m_payload == 0 ? Part::Head : Part::Payload;
        break;
    case Part::Payload:
        m_part = Part::Head;
        break;
    }
    if (m_part == Part::Mask && m_payload > m_maxPayload)
        return Verdict::TooLarge; // refused before a byte of it is buffered for QWebSocket
    return Verdict::Fine;
}

FrameScanner::Verdict FrameScanner::scan(const QByteArray &buffer)
{
    if (!m_pending.isEmpty() && !buffer.startsWith(m_pending))
        return Verdict::Misaligned;
    qsizetype at = 0;
    for (qint64 need = bytesNeeded(); buffer.size() - at >= need; need = bytesNeeded()) {
        if (const Verdict v = take(reinterpret_cast<const uchar *>(buffer.constData()) + at); v != Verdict::Fine)
            return v;
        at += qsizetype(need);
    }
    m_pending = buffer.mid(at, kPendingKept);
    return Verdict::Fine;
}

ClientFrameGuard::ClientFrameGuard(QTcpSocket *socket, const Limits &limits)
    : QObject(socket), m_socket(socket), m_limits(limits), m_scanner(limits.maxPayloadBytes)
{
    connect(socket, &QTcpSocket::readyRead, this, &ClientFrameGuard::onReadyRead);
    QTimer::singleShot(limits.handshakeDeadlineMs, this, [this] {
        if (m_phase == Phase::Handshake || m_phase == Phase::AwaitUpgrade)
            abortHandshake(QStringLiteral("no opening handshake within %1 ms").arg(m_limits.handshakeDeadlineMs));
    });
}

ClientFrameGuard::~ClientFrameGuard()
{
    leaveHandshake(Phase::Closed);
}

void ClientFrameGuard::upgraded()
{
    if (m_phase == Phase::Handshake || m_phase == Phase::AwaitUpgrade) {
        m_handshake.clear();
        leaveHandshake(Phase::Frames);
    }
}

void ClientFrameGuard::leaveHandshake(Phase next)
{
    const bool wasHandshake = m_phase == Phase::Handshake || m_phase == Phase::AwaitUpgrade;
    m_phase = next;
    if (wasHandshake)
        Q_EMIT handshakeOver();
}

void ClientFrameGuard::onReadyRead()
{
    const qint64 available = m_socket->bytesAvailable();
    switch (m_phase) {
    case Phase::Handshake:
    case Phase::AwaitUpgrade:
        return checkHandshake(available);
    case Phase::Closed:
        m_socket->skip(available); // nothing more reaches QWebSocket
        return;
    case Phase::Frames:
        break;
    }
    if (available < m_scanner.bytesNeeded())
        return; // the current part is still incomplete: QWebSocket will not read it either
    switch (m_scanner.scan(m_socket->peek(available))) {
    case FrameScanner::Verdict::Fine:
        return;
    case FrameScanner::Verdict::Unmasked:
        return closeWith(kProtocolError, QStringLiteral("client frames must be masked"));
    case FrameScanner::Verdict::TooLarge:
        return closeWith(kTooBig, QStringLiteral("frame over %1 bytes").arg(m_limits.maxPayloadBytes));
    case FrameScanner::Verdict::Misaligned:
        qCCritical(lcDevnet) << "frame check lost its place in a connection's bytes; closing it";
        return closeWith(kInternalError, QStringLiteral("framing check failed"));
    }
}

void ClientFrameGuard::checkHandshake(qint64 available)
{
    if (m_phase == Phase::AwaitUpgrade) {
        // Our 101 has not been sent yet (QWebSocketServer answers from a queued slot), so a
        // client that follows RFC 6455 4.1 cannot have sent anything more.
        if (available != m_handshake.size() || m_socket->peek(available) != m_handshake)
            abortHandshake(QStringLiteral("data sent before the opening handshake was answered"));
        return;
    }
    const QByteArray head = m_socket->peek(std::min<qint64>(available, m_limits.maxHandshakeBytes + 4));
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (available > m_limits.maxHandshakeBytes)
            abortHandshake(QStringLiteral("opening handshake over %1 bytes").arg(m_limits.maxHandshakeBytes));
        return;
    }
    if (available > end + 4)
        return abortHandshake(QStringLiteral("data sent before the opening handshake was answered"));
    m_handshake = head.left(end + 4);
    m_phase = Phase::AwaitUpgrade;
}

void ClientFrameGuard::abortHandshake(const QString &reason)
{
    qCInfo(lcDevnet).noquote() << "control connection from" << m_socket->peerAddress().toString() << "cut:" << reason;
    leaveHandshake(Phase::Closed);
    Q_EMIT breached(reason);
    m_socket->abort();
}

void ClientFrameGuard::closeWith(quint16 code, const QString &reason)
{
    qCInfo(lcDevnet).noquote() << "control connection from" << m_socket->peerAddress().toString() << "closed:" << reason;
    m_phase = Phase::Closed;
    m_socket->skip(m_socket->bytesAvailable()); // QWebSocket, next in line, finds nothing to read
    const QByteArray text = reason.toUtf8().left(123);
    QByteArray frame;
    frame.append(char(0x88)); // FIN + Close; a server's frames are not masked
    frame.append(char(2 + text.size()));
    frame.append(char(code >> 8));
    frame.append(char(code & 0xFF));
    frame.append(text);
    m_socket->write(frame);
    Q_EMIT breached(reason);
    m_socket->disconnectFromHost();
}

} // namespace idleforge::devnet
