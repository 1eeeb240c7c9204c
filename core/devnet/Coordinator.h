#pragma once
// The devnet's rules, independent of sockets: one verified request envelope in, one reply
// (type + body) out. Registration, submission with pricing, leasing by capability, heartbeats,
// release and the expiry sweep. Every reply body carries "re" = the request's nonce; refusals
// are `error` replies with a stable code, never exceptions.
//
// Time comes from the injected Clock, so tests drive lease expiry with a ManualClock.
#include "base/Clock.h"
#include "devnet/DevnetStore.h"
#include "protocol/Envelope.h"
#include "task/TaskSpec.h"

#include <QUrl>

namespace idleforge::task {
class DatasetStore;
}

namespace idleforge::devnet {

class Coordinator {
public:
    struct Options {
        qint64 leaseMs = 60'000;     // a lease lives this long past its last heartbeat
        qint64 heartbeatMs = 15'000; // what nodes are told to use (well below leaseMs)
        qint64 noTaskRetryMs = 5'000;
        QUrl blobBase;               // http://host:port/ for blobs
        task::ValidationLimits limits; // what a submitted spec may ask for at most
    };

    struct Reply {
        QString type;
        QJsonObject body;
    };

    Coordinator(DevnetStore &store, const crypto::PublicKey &coordinatorKey, Options options,
                const Clock &clock = Clock::instance(), const task::DatasetStore *blobs = nullptr);

    Reply handle(const protocol::Envelope &request);
    // The body of the `hello` sent on every new connection.
    QJsonObject helloBody() const;
    // Expires overdue leases (their tasks return to the pool). Called by the server's timer.
    Result<QList<LeaseRow>> sweep();

    const Options &options() const { return m_options; }
    DevnetStore &store() { return m_store; }

private:
    Result<QJsonObject> onRegister(const protocol::Envelope &e);
    Result<Reply> onLeaseRequest(const protocol::Envelope &e);
    Result<QJsonObject> onHeartbeat(const protocol::Envelope &e);
    Result<QJsonObject> onRelease(const protocol::Envelope &e);
    Result<QJsonObject> onSubmit(const protocol::Envelope &e);
    Result<QJsonObject> onStatus(const protocol::Envelope &e);
    Result<ProviderRow> registeredProvider(const protocol::Envelope &e);

    DevnetStore &m_store;
    crypto::PublicKey m_key;
    Options m_options;
    const Clock &m_clock;
    const task::DatasetStore *m_blobs;
};

} // namespace idleforge::devnet
