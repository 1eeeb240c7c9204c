// The pinpoint game survives a coordinator restart, socket-free: a real cheating run (a bit
// flipped at step 5, node 3) against a real honest run, the coordinator refereeing. Midway the
// Coordinator object is destroyed and a new one opens the same SQLite state: the parties
// reconnect (re-register), the referee is rebuilt from the relay log, and the game ends as an
// uninterrupted one would: winner b, step 5, node 3, the cheater slashed from its stake. Messages re-sent from
// an outbox are acknowledged once and relayed once.
#include "DevnetTestUtil.h"
#include "VerifyTestUtil.h"
#include "devnet/Coordinator.h"
#include "ledger/Receipt.h"
#include "protocol/Messages.h"
#include "task/DatasetStore.h"
#include "verify/Message.h"
#include "verify/Pinpoint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;
using namespace idleforge::devnettest;
namespace msg = idleforge::protocol::msg;

class TestRefereeRestart : public QObject {
    Q_OBJECT
    ManualClock clock;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair solver = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair verifier = crypto::Ed25519KeyPair::generate();
    QTemporaryDir dir;
    std::unique_ptr<task::DatasetStore> blobs;
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;

    static QString id(const crypto::Ed25519KeyPair &k) { return protocol::keyToBase58(k.publicKey()); }

    Coordinator::Reply call(const crypto::Ed25519KeyPair &from, const QString &type, const QJsonObject &body)
    {
        auto e = protocol::signEnvelope(type, body, protocol::Signer::of(from), clock.msecsSinceEpoch());
        return e ? coord->handle(*e) : Coordinator::Reply{QStringLiteral("unsignable"), {}};
    }

    void startCoordinator()
    {
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(), Coordinator::Options{.leaseMs = 60'000, .stakeGrant = 25'000}, clock, blobs.get());
        coord->setSigningKey(&coordKey);
    }

    // One party message as the node would send it: its blob uploaded first, then `verify`.
    QJsonObject verifyBody(const verify::Message &m)
    {
        QJsonObject body{{QStringLiteral("game"), m.game}, {QStringLiteral("msg"), verify::messageToJson(m)}};
        if (!m.blob.isEmpty()) {
            auto put = blobs->putBytes(m.blob);
            if (!put)
                qFatal("blob store: %s", qPrintable(put.error().message));
            body.insert(QStringLiteral("blob"), QString::fromStdString(crypto::toHex(put->hash)));
        }
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

private Q_SLOTS:
    void disputeSurvivesACoordinatorRestart()
    {
        QVERIFY(dir.isValid());
        blobs = std::make_unique<task::DatasetStore>(dir.filePath(QStringLiteral("blobs")));
        startCoordinator();

        // The task and its two runs: the cheater's (solver, "a") and the honest re-run ("b").
        const task::TaskSpec spec = vtest::tinyMlp(24, 4);
        const verify::TaskContext ctx = vtest::context(spec);
        const QString cheatDir = dir.filePath(QStringLiteral("cheat"));
        const QString honestDir = dir.filePath(QStringLiteral("honest"));
        const graph::RunResult cheat = vtest::train(ctx, cheatDir, QStringLiteral("bitflip:step=5,node=3"));
        vtest::train(ctx, honestDir);
        auto runA = vtest::open(ctx, cheatDir);
        auto runB = vtest::open(ctx, honestDir);

        for (const auto *k : {&solver, &verifier})
            QCOMPARE(call(*k, msg::kRegister, registerBody(*k)).type, msg::kRegistered);
        QVERIFY(coord->submitTask(spec.json, 10'000, QStringLiteral("test")));
        const auto lease = call(solver, msg::kLeaseRequest, {});
        QCOMPARE(lease.type, msg::kLease);
        QJsonArray losses;
        for (float l : cheat.losses)
            losses.append(QString::number(double(l), 'g', 9));
        QCOMPARE(call(solver, msg::kCommit,
                      {{QStringLiteral("lease"), lease.body.value(QLatin1String("lease"))},
                       {QStringLiteral("run_root"), QString::fromStdString(crypto::toHex(cheat.commitment))},
                       {QStringLiteral("final_hash"), QString::fromStdString(crypto::toHex(cheat.finalStateHash))},
                       {QStringLiteral("steps"), 24}, {QStringLiteral("checkpoint_every"), 4}, {QStringLiteral("losses"), losses}})
                     .type,
                 msg::kAck);
        QString audit;
        for (const auto &p : coord->takePushes())
            if (p.type == msg::kAuditAssign)
                audit = p.body.value(QLatin1String("game")).toString();
        QVERIFY(!audit.isEmpty());
        // (The audit itself is TestNetworkLoop's; here the verifier reports it failed.)
        QCOMPARE(call(verifier, msg::kAuditResult, {{QStringLiteral("game"), audit}, {QStringLiteral("ok"), false}}).type, msg::kAck);
        QString dispute;
        for (const auto &p : coord->takePushes())
            if (p.type == msg::kDisputeOpen)
                dispute = p.body.value(QLatin1String("dispute")).toString();
        QVERIFY(!dispute.isEmpty());
        verify::PinpointParty pa(QStringLiteral("a"), *runA, ctx, dispute);
        verify::PinpointParty pb(QStringLiteral("b"), *runB, ctx, dispute);
        QCOMPARE(call(solver, msg::kDisputeReady, {{QStringLiteral("dispute"), dispute}, {QStringLiteral("role"), QStringLiteral("a")}}).type, msg::kAck);
        QCOMPARE(call(verifier, msg::kDisputeReady, {{QStringLiteral("dispute"), dispute}, {QStringLiteral("role"), QStringLiteral("b")}}).type, msg::kAck);

        // The game, message by message, with a restart after the sixth party message.
        int partyMessages = 0, refusedRepeats = 0, duplicates = 0;
        bool restarted = false;
        std::optional<QJsonObject> settled;
        QJsonObject lastSent;
        const crypto::Ed25519KeyPair *lastSender = nullptr;
        QList<Coordinator::Push> pushes = coord->takePushes();
        for (int guard = 0; guard < 2000 && !settled; ++guard) {
            if (pushes.isEmpty())
                break;
            const Coordinator::Push p = pushes.takeFirst();
            if (p.type == msg::kSettled) {
                settled = p.body;
                continue;
            }
            if (p.type != msg::kVerify)
                continue;
            auto m = pushedMessage(p);
            QVERIFY(m);
            verify::PinpointParty &party = m->to == QLatin1String("a") ? pa : pb;
            QCOMPARE(p.node, id(m->to == QLatin1String("a") ? solver : verifier));
            auto out = party.handle(*m);
            if (!out) {
                // Only what the coordinator re-sent after the reconnect may be refused (by seq).
                QVERIFY2(restarted, qPrintable(out.error().toString()));
                ++refusedRepeats;
                continue;
            }
            for (const verify::Message &reply : *out) {
                const auto &from = reply.from == QLatin1String("a") ? solver : verifier;
                lastSent = verifyBody(reply);
                lastSender = &from;
                const auto r = call(from, msg::kVerify, lastSent);
                QVERIFY2(r.type == msg::kAck, QJsonDocument(r.body).toJson().constData());
                ++partyMessages;
            }
            pushes += coord->takePushes();
            if (partyMessages >= 6 && !restarted) {
                // The coordinator dies with what it had said still queued, and comes back.
                restarted = true;
                pushes.clear();
                coord.reset();
                store.reset();
                startCoordinator();
                // The last message, re-sent from the sender's outbox: acknowledged, not relayed.
                const auto again = call(*lastSender, msg::kVerify, lastSent);
                QCOMPARE(again.type, msg::kAck);
                QVERIFY(again.body.value(QLatin1String("duplicate")).toBool());
                ++duplicates;
                QVERIFY(coord->takePushes().isEmpty());
                // Both parties reconnect: each gets the game's messages addressed to it again.
                for (const auto *k : {&solver, &verifier})
                    QCOMPARE(call(*k, msg::kRegister, registerBody(*k)).type, msg::kRegistered);
                pushes = coord->takePushes();
            }
        }
        QVERIFY(restarted);
        QCOMPARE(duplicates, 1);
        QVERIFY(refusedRepeats > 0);
        QVERIFY2(settled, "the game never ended");
        const QJsonObject detail = settled->value(QLatin1String("detail")).toObject();
        QCOMPARE(detail.value(QLatin1String("winner")).toString(), QStringLiteral("b"));
        QCOMPARE(detail.value(QLatin1String("step")).toInteger(), 5);
        QCOMPARE(detail.value(QLatin1String("node")).toInteger(), 3);
        // The cheater's stake paid for it (25,000 granted once, 10,000 slashed); its spendable
        // balance never went below zero. The verifier earned the task's reward and the fee.
        QCOMPARE(store->stakeOf(id(solver)).value(), 15'000);
        QCOMPARE(store->balanceOf(id(solver)).value(), 0);
        QCOMPARE(store->stakeOf(id(verifier)).value(), 25'000);
        QCOMPARE(store->balanceOf(id(verifier)).value(), 11'000);
        qInfo("{\"figure\":\"referee_restart\",\"party_messages\":%d,\"repeats_refused\":%d}", partyMessages, refusedRepeats);
    }
};

QTEST_GUILESS_MAIN(TestRefereeRestart)
#include "TestRefereeRestart.moc"
