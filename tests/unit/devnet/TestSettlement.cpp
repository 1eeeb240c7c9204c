// Settlement on its own (a real SQLite store, a real coordinator key, no Coordinator): who is
// paid what when an audit passes or a dispute is decided, slashes bounded by the stake, the
// stake grant given once, and that nothing is paid without a signing key.
#include "RoomTestUtil.h"
#include "protocol/Messages.h"
#include "protocol/Receipt.h"


using namespace idleforge;
using namespace idleforge::devnet;
using namespace idleforge::devnettest;
namespace msg = idleforge::protocol::msg;

class TestSettlement : public QObject {
    Q_OBJECT
    RoomFixture f;
    DevnetStore *store = nullptr;
    CoordinatorContext *ctx = nullptr;
    Settlement *settlement = nullptr;
    const crypto::Ed25519KeyPair solver = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair verifier = crypto::Ed25519KeyPair::generate();
    TaskRow task;
    GameRow dispute;

    static QString id(const crypto::Ed25519KeyPair &k) { return RoomFixture::id(k); }

    qint64 reputation(const crypto::Ed25519KeyPair &k) { return store->provider(id(k)).value()->reputation; }
    qint64 stake(const crypto::Ed25519KeyPair &k) { return store->receipts().stakeOf(id(k)).value(); }
    qint64 balance(const crypto::Ed25519KeyPair &k) { return store->receipts().balanceOf(id(k)).value(); }
    QStringList pushedKinds(const QString &node)
    {
        QStringList kinds;
        for (const CoordinatorPush &p : ctx->pushes)
            if (p.node == node && p.type == msg::kReceipt)
                kinds << p.body.value(QLatin1String("receipt")).toObject().value(QLatin1String("kind")).toString();
        return kinds;
    }

private Q_SLOTS:
    void init()
    {
        f.options.stakeGrant = 3'000;
        f.open();
        store = f.store.get();
        ctx = f.ctx.get();
        settlement = f.settlement.get();
        f.addProviders({&solver, &verifier});
        task = f.addTask();
        dispute = GameRow{};
        dispute.id = 2;
        dispute.kind = QStringLiteral("dispute");
        dispute.taskId = task.id;
        dispute.parent = 1;
        dispute.solver = id(solver);
        dispute.verifier = id(verifier);
    }
    void cleanup() { f.close(); }

    void nothingIsPaidWithoutASigningKey()
    {
        ctx->signingKey = nullptr;
        auto r = settlement->pay(QStringLiteral("reward"), 5, task.wireId(), id(solver), task.id);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("devnet.no_key"));
        QVERIFY(settlement->grantStake(id(solver)).ok()); // no key: no grant, and no error
        QCOMPARE(store->receipts().receiptsOf(id(solver))->size(), 0);
        QVERIFY(ctx->pushes.isEmpty());
    }

    void receiptsAreSignedStoredPushedAndResent()
    {
        auto r = settlement->pay(QStringLiteral("reward"), 700, task.wireId(), id(solver), task.id);
        QVERIFY(r);
        QCOMPARE(ctx->pushes.size(), 1);
        const QJsonObject json = ctx->pushes[0].body.value(QLatin1String("receipt")).toObject();
        auto receipt = protocol::Receipt::fromJson(json);
        QVERIFY(receipt);
        QVERIFY(receipt->verify(f.coordKey.publicKey()));
        QCOMPARE(receipt->id, *r);
        QCOMPARE(receipt->payee, wallet::addressOf(solver.publicKey()));
        QCOMPARE(balance(solver), 700);
        ctx->pushes.clear();
        settlement->resendReceipts(id(solver));
        QCOMPARE(ctx->pushes.size(), 1);
        QCOMPARE(ctx->pushes[0].body.value(QLatin1String("receipt")).toObject(), json);
    }

    void stakeIsGrantedOnce()
    {
        QVERIFY(settlement->grantStake(id(solver)).ok());
        QVERIFY(settlement->grantStake(id(solver)).ok());
        QCOMPARE(pushedKinds(id(solver)), (QStringList{QStringLiteral("reward"), QStringLiteral("stake")}));
        QCOMPARE(stake(solver), 3'000);
        QCOMPARE(balance(solver), 0); // credited, then moved into the stake
    }

    void passedAuditPaysRewardAndFee()
    {
        GameRow audit = dispute;
        audit.id = 1;
        audit.kind = QStringLiteral("audit");
        auto receipts = settlement->payAudit(audit, task);
        QVERIFY(receipts);
        QCOMPARE(receipts->size(), 2);
        QCOMPARE(balance(solver), 10'000);
        QCOMPARE(balance(verifier), 1'000); // the fee: a tenth of the reward
        QCOMPARE(reputation(solver), 1);
        QCOMPARE(reputation(verifier), 0);
    }

    void cheaterIsSlashedNoMoreThanItsStake()
    {
        QVERIFY(settlement->grantStake(id(solver)).ok());
        ctx->pushes.clear();
        auto receipts = settlement->payVerdict(dispute, task, QStringLiteral("b"), id(solver));
        QVERIFY(receipts);
        QCOMPARE(receipts->size(), 3);
        QCOMPARE(pushedKinds(id(solver)), QStringList{QStringLiteral("slash")});
        QCOMPARE(stake(solver), 0); // 3,000 staked, the reward is 10,000: the whole stake, no more
        QCOMPARE(balance(solver), 0);
        QCOMPARE(balance(verifier), 11'000); // the reward and the fee
        QCOMPARE(reputation(solver), -10);
    }

    void falseAccuserWithoutStakeLosesReputationOnly()
    {
        auto receipts = settlement->payVerdict(dispute, task, QStringLiteral("a"), id(solver));
        QVERIFY(receipts);
        QCOMPARE(receipts->size(), 1); // the solver's reward; no stake, no slash receipt
        QCOMPARE(balance(solver), 10'000);
        QCOMPARE(pushedKinds(id(verifier)), QStringList{});
        QCOMPARE(reputation(verifier), -10);
        QCOMPARE(reputation(solver), 0);
    }

    void noWinnerPaysNobody()
    {
        auto receipts = settlement->payVerdict(dispute, task, QStringLiteral("none"), id(solver));
        QVERIFY(receipts);
        QVERIFY(receipts->isEmpty());
        QVERIFY(ctx->pushes.isEmpty());
    }

    void settledGoesToBothParties()
    {
        dispute.outcome = QJsonObject{{QStringLiteral("winner"), QStringLiteral("a")}};
        settlement->announce(dispute, QStringLiteral("decided"), {QStringLiteral("r-1")});
        QCOMPARE(ctx->pushes.size(), 2);
        QCOMPARE(ctx->pushes[0].node, id(solver));
        QCOMPARE(ctx->pushes[1].node, id(verifier));
        QCOMPARE(ctx->pushes[1].type, msg::kSettled);
        QCOMPARE(ctx->pushes[1].body.value(QLatin1String("game")).toString(), QStringLiteral("g2"));
        QCOMPARE(ctx->pushes[1].body.value(QLatin1String("receipts")).toArray(), QJsonArray{QStringLiteral("r-1")});
    }
};

QTEST_GUILESS_MAIN(TestSettlement)
#include "TestSettlement.moc"
