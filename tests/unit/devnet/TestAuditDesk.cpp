// The audit desk on its own (real SQLite store, signed envelopes, no Coordinator and no
// dispute host): an audit waits for a verifier and gets one when a provider comes online, a
// silent audit goes to a new one that names the audit it replaces, and a failed audit hands
// over to the OpenDispute callback (its error reaches the verifier's reply) without paying.
#include "RoomTestUtil.h"
#include "devnet/AuditDesk.h"
#include "protocol/Messages.h"

#include <QJsonArray>

using namespace idleforge;
using namespace idleforge::devnet;
using namespace idleforge::devnettest;
namespace msg = idleforge::protocol::msg;

class TestAuditDesk : public QObject {
    Q_OBJECT
    RoomFixture f;
    DevnetStore *store = nullptr;
    CoordinatorContext *ctx = nullptr;
    const crypto::Ed25519KeyPair solver = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair verifier = crypto::Ed25519KeyPair::generate();
    std::unique_ptr<AuditDesk> desk;
    QList<GameRow> disputesAskedFor;
    std::optional<Error> disputeError;

    static QString id(const crypto::Ed25519KeyPair &k) { return RoomFixture::id(k); }

    protocol::Envelope envelope(const crypto::Ed25519KeyPair &from, const QString &type, const QJsonObject &body)
    {
        return protocol::signEnvelope(type, body, protocol::Signer::of(from), f.clock.msecsSinceEpoch()).value();
    }

    // Solver and verifier registered; the solver commits a leased task. Returns the audit game.
    GameRow committed()
    {
        f.addProviders({&solver, &verifier});
        f.addTask();
        auto granted = store->leaseFor(*store->provider(id(solver)).value(), 2, 10'000).value();
        const QJsonObject body{{QStringLiteral("lease"), granted->lease.wireId()},
                               {QStringLiteral("run_root"), QString(64, QLatin1Char('a'))},
                               {QStringLiteral("final_hash"), QString(64, QLatin1Char('b'))},
                               {QStringLiteral("steps"), 20},
                               {QStringLiteral("checkpoint_every"), 5},
                               {QStringLiteral("losses"), QJsonArray{}}};
        [&] { QVERIFY(desk->onCommit(envelope(solver, msg::kCommit, body)).ok()); }();
        return store->games().game(1).value().value();
    }

private Q_SLOTS:
    void init()
    {
        f.open();
        store = f.store.get();
        ctx = f.ctx.get();
        disputesAskedFor.clear();
        disputeError.reset();
        desk = std::make_unique<AuditDesk>(*ctx, *f.settlement, [this](const GameRow &audit, const TaskRow &) -> Result<GameRow> {
            disputesAskedFor << audit;
            if (disputeError)
                return *disputeError;
            GameRow d = audit;
            d.id = 99;
            d.kind = QStringLiteral("dispute");
            return d;
        });
    }
    void cleanup()
    {
        desk.reset();
        f.close();
    }

    void auditWaitsUntilAVerifierIsOnline()
    {
        ctx->online = {id(solver)};
        const GameRow audit = committed();
        QCOMPARE(audit.state, QStringLiteral("waiting"));
        QVERIFY(ctx->pushes.isEmpty());
        desk->assignWaiting(f.clock.msecsSinceEpoch());
        QVERIFY(ctx->pushes.isEmpty()); // still only the solver: it never audits itself
        ctx->online.insert(id(verifier));
        desk->assignWaiting(f.clock.msecsSinceEpoch());
        QCOMPARE(ctx->pushes.size(), 1);
        QCOMPARE(ctx->pushes[0].node, id(verifier));
        QCOMPARE(ctx->pushes[0].type, msg::kAuditAssign);
        QCOMPARE(store->games().game(audit.id).value()->state, QStringLiteral("open"));
    }

    void silentAuditGoesToANewOne()
    {
        ctx->online = {id(solver), id(verifier)};
        GameRow audit = committed();
        QCOMPARE(audit.verifier, id(verifier));
        ctx->pushes.clear();
        desk->onSilent(audit, f.clock.msecsSinceEpoch());
        QCOMPARE(store->games().game(audit.id).value()->state, QStringLiteral("abandoned"));
        const GameRow next = store->games().game(audit.id + 1).value().value();
        QCOMPARE(next.kind, QStringLiteral("audit"));
        QCOMPARE(next.parent.value_or(-1), audit.id);
        QVERIFY(next.seed != audit.seed); // drawn again
        QCOMPARE(ctx->pushes.size(), 1);
        QCOMPARE(ctx->pushes[0].body.value(QLatin1String("game")).toString(), next.wireId());
    }

    void failedAuditOpensADisputeAndPaysNothing()
    {
        ctx->online = {id(solver), id(verifier)};
        const GameRow audit = committed();
        ctx->pushes.clear();
        const QJsonObject result{{QStringLiteral("game"), audit.wireId()}, {QStringLiteral("ok"), false},
                                 {QStringLiteral("failure"), QStringLiteral("step 3 differs")}};
        // Only the verifier reports.
        QCOMPARE(desk->onAuditResult(envelope(solver, msg::kAuditResult, result)).error().code, QStringLiteral("devnet.not_your_role"));
        auto reply = desk->onAuditResult(envelope(verifier, msg::kAuditResult, result));
        QVERIFY(reply);
        QCOMPARE(reply->value(QLatin1String("state")).toString(), QStringLiteral("failed"));
        QCOMPARE(disputesAskedFor.size(), 1);
        QCOMPARE(disputesAskedFor[0].id, audit.id);
        QCOMPARE(disputesAskedFor[0].outcome.value(QLatin1String("failure")).toString(), QStringLiteral("step 3 differs"));
        QVERIFY(ctx->pushes.isEmpty()); // no receipt, no settled: the dispute decides
        QCOMPARE(store->task(audit.taskId).value()->state, QStringLiteral("committed"));
        // A re-send from the verifier's outbox changes nothing.
        QVERIFY(desk->onAuditResult(envelope(verifier, msg::kAuditResult, result)).ok());
        QCOMPARE(disputesAskedFor.size(), 1);
    }

    void disputeThatCannotOpenIsTheVerifiersError()
    {
        ctx->online = {id(solver), id(verifier)};
        const GameRow audit = committed();
        disputeError = makeError("devnet.test", QStringLiteral("no room for a dispute"));
        const QJsonObject result{{QStringLiteral("game"), audit.wireId()}, {QStringLiteral("ok"), false}};
        auto reply = desk->onAuditResult(envelope(verifier, msg::kAuditResult, result));
        QVERIFY(!reply);
        QCOMPARE(reply.error().code, QStringLiteral("devnet.test"));
    }

    void passedAuditIsPaidAndSettled()
    {
        ctx->online = {id(solver), id(verifier)};
        const GameRow audit = committed();
        ctx->pushes.clear();
        const QJsonObject result{{QStringLiteral("game"), audit.wireId()}, {QStringLiteral("ok"), true}};
        QVERIFY(desk->onAuditResult(envelope(verifier, msg::kAuditResult, result)).ok());
        QVERIFY(disputesAskedFor.isEmpty());
        QCOMPARE(store->task(audit.taskId).value()->state, QStringLiteral("verified"));
        QCOMPARE(store->receipts().balanceOf(id(solver)).value(), 10'000);
        QStringList types;
        for (const CoordinatorPush &p : ctx->pushes)
            types << p.type;
        QCOMPARE(types, (QStringList{msg::kReceipt, msg::kReceipt, msg::kSettled, msg::kSettled}));
    }
};

QTEST_GUILESS_MAIN(TestAuditDesk)
#include "TestAuditDesk.moc"
