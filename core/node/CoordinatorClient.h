#pragma once
// The node's side of the coordinator session (issue 7, first half): connect with backoff,
// register identity + payout address + signed capability record, ask for a lease, keep it alive
// with heartbeats, release it. Separate from NodeService for now; the job lifecycle (running
// the leased task in the worker, commitments, audits, the outbox) will drive it from there.
//
// Reconnects: after any disconnect the client waits (backoff doubling from minBackoffMs to
// maxBackoffMs, with jitter), reconnects, registers again and, if it held a lease, asks for a
// lease again; the coordinator hands back the same active lease, so a dropped connection
// shorter than the lease loses nothing.
#include "base/Clock.h"
#include "base/Error.h"
#include "protocol/CapabilityRecord.h"

#include <QJsonObject>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>

#include <optional>

class QTimer;

namespace idleforge::protocol {
class Channel;
struct Envelope;
}
namespace idleforge::wallet {
class NodeIdentity;
}

namespace idleforge::node {

struct LeaseInfo {
    QString leaseId;
    QString taskId;
    QJsonObject spec;
    QString specHash;
    qint64 reward = 0;
    qint64 expiresMs = 0;
    qint64 heartbeatMs = 0;
    QUrl blobs;
    std::optional<qint64> resumeStep;
    QString resumeHash;
    int auditSamples = 0; // LeaseBody::auditSamples: the m our audit would draw (0: not said)
};

class CoordinatorClient : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Connecting, Registering, Ready, Leased };
    Q_ENUM(State)

    struct Options {
        QUrl url = QUrl(QStringLiteral("ws://127.0.0.1:7800"));
        std::optional<crypto::PublicKey> coordinatorKey; // pinned; none: trust on first use
        QList<QSslCertificate> trustedCas;               // wss://: trusted besides the system CAs
        protocol::CapabilityRecord capability;           // fields; signed here with the identity
        int minBackoffMs = 500;
        int maxBackoffMs = 30'000;
        // send() and lease_request: no answer by then is protocol.timeout (the outbox re-sends; a
        // lease request is asked again, as after one that failed).
        int replyTimeoutMs = 15'000;
    };

    // `identity` must outlive the client.
    CoordinatorClient(const wallet::NodeIdentity &identity, Options options, const Clock &clock = Clock::instance(),
                      QObject *parent = nullptr);
    ~CoordinatorClient() override;

    // The leasing summary of a node capability record (node/CapabilityRecord.h): the best
    // device's usable memory and fp32 GEMM throughput, the CPU's cores, backends "repro" (always)
    // and "fast" (libtorch is there whenever the worker measured anything).
    static protocol::CapabilityRecord summarize(const QJsonObject &nodeRecord, const QString &payout);

    void start();
    void stop();
    State state() const { return m_state; }
    qint64 offeredMemoryBytes() const { return m_options.capability.memoryBytes; } // what leases are sized to
    std::optional<LeaseInfo> lease() const { return m_lease; }
    int reconnects() const { return m_reconnects; }

    // Ready: lease_request. A reply that is no lease we can read, an error reply or none at all
    // is reported (errorOccurred) and followed by noTask, so the caller asks again later.
    void requestLease();
    // Sent with the next heartbeat; a checkpoint (its blob hash and step) once it is uploaded.
    void reportProgress(qint64 step, const QString &checkpointHash = {}, qint64 checkpointStep = -1);
    void releaseLease();
    // The lease ended with a commitment: no more heartbeats, ready for the next one.
    void leaseCompleted();
    // Any other request on the session (commit, verify, audit_result, ...). Fails with
    // protocol.disconnected when there is no registered session; the caller retries (outbox).
    void send(const QString &type, const QJsonObject &body, std::function<void(Result<protocol::Envelope>)> done);
    // The coordinator's blob base URL from its hello (empty before the first connection).
    QUrl blobBase() const { return m_blobBase; }
    QString nodeId() const;

Q_SIGNALS:
    void stateChanged(idleforge::node::CoordinatorClient::State state);
    void registered(qint64 reputation);
    void leaseGranted(const idleforge::node::LeaseInfo &lease);
    void noTask(int retryMs);
    void leaseLost(const QString &leaseId, const idleforge::Error &why);
    void errorOccurred(const idleforge::Error &error);
    // A message the coordinator sent on its own (audit_assign, verify, receipt, ...).
    void pushed(const idleforge::protocol::Envelope &envelope);

private:
    void connectNow();
    void onOpened();
    void onClosed();
    void dropSession(const Error &why);
    void sendHeartbeat();
    void setState(State s);
    void fail(const Error &e);

    const wallet::NodeIdentity &m_identity;
    Options m_options;
    const Clock &m_clock;
    protocol::Channel *m_channel = nullptr;
    QTimer *m_retry;
    QTimer *m_heartbeat;
    State m_state = State::Stopped;
    int m_backoffMs;
    int m_reconnects = 0;
    bool m_wantLease = false;
    std::optional<LeaseInfo> m_lease;
    qint64 m_step = 0;
    QString m_checkpointHash;
    QUrl m_blobBase;
    qint64 m_checkpointStep = -1;
};

} // namespace idleforge::node
