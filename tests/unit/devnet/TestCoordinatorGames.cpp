// The coordinator after a commitment, socket-free: commit validation and idempotence, the audit
// going to another online provider with a seed drawn afterwards, the relay's role, seed and
// commitment checks, and settlement by receipts that verify against the coordinator key and
// add up to the reported balances. (The whole loop with real nodes: TestNetworkLoop.)
#include "DevnetTestUtil.h"
#include "devnet/Coordinator.h"
#include "protocol/Receipt.h"
#include "protocol/Messages.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;
using namespace idleforge::devnettest;
namespace msg = idleforge::protocol::msg;

class TestCoordinatorGames : public QObject {
    Q_OBJECT
    ManualClock clock;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair solver = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair verifier = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair stranger = crypto::Ed25519KeyPair::generate();
    QTemporaryDir dir;
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;
    const QString root = QString(64, QLatin1Char('a'));

    static QString id(const crypto::Ed25519KeyPair &k) { return protocol::keyToBase58(k.publicKey()); }

    Coordinator::Reply call(const crypto::Ed25519KeyPair &from, const QString &type, const QJsonObject &body)
    {
        auto e = protocol::signEnvelope(type, body, protocol::Signer::of(from), clock.msecsSinceEpoch());
        return e ? coord->handle(*e) : Coordinator::Reply{QStringLiteral("unsignable"), {}};
    }
    QString code(const Coordinator::Reply &r) { return r.body.value(QLatin1String("code")).toString(); }

    QJsonObject commitBody(const QString &lease, const QString &runRoot, qint64 steps = 20)
    {
        return QJsonObject{{QStringLiteral("lease"), lease},          {QStringLiteral("run_root"), runRoot},
                           {QStringLiteral("final_hash"), QString(64, QLatin1Char('b'))},
                           {QStringLiteral("steps"), steps},          {QStringLiteral("checkpoint_every"), 5},
                           {QStringLiteral("losses"), QJsonArray{QStringLiteral("5.5"), QStringLiteral("3.1")}}};
    }

    // Solver and verifier registered and online; one task leased to the solver. Returns the lease.
    QString leased()
    {
        for (const auto *k : {&solver, &verifier})
            [&] { QCOMPARE(call(*k, msg::kRegister, registerBody(*k)).type, msg::kRegistered); }();
        // Connected but never registered (a status client): online, yet never a verifier.
        coord->setOnline(id(stranger), true);
        auto t = coord->submitTask(smallSpec(20), 10'000, QStringLiteral("test"));
        [&] { QVERIFY(t); }();
        const auto l = call(solver, msg::kLeaseRequest, {});
        [&] { QCOMPARE(l.type, msg::kLease); }();
        (void)coord->takePushes();
        return l.body.value(QLatin1String("lease")).toString();
    }

private Q_SLOTS:
    void init()
    {
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(), Coordinator::Options{.leaseMs = 10'000}, clock);
        coord->setSigningKey(&coordKey);
    }
    void cleanup()
    {
        coord.reset();
        store.reset();
        for (const char *f : {"devnet.sqlite", "devnet.sqlite-wal", "devnet.sqlite-shm"})
            QFile::remove(dir.filePath(QLatin1String(f)));
    }

    void commitIsCheckedAndIdempotent()
    {
        const QString lease = leased();
        QCOMPARE(code(call(solver, msg::kCommit, commitBody(lease, QStringLiteral("xyz")))), QStringLiteral("devnet.bad_request"));
        QCOMPARE(code(call(solver, msg::kCommit, commitBody(lease, root, 19))), QStringLiteral("devnet.bad_request"));
        QCOMPARE(code(call(verifier, msg::kCommit, commitBody(lease, root))), QStringLiteral("devnet.no_lease"));
        QCOMPARE(call(solver, msg::kCommit, commitBody(lease, root)).type, msg::kAck);
        const auto pushes = coord->takePushes();
        QCOMPARE(pushes.size(), 1); // one audit, to the other provider
        QCOMPARE(pushes[0].node, id(verifier));
        QCOMPARE(pushes[0].type, msg::kAuditAssign);
        QCOMPARE(pushes[0].body.value(QLatin1String("run_root")).toString(), root);
        QCOMPARE(pushes[0].body.value(QLatin1String("samples")).toInteger(), 20); // 44 for P 99 %, f 10 %, capped at N
        QCOMPARE(pushes[0].body.value(QLatin1String("seed")).toString().size(), 64);
        // A re-send from the outbox is the same commitment: acknowledged, no second audit.
        QCOMPARE(call(solver, msg::kCommit, commitBody(lease, root)).type, msg::kAck);
        QVERIFY(coord->takePushes().isEmpty());
        QCOMPARE(code(call(solver, msg::kCommit, commitBody(lease, QString(64, QLatin1Char('c'))))), QStringLiteral("devnet.recommit"));
    }

    // The coordinator died after storing a commitment but before scheduling its audit (seen in
    // TestNetworkLoop): the node's outbox re-sends the commit, and now that schedules the audit
    // instead of being acknowledged as a repeat with no audit ever coming.
    void aResentCommitWithoutAnAuditSchedulesIt()
    {
        const QString lease = leased();
        CommitmentRow row;
        row.leaseId = lease.mid(1).toLongLong();
        row.nodeId = id(solver);
        row.runRoot = root;
        row.finalHash = QString(64, QLatin1Char('b'));
        row.steps = 20;
        row.checkpointEvery = 5;
        row.losses = QJsonArray{QStringLiteral("5.5"), QStringLiteral("3.1")};
        auto lookup = store->lease(row.leaseId);
        QVERIFY(lookup && *lookup);
        row.taskId = (*lookup)->taskId;
        QVERIFY(store->games().commit(row.leaseId, row.nodeId, row, clock.msecsSinceEpoch())); // stored, then the "crash"
        QCOMPARE(*store->games().gameCount(row.taskId, "audit"), 0);
        QCOMPARE(call(solver, msg::kCommit, commitBody(lease, root)).type, msg::kAck);
        const auto pushes = coord->takePushes();
        QCOMPARE(pushes.size(), 1);
        QCOMPARE(pushes[0].type, msg::kAuditAssign);
        QCOMPARE(*store->games().gameCount(row.taskId, "audit"), 1);
        // And a further re-send is a plain repeat again.
        QCOMPARE(call(solver, msg::kCommit, commitBody(lease, root)).type, msg::kAck);
        QVERIFY(coord->takePushes().isEmpty());
    }

    void relayChecksRolesSeedAndCommitment()
    {
        const QString lease = leased();
        QCOMPARE(call(solver, msg::kCommit, commitBody(lease, root)).type, msg::kAck);
        const auto assign = coord->takePushes().at(0).body;
        const QString game = assign.value(QLatin1String("game")).toString();
        const auto relay = [&](const crypto::Ed25519KeyPair &from, const QString &type, const QString &fromRole, const QString &to,
                               qint64 seq, const QJsonObject &body) {
            return call(from, msg::kVerify,
                        QJsonObject{{QStringLiteral("game"), game},
                                    {QStringLiteral("msg"), QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("game"), game},
                                                                        {QStringLiteral("from"), fromRole}, {QStringLiteral("to"), to},
                                                                        {QStringLiteral("seq"), seq}, {QStringLiteral("body"), body}}}});
        };
        // Only the verifier speaks for "verifier".
        QCOMPARE(code(relay(solver, QStringLiteral("audit.request"), QStringLiteral("verifier"), QStringLiteral("solver"), 1, {})),
                 QStringLiteral("devnet.not_your_role"));
        QCOMPARE(relay(verifier, QStringLiteral("audit.request"), QStringLiteral("verifier"), QStringLiteral("solver"), 1,
                       {{QStringLiteral("task_id"), root}})
                     .type,
                 msg::kAck);
        auto pushes = coord->takePushes();
        QCOMPARE(pushes.size(), 1);
        QCOMPARE(pushes[0].node, id(solver));
        QCOMPARE(pushes[0].type, msg::kVerify);
        // The solver must answer with the commitment it sent.
        QCOMPARE(code(relay(solver, QStringLiteral("audit.commitment"), QStringLiteral("solver"), QStringLiteral("verifier"), 1,
                            {{QStringLiteral("commitment"), QString(64, QLatin1Char('d'))}})),
                 QStringLiteral("devnet.wrong_commitment"));
        // The verifier must reveal the seed the coordinator drew.
        QCOMPARE(code(relay(verifier, QStringLiteral("audit.challenge"), QStringLiteral("verifier"), QStringLiteral("solver"), 2,
                            {{QStringLiteral("seed"), QString(64, QLatin1Char('e'))}})),
                 QStringLiteral("devnet.bad_seed"));
        QVERIFY(coord->takePushes().isEmpty());
    }

    void passedAuditPaysBothAndBalancesAddUp()
    {
        const QString lease = leased();
        QCOMPARE(call(solver, msg::kCommit, commitBody(lease, root)).type, msg::kAck);
        const QString game = coord->takePushes().at(0).body.value(QLatin1String("game")).toString();
        QCOMPARE(code(call(solver, msg::kAuditResult, {{QStringLiteral("game"), game}, {QStringLiteral("ok"), true}})),
                 QStringLiteral("devnet.not_your_role"));
        QCOMPARE(call(verifier, msg::kAuditResult, {{QStringLiteral("game"), game}, {QStringLiteral("ok"), true}}).type, msg::kAck);
        qint64 solverSum = 0, verifierSum = 0;
        int receipts = 0;
        for (const auto &p : coord->takePushes()) {
            if (p.type != msg::kReceipt)
                continue;
            ++receipts;
            auto r = protocol::Receipt::fromJson(p.body.value(QLatin1String("receipt")).toObject());
            QVERIFY(r);
            QVERIFY(r->verify(coordKey.publicKey()));
            (p.node == id(solver) ? solverSum : verifierSum) += r->signedAmount();
        }
        QCOMPARE(receipts, 2);
        QCOMPARE(solverSum, 10'000);
        QCOMPARE(verifierSum, 1'000);
        QCOMPARE(store->receipts().balanceOf(id(solver)).value(), solverSum);
        QCOMPARE(store->receipts().balanceOf(id(verifier)).value(), verifierSum);
        // A re-sent result changes nothing; a reconnect re-sends the receipts (same ids).
        QCOMPARE(call(verifier, msg::kAuditResult, {{QStringLiteral("game"), game}, {QStringLiteral("ok"), true}}).type, msg::kAck);
        QVERIFY(coord->takePushes().isEmpty());
        QCOMPARE(store->receipts().balanceOf(id(solver)).value(), solverSum);
        QCOMPARE(call(solver, msg::kRegister, registerBody(solver)).type, msg::kRegistered);
        const auto again = coord->takePushes();
        QCOMPARE(again.size(), 1);
        QCOMPARE(again[0].type, msg::kReceipt);
        QCOMPARE(store->summary().value().tasks[QStringLiteral("verified")], 1);
    }

    void stakesAreGrantedOnceAndGateLeases()
    {
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(), Coordinator::Options{.leaseMs = 10'000, .stakeGrant = 5'000}, clock);
        coord->setSigningKey(&coordKey);
        QCOMPARE(call(solver, msg::kRegister, registerBody(solver)).type, msg::kRegistered);
        QCOMPARE(store->receipts().stakeOf(id(solver)).value(), 5'000);
        QCOMPARE(store->receipts().balanceOf(id(solver)).value(), 0); // granted, then moved into the stake
        // Both movements are signed receipts the node's ledger can check.
        int grants = 0;
        for (const auto &p : coord->takePushes())
            if (p.type == msg::kReceipt) {
                auto r = protocol::Receipt::fromJson(p.body.value(QLatin1String("receipt")).toObject());
                QVERIFY(r && r->verify(coordKey.publicKey()));
                ++grants;
            }
        QCOMPARE(grants, 2);
        // A second registration grants nothing more.
        QCOMPARE(call(solver, msg::kRegister, registerBody(solver)).type, msg::kRegistered);
        QCOMPARE(store->receipts().stakeOf(id(solver)).value(), 5'000);
        // A task whose reward (the slash of a cheat) the stake cannot cover is not offered.
        QVERIFY(coord->submitTask(smallSpec(20, 1), 10'000, QStringLiteral("test")));
        QCOMPARE(call(solver, msg::kLeaseRequest, {}).type, msg::kNoTask);
        QVERIFY(coord->submitTask(smallSpec(20, 2), 4'000, QStringLiteral("test")));
        const auto l = call(solver, msg::kLeaseRequest, {});
        QCOMPARE(l.type, msg::kLease);
        QCOMPARE(l.body.value(QLatin1String("reward")).toInteger(), 4'000);
    }

    void failedAuditOpensADispute()
    {
        const QString lease = leased();
        QCOMPARE(call(solver, msg::kCommit, commitBody(lease, root)).type, msg::kAck);
        const QString game = coord->takePushes().at(0).body.value(QLatin1String("game")).toString();
        QCOMPARE(call(verifier, msg::kAuditResult, {{QStringLiteral("game"), game}, {QStringLiteral("ok"), false}}).type, msg::kAck);
        const auto pushes = coord->takePushes();
        QCOMPARE(pushes.size(), 2);
        QStringList roles;
        for (const auto &p : pushes) {
            QCOMPARE(p.type, msg::kDisputeOpen);
            roles << p.body.value(QLatin1String("role")).toString() + QLatin1Char(':') + (p.node == id(solver) ? QStringLiteral("solver") : QStringLiteral("verifier"));
        }
        roles.sort();
        QCOMPARE(roles, (QStringList{QStringLiteral("a:solver"), QStringLiteral("b:verifier")}));
        const QString dispute = pushes[0].body.value(QLatin1String("dispute")).toString();
        QCOMPARE(code(call(solver, msg::kDisputeReady, {{QStringLiteral("dispute"), dispute}, {QStringLiteral("role"), QStringLiteral("b")}})),
                 QStringLiteral("devnet.not_your_role"));
        QCOMPARE(call(solver, msg::kDisputeReady, {{QStringLiteral("dispute"), dispute}, {QStringLiteral("role"), QStringLiteral("a")}}).type,
                 msg::kAck);
        // No money moved yet: the game decides.
        QCOMPARE(store->receipts().balanceOf(id(solver)).value(), 0);
        QCOMPARE(store->receipts().balanceOf(id(verifier)).value(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCoordinatorGames)
#include "TestCoordinatorGames.moc"
