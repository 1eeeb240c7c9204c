#include "node/GameRelay.h"

#include "node/CoordinatorClient.h"
#include "node/DatasetFetch.h"
#include "node/JobFolders.h"
#include "node/OpeningWindow.h"
#include "node/OutboxSender.h"
#include "node/ProviderContext.h"
#include "node/ProviderOptions.h"
#include "node/VerifyHost.h"
#include "protocol/BlobFetcher.h"
#include "protocol/BlobUploader.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "task/TaskSpec.h"
#include "task/WorkerJob.h"
#include "verify/Message.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <limits>
#include <memory>

namespace idleforge::node {

namespace msg = protocol::msg;

namespace {
constexpr qint64 kMaxRelayedBlob = qint64(1) << 30;
constexpr qint64 kMaxSpecFile = qint64(16) << 20;

QJsonObject readSpecFile(const QString &workdir)
{
    if (workdir.isEmpty())
        return {};
    QFile f(task::specFileOf(workdir));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.read(kMaxSpecFile)).object();
}
} // namespace

GameRelay::GameRelay(const ProviderContext &ctx, QObject *parent) : QObject(parent), m_ctx(ctx)
{
    m_thread.setObjectName(ctx.options.name + QStringLiteral("-verify"));
    m_threadContext = new QObject;
    m_threadContext->moveToThread(&m_thread);
    m_host = new VerifyHost(ctx.datasets->storeDir(), ctx.options.threads, *ctx.folders);
    m_window = std::make_unique<OpeningWindow>(ctx.options.openingWindowBytes);
    // On the verification thread, inside a solver's serving: waits for room, then hands the
    // opening to our thread's uploads (queued after the openings before it, and before what the
    // host returns once serving ends).
    m_host->setOpeningSink([this, window = m_window.get()](const QString &game, verify::Message m) {
        const qint64 bytes = m.blob.size();
        if (!window->acquire(bytes))
            return false; // we are being destroyed
        auto out = std::make_shared<Outgoing>(Outgoing{game, verify::messageToJson(m), std::move(m.blob), bytes});
        QMetaObject::invokeMethod(this, [this, out] {
            m_outgoing.push_back(std::move(*out));
            pumpOutgoing();
        }, Qt::QueuedConnection);
        return true;
    });
    connect(&m_thread, &QThread::finished, m_threadContext, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

GameRelay::~GameRelay()
{
    m_window->close(); // a solver waiting for room stops serving
    m_thread.quit();
    m_thread.wait();
    delete m_host; // no call can be in flight once the thread is gone
}

template <class T>
void GameRelay::onHost(std::function<T(VerifyHost &)> work, std::function<void(T)> done)
{
    auto dispatch = [this, work = std::move(work), done = std::move(done)] {
        QMetaObject::invokeMethod(m_threadContext, [this, host = m_host, work, done] {
            auto result = std::make_shared<T>(work(*host));
            QMetaObject::invokeMethod(this, [done, result] { done(std::move(*result)); }, Qt::QueuedConnection);
        });
    };
    if (m_paused)
        m_held.push_back(std::move(dispatch));
    else
        dispatch();
}

void GameRelay::setPaused(bool paused)
{
    m_paused = paused;
    while (!m_paused && !m_held.empty()) {
        auto dispatch = std::move(m_held.front());
        m_held.pop_front();
        dispatch();
    }
}

void GameRelay::onAuditAssign(const QJsonObject &body)
{
    // In line with the relayed messages: after a reconnect the assignment and the game's
    // messages so far arrive together, and the audit must exist before its messages are delivered.
    enqueueIncoming(body, /*assignment=*/true);
}

void GameRelay::onVerify(const QJsonObject &body) { enqueueIncoming(body, false); }

void GameRelay::onSettled(const QString &game)
{
    QMetaObject::invokeMethod(m_threadContext, [host = m_host, game] { host->close(game); });
    m_parties.erase(game);
    const QString prefix = game + QLatin1Char('/');
    for (auto it = m_seenSeq.lower_bound(prefix); it != m_seenSeq.end() && it->first.startsWith(prefix);)
        it = m_seenSeq.erase(it);
}

void GameRelay::startAudit(const QJsonObject &json)
{
    const auto body = protocol::AuditAssignBody::fromJson(json);
    if (!body) {
        m_ctx.say(QStringLiteral("malformed audit assignment: %1").arg(body.error().message));
        return releaseIncoming();
    }
    const QString game = body->game;
    const QJsonObject spec = body->spec();
    const QString seed = body->seed;
    const int samples = int(std::min<qint64>(body->samples, std::numeric_limits<int>::max()));
    m_ctx.say(QStringLiteral("auditing %1 of %2 (%3 samples)").arg(game, body->task).arg(samples));
    auto parsed = task::parseNamedTaskSpec(spec, body->specHash); // the task the commitment is bound to
    if (!parsed) {
        m_ctx.say(QStringLiteral("cannot audit %1: %2").arg(game, parsed.error().message));
        return releaseIncoming();
    }
    m_ctx.datasets->ensure(parsed->data, QUrl(body->blobs), [=, this](Result<void> r) {
        if (!r) {
            m_ctx.say(QStringLiteral("cannot audit %1: %2").arg(game, r.error().message));
            return releaseIncoming();
        }
        onHost<Result<VerifyHost::Output>>([=](VerifyHost &host) { return host.startAudit(game, spec, seed, samples); },
                                           [this, game](Result<VerifyHost::Output> out) {
            if (!out)
                m_ctx.say(QStringLiteral("cannot audit %1: %2").arg(game, out.error().message));
            else
                sendOut(game, std::move(out->messages));
            releaseIncoming();
        });
    });
}

void GameRelay::onDisputeOpen(const QJsonObject &json)
{
    const auto body = protocol::DisputeOpenBody::fromJson(json);
    if (!body) {
        m_ctx.say(QStringLiteral("malformed dispute_open: %1").arg(body.error().message));
        return;
    }
    const QString game = body->dispute;
    const QString role = body->role;
    const QString taskId = body->task;
    const QJsonObject spec = body->spec();
    const auto known = m_parties.find(game);
    if (known != m_parties.end() && known->second.ready)
        return sendDisputeReady(game, known->second.role); // a reconnect: ours may have been lost
    if (known != m_parties.end() && role == QLatin1String("a"))
        return; // being opened
    if (known == m_parties.end())
        m_ctx.say(QStringLiteral("dispute %1 over %2: we play \"%3\"").arg(game, taskId, role));
    if (auto named = task::parseNamedTaskSpec(spec, body->specHash); !named) {
        m_ctx.say(QStringLiteral("cannot play dispute %1: %2").arg(game, named.error().message));
        return;
    }
    if (known == m_parties.end())
        m_parties[game] = Party{taskId, role, false, {}};
    if (role == QLatin1String("a"))
        return openParty(game, role, spec, m_ctx.folders->findWorkdir(taskId));
    // Role b: we only sampled the run; the game needs our own full run of the task. A replica
    // finished before a restart is used as it is; one without its last step is run (again). Sent
    // again while the replica is wanted, it is asked for again in case that run failed (the
    // runner takes one replica per game).
    const QString replica = m_ctx.folders->workdirFor(taskId, spec, /*replica=*/true);
    openParty(game, role, spec, replica, [this, game, taskId, spec, blobs = QUrl(body->blobs)] {
        Q_EMIT replicaWanted(game, taskId, spec, blobs);
    });
}

void GameRelay::onReplicaReady(const QString &game, const QString &workdir, const QJsonObject &spec)
{
    openParty(game, QStringLiteral("b"), spec, workdir);
}

QSet<QString> GameRelay::tasksInPlay() const
{
    QSet<QString> tasks;
    for (const auto &[game, party] : m_parties)
        tasks.insert(party.task);
    return tasks;
}

void GameRelay::openParty(const QString &game, const QString &role, const QJsonObject &spec, const QString &workdir,
                          std::function<void()> fallback)
{
    onHost<QString>([=](VerifyHost &host) {
        auto r = host.openRun(game, role, spec, workdir);
        return r ? QString() : r.error().message;
    }, [this, game, role, fallback](QString error) {
        if (!error.isEmpty() && fallback)
            return fallback();
        partyReady(game, role, error);
    });
}

void GameRelay::partyReady(const QString &game, const QString &role, const QString &error)
{
    auto it = m_parties.find(game);
    if (it == m_parties.end())
        return; // settled meanwhile
    if (!error.isEmpty()) {
        m_ctx.say(QStringLiteral("cannot play %1 in %2: %3").arg(role, game, error));
        m_parties.erase(it); // a later dispute_open tries again
        return;
    }
    it->second.ready = true;
    // What came for the game while its party was being opened goes first, in its order.
    std::deque<Incoming> held = std::move(it->second.held);
    m_incoming.insert(m_incoming.begin(), std::make_move_iterator(held.begin()), std::make_move_iterator(held.end()));
    sendDisputeReady(game, role);
    pumpIncoming();
}

void GameRelay::sendDisputeReady(const QString &game, const QString &role)
{
    m_ctx.client->send(msg::kDisputeReady, protocol::DisputeReadyBody{game, role}.toJson(),
                       [this, game](Result<protocol::Envelope> r) {
                           if (!r)
                               m_ctx.say(QStringLiteral("dispute_ready for %1 refused: %2").arg(game, r.error().toString()));
                       });
}

// ---- incoming -----------------------------------------------------------------------------

void GameRelay::enqueueIncoming(const QJsonObject &body, bool assignment)
{
    m_incoming.push_back(Incoming{body, assignment});
    pumpIncoming();
}

void GameRelay::releaseIncoming()
{
    m_incomingBusy = false;
    pumpIncoming();
}

void GameRelay::pumpIncoming()
{
    if (m_incomingBusy || m_incoming.empty())
        return;
    m_incomingBusy = true;
    const Incoming next = m_incoming.front();
    m_incoming.pop_front();
    if (next.assignment)
        return startAudit(next.body);
    const auto relayed = protocol::VerifyBody::fromJson(next.body);
    if (!relayed) {
        m_ctx.say(QStringLiteral("malformed relayed message: %1").arg(relayed.error().message));
        return releaseIncoming();
    }
    auto m = verify::messageFromJson(relayed->msg);
    if (!m) {
        m_ctx.say(QStringLiteral("malformed relayed message: %1").arg(m.error().message));
        return releaseIncoming();
    }
    // What our machines already took (by seq) is skipped before its blob is fetched.
    const QString seenKey = m->game + QLatin1Char('/') + m->from + QLatin1Char('/') + m->to;
    if (auto it = m_seenSeq.find(seenKey); it != m_seenSeq.end() && m->seq <= it->second)
        return releaseIncoming();
    if (auto party = m_parties.find(m->game); party != m_parties.end() && !party->second.ready) {
        party->second.held.push_back(next); // the party is being opened (after a restart)
        return releaseIncoming();
    }
    const QString taskId = relayed->task;
    if (relayed->blob.isEmpty())
        return deliver(std::move(m).value(), taskId, seenKey);
    const auto hash = crypto::hashFromHex(relayed->blob.toStdString()); // VerifyBody checked it
    m_ctx.fetcher->fetch(m_ctx.client->blobBase(), hash.value(), [this, taskId, seenKey, message = std::move(m).value()](Result<QByteArray> bytes) mutable {
        if (!bytes) {
            m_ctx.say(QStringLiteral("cannot fetch the blob of %1: %2").arg(message.type, bytes.error().message));
            return releaseIncoming();
        }
        message.blob = std::move(bytes).value();
        deliver(std::move(message), taskId, seenKey);
    }, kMaxRelayedBlob);
}

void GameRelay::deliver(verify::Message message, const QString &taskId, const QString &seenKey)
{
    const QString workdir = m_ctx.folders->findWorkdir(taskId);
    const QJsonObject spec = readSpecFile(workdir);
    const QString game = message.game, type = message.type;
    const qint64 seq = message.seq;
    onHost<Result<VerifyHost::Output>>([message = std::move(message), spec, workdir](VerifyHost &host) {
        return host.deliver(message, spec, workdir);
    }, [this, game, type, seq, seenKey](Result<VerifyHost::Output> out) {
        if (!out) {
            m_ctx.say(QStringLiteral("refused %1 in %2: %3").arg(type, game, out.error().toString()));
        } else {
            m_seenSeq[seenKey] = seq;
            if (type == QLatin1String("audit.challenge"))
                if (const qint64 peak = m_window->takePeak(); peak > 0)
                    m_ctx.say(QStringLiteral("served the openings of %1: at most %2 bytes of them waiting for upload at once (window %3)")
                                  .arg(game).arg(peak).arg(m_window->capBytes()));
            sendOut(game, std::move(out->messages));
            if (out->auditFinished)
                auditFinished(game, out->auditReport);
        }
        releaseIncoming();
    });
}

// ---- outgoing -----------------------------------------------------------------------------

void GameRelay::sendOut(const QString &game, std::vector<verify::Message> messages)
{
    for (verify::Message &m : messages)
        m_outgoing.push_back(Outgoing{game, verify::messageToJson(m), std::move(m.blob)});
    pumpOutgoing();
}

void GameRelay::pumpOutgoing()
{
    if (m_outgoingBusy || m_outgoing.empty())
        return;
    m_outgoingBusy = true;
    Outgoing out = std::move(m_outgoing.front());
    m_outgoing.pop_front();
    if (out.blob.isEmpty())
        return sendVerify(out.game, out.msg, QString());
    m_ctx.uploader->upload(m_ctx.client->blobBase(), out.blob, [this, game = out.game, message = out.msg, bytes = out.windowBytes](Result<crypto::Hash256> h) {
        m_window->release(bytes);
        if (!h) {
            m_ctx.say(QStringLiteral("cannot upload a blob for %1: %2").arg(game, h.error().message));
            m_outgoingBusy = false;
            return pumpOutgoing();
        }
        sendVerify(game, message, QString::fromStdString(crypto::toHex(*h)));
    });
}

void GameRelay::sendVerify(const QString &game, const QJsonObject &message, const QString &blobHex)
{
    // Through the outbox: an answer the coordinator did not acknowledge is re-sent after the
    // next registration; the coordinator's relay log recognises a message it already passed on.
    const protocol::VerifyBody body{game, QString(), message, blobHex};
    // The outbox key names the message as the coordinator's relay log does (verify::Message's
    // own fields).
    const QString key = QStringLiteral("verify:%1:%2:%3:%4")
                            .arg(game, message.value(QLatin1String("from")).toString(), message.value(QLatin1String("to")).toString())
                            .arg(message.value(QLatin1String("seq")).toInteger());
    m_ctx.outbox->deliver(msg::kVerify, key, body.toJson(), [this] {
        m_outgoingBusy = false;
        pumpOutgoing();
    });
}

void GameRelay::auditFinished(const QString &game, const QJsonObject &json)
{
    // VerifyHost's report holds more per sample; the coordinator is told step and verdict.
    auto report = protocol::AuditReport::fromJson(json);
    if (!report) {
        m_ctx.say(QStringLiteral("cannot report audit %1: %2").arg(game, report.error().message));
        return;
    }
    QStringList failed;
    for (const auto &s : report->samples)
        if (!s.ok)
            failed << QString::number(s.step);
    m_ctx.say(QStringLiteral("audit %1 %2: %3 samples%4").arg(game, report->ok ? QStringLiteral("passed") : QStringLiteral("FAILED"))
                  .arg(report->samples.size())
                  .arg(failed.isEmpty() ? QString() : QStringLiteral(", failing steps ") + failed.join(QLatin1Char(','))));
    const protocol::AuditResultBody body{game, std::move(report).value()};
    m_ctx.outbox->deliver(msg::kAuditResult, QStringLiteral("audit:") + game, body.toJson());
    Q_EMIT auditReported(game, body.report.toJson());
}

} // namespace idleforge::node
