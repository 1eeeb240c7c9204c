#include "node/CoordinatorClient.h"

#include "node/Log.h"
#include "protocol/Channel.h"
#include "protocol/MessageBodies.h"
#include "protocol/Messages.h"
#include "protocol/Tls.h"
#include "wallet/NodeIdentity.h"

#include <QRandomGenerator>
#include <QTimer>

namespace idleforge::node {

namespace msg = protocol::msg;

namespace {
constexpr int kDefaultRetryMs = 5000;         // after a no_task or a lease we cannot read
constexpr qint64 kMaxRetryMs = 10 * 60 * 1000; // whatever no_task says
} // namespace

CoordinatorClient::CoordinatorClient(const wallet::NodeIdentity &identity, Options options, const Clock &clock,
                                     QObject *parent)
    : QObject(parent), m_identity(identity), m_options(std::move(options)), m_clock(clock), m_retry(new QTimer(this)),
      m_heartbeat(new QTimer(this)), m_backoffMs(m_options.minBackoffMs)
{
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &CoordinatorClient::connectNow);
    connect(m_heartbeat, &QTimer::timeout, this, &CoordinatorClient::sendHeartbeat);
}

CoordinatorClient::~CoordinatorClient() = default;

protocol::CapabilityRecord CoordinatorClient::summarize(const QJsonObject &nodeRecord, const QString &payout)
{
    protocol::CapabilityRecord c;
    c.payout = payout;
    c.hardware = nodeRecord;
    c.backends = {QStringLiteral("repro")};
    for (const QJsonValue &v : nodeRecord.value(QLatin1String("devices")).toArray()) {
        const QJsonObject d = v.toObject();
        // A Vulkan device is in the record (hardware), and may run a repro task's GEMMs
        // (node/DeviceChoice.h), but the task's state stays in host memory and its other ops on
        // the CPU (issue 16): its memory and speed must not size the work offered to this node.
        if (d.value(QLatin1String("type")).toString() == QLatin1String("vulkan"))
            continue;
        c.memoryBytes = std::max(c.memoryBytes, d.value(QLatin1String("usable_memory_bytes")).toInteger());
        if (d.value(QLatin1String("type")).toString() == QLatin1String("cpu"))
            c.threads = std::max(c.threads, d.value(QLatin1String("cores")).toInteger());
        for (const QJsonValue &t : d.value(QLatin1String("throughput")).toArray()) {
            const QJsonObject tp = t.toObject();
            if (tp.value(QLatin1String("kind")).toString() == QLatin1String("gemm_fp32"))
                c.fp32Mflops = std::max(c.fp32Mflops, tp.value(QLatin1String("value")).toInteger());
        }
    }
    if (c.fp32Mflops > 0)
        c.backends << QStringLiteral("fast");
    // The record must carry positive figures. A node not benchmarked yet (--no-benchmark)
    // offers 1 GiB of memory, enough for the devnet's tasks, and the minimum throughput.
    if (c.memoryBytes <= 0)
        c.memoryBytes = qint64(1) << 30;
    c.fp32Mflops = std::max<qint64>(c.fp32Mflops, 1);
    c.threads = std::max<qint64>(c.threads, 1);
    return c;
}

void CoordinatorClient::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void CoordinatorClient::fail(const Error &e)
{
    qCWarning(lcNode).noquote() << "coordinator:" << e.toString();
    Q_EMIT errorOccurred(e);
}

void CoordinatorClient::start()
{
    if (m_state != State::Stopped)
        return;
    m_backoffMs = m_options.minBackoffMs;
    connectNow();
}

void CoordinatorClient::stop()
{
    m_retry->stop();
    m_heartbeat->stop();
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->close();
        m_channel->deleteLater();
        m_channel = nullptr;
    }
    setState(State::Stopped);
}

void CoordinatorClient::connectNow()
{
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->deleteLater();
    }
    const wallet::NodeIdentity &id = m_identity;
    protocol::Signer signer{id.publicKey(), [&id](std::span<const std::uint8_t> m) { return id.sign(m); }};
    m_channel = new protocol::Channel(std::move(signer), m_options.coordinatorKey, m_clock, this);
    m_channel->setTlsConfiguration(protocol::clientTlsConfiguration(m_options.trustedCas));
    connect(m_channel, &protocol::Channel::opened, this, &CoordinatorClient::onOpened);
    connect(m_channel, &protocol::Channel::closed, this, &CoordinatorClient::onClosed);
    connect(m_channel, &protocol::Channel::received, this, [this](const protocol::Envelope &e) {
        if (m_state == State::Ready || m_state == State::Leased || m_state == State::Registering)
            Q_EMIT pushed(e);
    });
    connect(m_channel, &protocol::Channel::refused, this, [this](const Error &e) {
        fail(e);
        if (m_state == State::Connecting) { // the hello itself: wrong key pinned, or a forgery
            m_channel->close();
            onClosed();
        }
    });
    setState(State::Connecting);
    m_channel->open(m_options.url);
}

void CoordinatorClient::dropSession(const Error &why)
{
    // A reply we cannot read is no session to build on: reconnect (with backoff) and try again.
    fail(why);
    m_channel->close();
    onClosed();
}

void CoordinatorClient::onClosed()
{
    if (m_state == State::Stopped)
        return;
    m_heartbeat->stop();
    setState(State::Connecting);
    // Jitter keeps a fleet of nodes from reconnecting in lock step after a coordinator restart.
    const int delay = m_backoffMs / 2 + int(QRandomGenerator::global()->bounded(m_backoffMs / 2 + 1));
    m_backoffMs = std::min(m_backoffMs * 2, m_options.maxBackoffMs);
    ++m_reconnects;
    qCInfo(lcNode).noquote() << "coordinator connection lost; retrying in" << delay << "ms";
    m_retry->start(delay);
}

QString CoordinatorClient::nodeId() const
{
    return protocol::keyToBase58(m_identity.publicKey());
}

void CoordinatorClient::send(const QString &type, const QJsonObject &body, std::function<void(Result<protocol::Envelope>)> done)
{
    if (!m_channel || (m_state != State::Ready && m_state != State::Leased))
        return done(makeError("protocol.disconnected", QStringLiteral("not connected to the coordinator")));
    m_channel->request(type, body, std::move(done), m_options.replyTimeoutMs);
}

void CoordinatorClient::onOpened()
{
    m_backoffMs = m_options.minBackoffMs;
    if (auto hello = protocol::HelloBody::fromJson(m_channel->hello()))
        m_blobBase = QUrl(hello->blobs);
    else
        fail(hello.error()); // registering still works; blob transfers will fail and say so
    setState(State::Registering);
    protocol::CapabilityRecord fields = m_options.capability;
    fields.tsMs = m_clock.msecsSinceEpoch();
    const wallet::NodeIdentity &id = m_identity;
    auto record = protocol::CapabilityRecord::sign(
        fields, protocol::Signer{id.publicKey(), [&id](std::span<const std::uint8_t> m) { return id.sign(m); }});
    if (!record)
        return fail(record.error());
    const protocol::RegisterBody body{fields.payout, record->signedJson};
    m_channel->request(msg::kRegister, body.toJson(), [this](Result<protocol::Envelope> r) {
        if (!r)
            return fail(r.error());
        auto reply = protocol::RegisteredBody::fromJson(r->body);
        if (!reply)
            return dropSession(reply.error());
        setState(State::Ready);
        Q_EMIT registered(reply->reputation);
        if (m_wantLease || m_lease) // a held lease is asked for again: the coordinator hands it back
            requestLease();
    });
}

void CoordinatorClient::requestLease()
{
    m_wantLease = true;
    if (m_state != State::Ready && m_state != State::Leased)
        return; // asked again after (re)registration
    m_channel->request(msg::kLeaseRequest, {}, [this](Result<protocol::Envelope> r) {
        if (!r) {
            // A refusal, an unreadable (e.g. oversized) reply or none at all: ask again later
            // rather than wait for a lease that will not come. A dropped session asks again
            // after the next registration.
            fail(r.error());
            if (r.error().code != QLatin1String("protocol.disconnected"))
                Q_EMIT noTask(kDefaultRetryMs);
            return;
        }
        if (r->type == msg::kNoTask) {
            const auto b = protocol::NoTaskBody::fromJson(r->body);
            if (!b)
                fail(b.error());
            Q_EMIT noTask(b ? int(std::min<qint64>(b->retryMs, kMaxRetryMs)) : kDefaultRetryMs);
            return;
        }
        const auto b = protocol::LeaseBody::fromJson(r->body);
        if (!b) { // not a lease we can run: it expires on the coordinator's side; ask again later
            fail(b.error());
            Q_EMIT noTask(kDefaultRetryMs);
            return;
        }
        LeaseInfo l;
        l.leaseId = b->lease;
        l.taskId = b->task;
        l.spec = b->spec();
        l.specHash = b->specHash;
        l.reward = b->reward;
        l.expiresMs = b->expiresTs;
        l.heartbeatMs = std::max<qint64>(100, b->heartbeatMs);
        l.blobs = QUrl(b->blobs);
        l.auditSamples = int(std::min<qint64>(b->auditSamples, std::numeric_limits<int>::max()));
        if (b->resume) {
            l.resumeStep = b->resume->step;
            l.resumeHash = b->resume->hash;
        }
        const bool same = m_lease && m_lease->leaseId == l.leaseId;
        if (!same) {
            m_step = l.resumeStep.value_or(0);
            m_checkpointHash.clear();
            m_checkpointStep = -1;
        }
        m_lease = l;
        m_wantLease = false;
        setState(State::Leased);
        m_heartbeat->start(int(l.heartbeatMs));
        if (!same)
            Q_EMIT leaseGranted(l);
    }, m_options.replyTimeoutMs);
}

void CoordinatorClient::reportProgress(qint64 step, const QString &checkpointHash, qint64 checkpointStep)
{
    m_step = std::max(m_step, step);
    if (!checkpointHash.isEmpty()) {
        m_checkpointStep = checkpointStep >= 0 ? checkpointStep : step;
        m_checkpointHash = checkpointHash;
    }
}

void CoordinatorClient::sendHeartbeat()
{
    if (!m_lease || m_state != State::Leased)
        return;
    protocol::HeartbeatBody body{m_lease->leaseId, m_step, std::nullopt};
    if (m_checkpointStep >= 0)
        body.checkpoint = protocol::CheckpointRef{m_checkpointStep, m_checkpointHash};
    const QString leaseId = m_lease->leaseId;
    m_channel->request(msg::kHeartbeat, body.toJson(), [this, leaseId](Result<protocol::Envelope> r) {
        if (r) {
            const auto ack = protocol::HeartbeatAckBody::fromJson(r->body);
            if (!ack)
                fail(ack.error());
            else if (m_lease && m_lease->leaseId == leaseId)
                m_lease->expiresMs = ack->expiresTs;
            return;
        }
        if (r.error().code == QLatin1String("devnet.lease_gone") || r.error().code == QLatin1String("devnet.no_lease")) {
            m_heartbeat->stop();
            m_lease.reset();
            setState(State::Ready);
            Q_EMIT leaseLost(leaseId, r.error());
            return;
        }
        fail(r.error()); // transport trouble: the reconnect path takes over
    });
}

void CoordinatorClient::releaseLease()
{
    if (!m_lease)
        return;
    m_heartbeat->stop();
    const QString leaseId = m_lease->leaseId;
    m_lease.reset();
    m_wantLease = false;
    if (m_state == State::Leased)
        setState(State::Ready);
    m_channel->request(msg::kLeaseRelease, protocol::LeaseReleaseBody{leaseId}.toJson(),
                       [this](Result<protocol::Envelope> r) {
                           if (!r)
                               fail(r.error());
                       });
}

} // namespace idleforge::node

namespace idleforge::node {

void CoordinatorClient::leaseCompleted()
{
    m_heartbeat->stop();
    m_lease.reset();
    m_wantLease = false;
    if (m_state == State::Leased)
        setState(State::Ready);
}

} // namespace idleforge::node
