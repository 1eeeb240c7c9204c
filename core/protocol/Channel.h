#pragma once
// The client end of a control connection: a QWebSocket that signs what it sends and verifies
// what it receives (EnvelopeVerifier), with request/reply matching by nonce ("re" in the reply
// body). Used by the node's CoordinatorClient, `idleforgectl devnet` and the tests.
//
// Coordinator key: pinned when given; otherwise trust on first use: the key that signed the
// coordinator's `hello` is pinned for the rest of the connection and reported by
// coordinatorKey(), so a tool can print it for the user to pin next time.
//
// TLS: a wss:// URL is opened with the configuration set here (default: the system CAs, see
// protocol/Tls.h). Certificate errors are never ignored; they are logged, and the connection
// closes with a reason that names them.
#include "base/Clock.h"
#include "protocol/EnvelopeVerifier.h"

#include <QHash>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>

class QWebSocket;
class QTimer;

namespace idleforge::protocol {

class Channel : public QObject {
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(Result<Envelope>)>;

    Channel(Signer signer, std::optional<crypto::PublicKey> pinnedCoordinator, const Clock &clock = Clock::instance(),
            QObject *parent = nullptr);
    ~Channel() override;

    // For the next open() of a wss:// URL.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    void open(const QUrl &url);
    void close();
    bool isOpen() const { return m_open; }
    std::optional<crypto::PublicKey> coordinatorKey() const { return m_verifier.options().pinnedSender; }

    // Signs and sends; returns the nonce. Fails when not connected or for a body the canonical
    // form refuses.
    Result<QString> send(const QString &type, const QJsonObject &body);
    // Sends and calls `done` once: with the reply whose body "re" equals the nonce (an `error`
    // reply becomes its Error), or protocol.timeout / protocol.disconnected.
    void request(const QString &type, const QJsonObject &body, ReplyHandler done, int timeoutMs = 15000);
    // Sends raw bytes unchanged (tests of the receiver's refusals use it).
    void sendRaw(const QByteArray &bytes);

    QJsonObject hello() const { return m_hello; } // the coordinator's hello body
    qint64 bytesSent() const { return m_bytesSent; }
    qint64 bytesReceived() const { return m_bytesReceived; }

Q_SIGNALS:
    void opened();           // the coordinator's hello arrived and verified
    void closed(const QString &reason);
    void received(const idleforge::protocol::Envelope &envelope); // not a reply to a request()
    void refused(const idleforge::Error &error);                  // an incoming message we refused

private:
    void onText(const QString &text);
    void failAllPending(const Error &error);

    Signer m_signer;
    const Clock &m_clock;
    EnvelopeVerifier m_verifier;
    QWebSocket *m_socket = nullptr;
    std::optional<QSslConfiguration> m_tls;
    QString m_tlsError; // why the last TLS handshake failed, for the close reason
    bool m_open = false;
    QJsonObject m_hello;
    struct Pending {
        ReplyHandler done;
        QTimer *timer;
    };
    QHash<QString, Pending> m_pending;
    qint64 m_bytesSent = 0;
    qint64 m_bytesReceived = 0;
};

} // namespace idleforge::protocol
