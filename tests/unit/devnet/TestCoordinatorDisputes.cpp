// The pinpoint game through the coordinator, socket-free, on real runs of a tiny task (a bit
// flipped at step 5, node 3, against honest runs), the coordinator refereeing:
//   - disputeSurvivesACoordinatorRestart: midway the Coordinator object is destroyed and a new
//     one opens the same SQLite state; the parties reconnect, the referee is rebuilt from the
//     relay log, and the game ends as an uninterrupted one would (winner b, step 5, node 3, the
//     cheater slashed from its stake). A message re-sent from an outbox is relayed once.
//   - takeoverBlamesTheCheckpointsUploader: the cheater uploads a checkpoint (step 8) and
//     vanishes; an honest provider resumes from it after the lease expired. The run it commits
//     carries the cheater's h_6, the game pins step 5, and the uploader is slashed, not the
//     provider that finished the task.
#include "DevnetTestUtil.h"
#include "VerifyTestUtil.h"
#include "compute/graph/Checkpoint.h"
#include "devnet/Coordinator.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "task/DatasetStore.h"
#include "verify/Message.h"
#include "verify/Pinpoint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace idleforge;
using namespace idleforge::devnet;
using namespace idleforge::devnettest;
namespace msg = idleforge::protocol::msg;

class TestCoordinatorDisputes : public QObject {
    Q_OBJECT
    ManualClock clock;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair solver = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair verifier = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair uploader = crypto::Ed25519KeyPair::generate();
    QTemporaryDir dir;
    std::unique_ptr<task::DatasetStore> blobs;
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;
    const task::TaskSpec spec = vtest::tinyMlp(24, 4);
    const verify::TaskContext ctx = vtest::context(spec);

    static QString id(const crypto::Ed25519KeyPair &k) { return protocol::keyToBase58(k.publicKey()); }

    Coordinator::Reply call(const crypto::Ed25519KeyPair &from, const QString &type, const QJsonObject &body)
    {
        auto e = protocol::signEnvelope(type, body, protocol::Signer::of(from), clock.msecsSinceEpoch());
        return e ? coord->handle(*e) : Coordinator::Reply{QStringLiteral("unsignable"), {}};
    }

    void startCoordinator()
    {
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(), Coordinator::Options{.leaseMs = 60'000, .stakeGrant = 25'000},
                                              clock, blobs.get());
        coord->setSigningKey(&coordKey);
    }

    // One party message as the node would send it: its blob uploaded first, then `verify`.
    QJsonObject verifyBody(const verify::Message &m)
    {
        QJsonObject body{{QStringLiteral("game"), m.game}, {QStringLiteral("msg"), verify::messageToJson(m)}};
        if (!m.blob.isEmpty())
            body.insert(QStringLiteral("blob"), QString::fromStdString(crypto::toHex(blobs->putBytes(m.blob).value().hash)));
        return body;
    }

    std::optional<verify::Message> pushedMessage(const Coordinator::Push &p)
    {
        auto m = verify::messageFromJson(p.body.value(QLatin1String("msg")).toObject());
        if (!m)
            return std::nullopt;
        const QString blob = p.body.value(QLatin1String("blob")).toString();
        if (!blob.isEmpty())
            m->blob = blobs->load(*crypto::hashFromHex(blob.toStdString())).value();
        return std::move(m).value();
    }

    // `a` commits `run` on `lease`; the verifier reports the audit failed (the audit itself is
    // TestNetworkLoop's), both get ready. Returns the dispute.
    QString disputeOver(const crypto::Ed25519KeyPair &a, const QString &lease, const graph::RunResult &run)
    {
        QJsonArray losses;
        for (float l : run.losses)
            losses.append(QString::number(double(l), 'g', 9));
        const auto committed = call(a, msg::kCommit,
                                    {{QStringLiteral("lease"), lease},
                                     {QStringLiteral("run_root"), QString::fromStdString(crypto::toHex(run.commitment))},
                                     {QStringLiteral("final_hash"), QString::fromStdString(crypto::toHex(run.finalStateHash))},
                                     {QStringLiteral("steps"), 24}, {QStringLiteral("checkpoint_every"), 4}, {QStringLiteral("losses"), losses}});
        if (committed.type != msg::kAck)
            return {};
        QString audit, dispute;
        for (const auto &p : coord->takePushes())
            if (p.type == msg::kAuditAssign && p.node == id(verifier))
                audit = p.body.value(QLatin1String("game")).toString();
        if (audit.isEmpty() ||
            call(verifier, msg::kAuditResult, {{QStringLiteral("game"), audit}, {QStringLiteral("ok"), false}}).type != msg::kAck)
            return {};
        for (const auto &p : coord->takePushes())
            if (p.type == msg::kDisputeOpen)
                dispute = p.body.value(QLatin1String("dispute")).toString();
        for (auto [key, role] : {std::pair{&a, "a"}, std::pair{&verifier, "b"}})
            if (call(*key, msg::kDisputeReady, {{QStringLiteral("dispute"), dispute}, {QStringLiteral("role"), QLatin1String(role)}}).type != msg::kAck)
                return {};
        return dispute;
    }

    struct Played {
        std::optional<QJsonObject> settled;
        int partyMessages = 0;
        int refused = 0; // repeats a party refused by seq
    };
    // Delivers the coordinator's pushes to the parties and their answers back until the game is
    // settled. `afterSend(lastBody, lastSender)` may restart the coordinator; it returns the
    // pushes to go on with (empty optional: carry on as before).
    using AfterSend = std::function<std::optional<QList<Coordinator::Push>>(int, const QJsonObject &, const crypto::Ed25519KeyPair &)>;
    Played play(verify::PinpointParty &pa, const crypto::Ed25519KeyPair &aKey, verify::PinpointParty &pb, const AfterSend &afterSend = {})
    {
        Played out;
        QList<Coordinator::Push> pushes = coord->takePushes();
        for (int guard = 0; guard < 2000 && !out.settled && !pushes.isEmpty(); ++guard) {
            const Coordinator::Push p = pushes.takeFirst();
            if (p.type == msg::kSettled)
                out.settled = p.body;
            if (p.type != msg::kVerify)
                continue;
            auto m = pushedMessage(p);
            if (!m)
                return out;
            const bool toA = m->to == QLatin1String("a");
            if (p.node != id(toA ? aKey : verifier))
                return out;
            auto answers = (toA ? pa : pb).handle(*m);
            if (!answers) {
                ++out.refused;
                continue;
            }
            for (const verify::Message &reply : *answers) {
                const auto &from = reply.from == QLatin1String("a") ? aKey : verifier;
                const QJsonObject body = verifyBody(reply);
                if (call(from, msg::kVerify, body).type != msg::kAck)
                    return out;
                ++out.partyMessages;
                pushes += coord->takePushes();
                if (afterSend)
                    if (auto next = afterSend(out.partyMessages, body, from))
                        pushes = *next;
            }
        }
        return out;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(dir.isValid());
        blobs = std::make_unique<task::DatasetStore>(dir.filePath(QStringLiteral("blobs")));
        startCoordinator();
    }
    void cleanup()
    {
        coord.reset();
        store.reset();
        for (const char *f : {"devnet.sqlite", "devnet.sqlite-wal", "devnet.sqlite-shm"})
            QFile::remove(dir.filePath(QLatin1String(f)));
    }

    void disputeSurvivesACoordinatorRestart()
    {
        const QString cheatDir = dir.filePath(QStringLiteral("restart-cheat"));
        const QString honestDir = dir.filePath(QStringLiteral("restart-honest"));
        const graph::RunResult cheat = vtest::train(ctx, cheatDir, QStringLiteral("bitflip:step=5,node=3"));
        vtest::train(ctx, honestDir);
        auto runA = vtest::open(ctx, cheatDir);
        auto runB = vtest::open(ctx, honestDir);

        for (const auto *k : {&solver, &verifier})
            QCOMPARE(call(*k, msg::kRegister, registerBody(*k)).type, msg::kRegistered);
        QVERIFY(coord->submitTask(spec.json, 10'000, QStringLiteral("test")));
        const auto lease = call(solver, msg::kLeaseRequest, {});
        QCOMPARE(lease.type, msg::kLease);
        const QString dispute = disputeOver(solver, lease.body.value(QLatin1String("lease")).toString(), cheat);
        QVERIFY(!dispute.isEmpty());
        verify::PinpointParty pa(QStringLiteral("a"), *runA, ctx, dispute);
        verify::PinpointParty pb(QStringLiteral("b"), *runB, ctx, dispute);

        // After the sixth party message the coordinator dies, with what it had said still
        // queued, and comes back on the same state.
        bool restarted = false, duplicate = false, reopenedFirst = true;
        const auto restart = [&](int sent, const QJsonObject &last, const crypto::Ed25519KeyPair &from) -> std::optional<QList<Coordinator::Push>> {
            if (sent < 6 || restarted)
                return std::nullopt;
            restarted = true;
            coord.reset();
            store.reset();
            startCoordinator();
            // The last message, re-sent from the sender's outbox: acknowledged, not relayed.
            const auto again = call(from, msg::kVerify, last);
            duplicate = again.type == msg::kAck && again.body.value(QLatin1String("duplicate")).toBool() && coord->takePushes().isEmpty();
            // Both parties reconnect: each gets the game's messages addressed to it again.
            for (const auto *k : {&solver, &verifier})
                (void)call(*k, msg::kRegister, registerBody(*k));
            // Each first gets dispute_open again, in its role (a party lost in a node's restart
            // is rebuilt from it), and only then the game's log.
            const QList<Coordinator::Push> pushes = coord->takePushes();
            QSet<QString> opened;
            for (const Coordinator::Push &p : pushes) {
                const auto body = protocol::DisputeOpenBody::fromJson(p.body);
                if (p.type == msg::kDisputeOpen && body && body->dispute == dispute &&
                    body->role == QLatin1String(p.node == id(solver) ? "a" : "b"))
                    opened.insert(p.node);
                else if (p.type == msg::kVerify && !opened.contains(p.node))
                    reopenedFirst = false;
            }
            reopenedFirst = reopenedFirst && opened.size() == 2;
            return pushes;
        };
        const Played g = play(pa, solver, pb, restart);
        QVERIFY(restarted);
        QVERIFY(duplicate);
        QVERIFY(reopenedFirst);
        QVERIFY(g.refused > 0); // only the repeats after the reconnect are refused, by seq
        QVERIFY2(g.settled, "the game never ended");
        const QJsonObject detail = g.settled->value(QLatin1String("detail")).toObject();
        QCOMPARE(detail.value(QLatin1String("winner")).toString(), QStringLiteral("b"));
        QCOMPARE(detail.value(QLatin1String("step")).toInteger(), 5);
        QCOMPARE(detail.value(QLatin1String("node")).toInteger(), 3);
        QVERIFY(!detail.contains(QLatin1String("blamed")));
        // The cheater's stake paid for it (25,000 granted once, 10,000 slashed); its spendable
        // balance never went below zero. The verifier earned the task's reward and the fee.
        QCOMPARE(store->receipts().stakeOf(id(solver)).value(), 15'000);
        QCOMPARE(store->receipts().balanceOf(id(solver)).value(), 0);
        QCOMPARE(store->receipts().stakeOf(id(verifier)).value(), 25'000);
        QCOMPARE(store->receipts().balanceOf(id(verifier)).value(), 11'000);
        qInfo("{\"figure\":\"referee_restart\",\"party_messages\":%d,\"repeats_refused\":%d}", g.partyMessages, g.refused);
    }

    void takeoverBlamesTheCheckpointsUploader()
    {
        // The uploader cheats at step 5 and uploads its checkpoint at step 8, then vanishes.
        const QString cheatDir = dir.filePath(QStringLiteral("takeover-cheat"));
        const QString finishDir = dir.filePath(QStringLiteral("takeover-finish"));
        const QString honestDir = dir.filePath(QStringLiteral("takeover-honest"));
        vtest::train(ctx, cheatDir, QStringLiteral("bitflip:step=5,node=3"));
        QCOMPARE(call(uploader, msg::kRegister, registerBody(uploader)).type, msg::kRegistered);
        QVERIFY(coord->submitTask(spec.json, 10'000, QStringLiteral("test")));
        const auto first = call(uploader, msg::kLeaseRequest, {});
        QCOMPARE(first.type, msg::kLease);
        const QString ckptFile = QString::fromStdString(graph::checkpointPath(QDir(cheatDir).filePath(QStringLiteral("checkpoints-repro")).toStdString(), 8));
        auto put = blobs->putFile(ckptFile);
        QVERIFY(put);
        const QString ckptHash = QString::fromStdString(crypto::toHex(put->hash));
        QCOMPARE(call(uploader, msg::kHeartbeat,
                      {{QStringLiteral("lease"), first.body.value(QLatin1String("lease"))}, {QStringLiteral("step"), 9},
                       {QStringLiteral("checkpoint"), QJsonObject{{QStringLiteral("step"), 8}, {QStringLiteral("hash"), ckptHash}}}})
                     .type,
                 msg::kHeartbeatAck);
        coord->setOnline(id(uploader), false);
        clock.advance(60'001);
        QCOMPARE(coord->sweep()->size(), 1);

        // An honest provider takes the task over from that checkpoint and finishes it honestly.
        for (const auto *k : {&solver, &verifier})
            QCOMPARE(call(*k, msg::kRegister, registerBody(*k)).type, msg::kRegistered);
        const auto second = call(solver, msg::kLeaseRequest, {});
        QCOMPARE(second.type, msg::kLease);
        const QJsonObject resume = second.body.value(QLatin1String("resume")).toObject();
        QCOMPARE(resume.value(QLatin1String("step")).toInteger(), 8);
        QCOMPARE(resume.value(QLatin1String("hash")).toString(), ckptHash);
        const QString finishCkpts = finishDir + QStringLiteral("/checkpoints-repro");
        QVERIFY(QDir().mkpath(finishCkpts));
        QVERIFY(QFile::copy(ckptFile, QString::fromStdString(graph::checkpointPath(finishCkpts.toStdString(), 8))));
        const graph::RunResult finished = vtest::train(ctx, finishDir);
        QCOMPARE(finished.resumedFrom, 8);
        vtest::train(ctx, honestDir);
        auto runA = vtest::open(ctx, finishDir);
        auto runB = vtest::open(ctx, honestDir);

        const QString dispute = disputeOver(solver, second.body.value(QLatin1String("lease")).toString(), finished);
        QVERIFY(!dispute.isEmpty());
        verify::PinpointParty pa(QStringLiteral("a"), *runA, ctx, dispute);
        verify::PinpointParty pb(QStringLiteral("b"), *runB, ctx, dispute);
        const Played g = play(pa, solver, pb);
        QVERIFY2(g.settled, "the game never ended");
        QCOMPARE(g.refused, 0);
        const QJsonObject detail = g.settled->value(QLatin1String("detail")).toObject();
        QCOMPARE(detail.value(QLatin1String("winner")).toString(), QStringLiteral("b"));
        QCOMPARE(detail.value(QLatin1String("step")).toInteger(), 5); // before the checkpoint at 8
        QCOMPARE(detail.value(QLatin1String("blamed")).toString(), id(uploader));
        // The uploader loses the slash from its stake; the provider that finished the task is
        // neither paid (its run is not the honest one) nor slashed.
        QCOMPARE(store->receipts().stakeOf(id(uploader)).value(), 15'000);
        QCOMPARE(store->receipts().stakeOf(id(solver)).value(), 25'000);
        QCOMPARE(store->receipts().balanceOf(id(solver)).value(), 0);
        QCOMPARE(store->receipts().balanceOf(id(verifier)).value(), 11'000);
    }
};

QTEST_GUILESS_MAIN(TestCoordinatorDisputes)
#include "TestCoordinatorDisputes.moc"
