#pragma once
// The verification games the provider plays, for its own runs and for others' (issue 7):
//   audit_assign -> AuditVerifier (the seed the coordinator drew after the commitment) ->
//   `verify` messages relayed by the coordinator -> `audit_result` through the outbox.
//   verify "audit.request" for one of our runs -> AuditSolver over the job folder.
//   dispute_open -> role a: our run; role b: an honest re-run first (replicaWanted; the
//   JobRunner answers with replicaReady -> onReplicaReady) -> PinpointParty.
//   settled -> the game's machines and seen sequence numbers are dropped.
//
// Restarted mid-dispute (issue 18): the coordinator sends `dispute_open` again, then the game's
// log. A dispute we have no party for is opened again from our records: role a from our run's
// job folder, role b from the replica's folder if it holds the whole run, else the replica is run
// again (it resumes from its newest checkpoint). Relayed messages of a game whose party is still
// being opened wait for it, then go through the new machine in order; the machine is
// deterministic, so it answers them as before, with the same sequence numbers, and the
// coordinator's relay log takes those it already had as duplicates. A `dispute_open` for a party
// we already play (a reconnect, not a restart) opens nothing; it repeats `dispute_ready`.
//
// The machines (core/verify, repro kernels, no torch) run on a thread of their own (VerifyHost),
// so the GUI thread never waits for a replayed step. Messages are relayed in order: one incoming
// message at a time (its blob fetched and hash-checked first), one outgoing at a time (its blob
// uploaded first, then sent through the outbox). After a reconnect the coordinator re-sends a
// game's messages; what our machines already took (by seq) is skipped. An audit's openings of our
// run stream: each goes to the uploads as the solver makes it, and the solver waits while those
// not yet uploaded hold more than ProviderOptions::openingWindowBytes (OpeningWindow), so serving m samples holds
// a window of states, not m, and the verifier checks the first while the solver replays the next.
//
// setPaused(true) (the policy gives the machine to the user): no new verification work reaches
// the thread (it waits, in order, until setPaused(false)); a replay already on the thread runs to
// its end. Messages that need no compute (acks, relays of what is done) go on.
#include "base/Error.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QThread>
#include <QUrl>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace idleforge::verify {
struct Message;
}

namespace idleforge::node {

class OpeningWindow;
class VerifyHost;
struct ProviderContext;

class GameRelay : public QObject {
    Q_OBJECT
public:
    explicit GameRelay(const ProviderContext &ctx, QObject *parent = nullptr);
    ~GameRelay() override;

    void onAuditAssign(const QJsonObject &body);
    void onVerify(const QJsonObject &body);
    void onDisputeOpen(const QJsonObject &body);
    void onSettled(const QString &game);
    void onReplicaReady(const QString &game, const QString &workdir, const QJsonObject &spec);
    void setPaused(bool paused);
    QSet<QString> tasksInPlay() const; // tasks of the disputes we play or are opening a party for

Q_SIGNALS:
    void replicaWanted(const QString &game, const QString &taskId, const QJsonObject &spec, const QUrl &blobs);
    void auditReported(const QString &game, const QJsonObject &report); // our audit's AuditReport, as sent

private:
    struct Incoming {
        QJsonObject body;
        bool assignment = false; // audit_assign (else a relayed verify message)
    };
    struct Outgoing {
        QString game;
        QJsonObject msg;
        QByteArray blob;
        qint64 windowBytes = 0; // an opening's share of the OpeningWindow, given back once uploaded
    };

    void enqueueIncoming(const QJsonObject &body, bool assignment);
    void pumpIncoming();
    void releaseIncoming(); // the current incoming message is done: take the next
    void startAudit(const QJsonObject &assignBody);
    void deliver(verify::Message message, const QString &taskId, const QString &seenKey);
    // `fallback` (if set) is called instead of reporting a failure to open the party.
    void openParty(const QString &game, const QString &role, const QJsonObject &spec, const QString &workdir,
                   std::function<void()> fallback = {});
    void partyReady(const QString &game, const QString &role, const QString &error);
    void sendDisputeReady(const QString &game, const QString &role);
    void sendOut(const QString &game, std::vector<verify::Message> messages);
    void pumpOutgoing();
    void sendVerify(const QString &game, const QJsonObject &message, const QString &blobHex);
    void auditFinished(const QString &game, const QJsonObject &report);

    // Runs `work(host)` on the verification thread and `done(result)` back on ours.
    template <class T>
    void onHost(std::function<T(VerifyHost &)> work, std::function<void(T)> done);

    const ProviderContext &m_ctx;
    QThread m_thread;
    QObject *m_threadContext = nullptr; // lives in m_thread; the host is used only there
    bool m_paused = false;
    std::deque<std::function<void()>> m_held; // work for the thread, held while paused
    VerifyHost *m_host = nullptr;
    std::deque<Incoming> m_incoming;
    bool m_incomingBusy = false;
    std::map<QString, qint64> m_seenSeq; // "game/from/to" -> last seq our machines took
    struct Party {
        QString task;
        QString role;
        bool ready = false;             // opened on the verification thread
        std::deque<Incoming> held;      // relayed messages that came while it was being opened
    };
    std::map<QString, Party> m_parties; // disputes, by game
    std::deque<Outgoing> m_outgoing;
    bool m_outgoingBusy = false;
    std::unique_ptr<OpeningWindow> m_window;
};

} // namespace idleforge::node
