// The coordinator's rules with a ManualClock and a real SQLite file: registration with a signed
// capability record, submission priced from the cost estimate, leasing by capability,
// heartbeats, release, expiry back to the pool, and state that survives a reopen.
#include "DevnetTestUtil.h"
#include "devnet/Coordinator.h"
#include "devnet/Pricing.h"
#include "protocol/Messages.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;
using namespace idleforge::devnettest;
namespace msg = idleforge::protocol::msg;

class TestCoordinator : public QObject {
    Q_OBJECT
    ManualClock clock;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair alice = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair bob = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair submitter = crypto::Ed25519KeyPair::generate();
    QTemporaryDir dir;
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;

    Coordinator::Reply call(const crypto::Ed25519KeyPair &from, const QString &type, const QJsonObject &body)
    {
        auto e = protocol::signEnvelope(type, body, protocol::Signer::of(from), clock.msecsSinceEpoch());
        if (!e)
            return Coordinator::Reply{QStringLiteral("(unsignable: %1)").arg(e.error().toString()), {}};
        const auto reply = coord->handle(*e);
        [&] { QCOMPARE(reply.body.value(QLatin1String("re")).toString(), e->nonce); }();
        return reply;
    }

    void reopen()
    {
        coord.reset();
        store.reset();
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(),
                                              Coordinator::Options{.leaseMs = 10'000, .heartbeatMs = 2'000}, clock);
    }

    QString submit(qint64 reward, qint64 steps = 20)
    {
        const auto r = call(submitter, msg::kSubmit, QJsonObject{{QStringLiteral("spec"), specText(smallSpec(steps))}, {QStringLiteral("reward"), reward}});
        if (r.type != msg::kSubmitted)
            qWarning() << r.body;
        return r.body.value(QLatin1String("task")).toString();
    }

private Q_SLOTS:
    void init() { reopen(); }
    void cleanup()
    {
        coord.reset();
        store.reset();
        QFile::remove(dir.filePath(QStringLiteral("devnet.sqlite")));
        QFile::remove(dir.filePath(QStringLiteral("devnet.sqlite-wal")));
        QFile::remove(dir.filePath(QStringLiteral("devnet.sqlite-shm")));
    }

    void registerChecksCapability()
    {
        auto r = call(alice, msg::kRegister, registerBody(alice));
        QCOMPARE(r.type, msg::kRegistered);
        QCOMPARE(r.body.value(QLatin1String("reputation")).toInteger(), 0);
        // Bob cannot register with Alice's record.
        QJsonObject stolen = registerBody(alice);
        r = call(bob, msg::kRegister, stolen);
        QCOMPARE(r.type, msg::kError);
        QCOMPARE(r.body.value(QLatin1String("code")).toString(), QStringLiteral("devnet.bad_request"));
        // An edited record fails its signature.
        QJsonObject edited = registerBody(bob);
        QJsonObject cap = edited.value(QLatin1String("capability")).toObject();
        cap.insert(QStringLiteral("memory_bytes"), qint64(1) << 40);
        edited.insert(QStringLiteral("capability"), cap);
        r = call(bob, msg::kRegister, edited);
        QCOMPARE(r.body.value(QLatin1String("code")).toString(), QStringLiteral("protocol.bad_capability"));
    }

    void submitIsPricedFromCost()
    {
        auto spec = task::parseTaskSpec(smallSpec());
        QVERIFY(spec.ok());
        const qint64 minimum = minimumReward(spec->cost);
        QVERIFY(minimum >= kPriceFloorMicro);
        auto low = call(submitter, msg::kSubmit, QJsonObject{{QStringLiteral("spec"), specText(smallSpec())}, {QStringLiteral("reward"), minimum - 1}});
        QCOMPARE(low.type, msg::kError);
        QCOMPARE(low.body.value(QLatin1String("code")).toString(), QStringLiteral("devnet.reward_too_low"));
        auto ok = call(submitter, msg::kSubmit, QJsonObject{{QStringLiteral("spec"), specText(smallSpec())}, {QStringLiteral("reward"), minimum}});
        QCOMPARE(ok.type, msg::kSubmitted);
        QCOMPARE(ok.body.value(QLatin1String("task")).toString(), QStringLiteral("t1"));
        QCOMPARE(ok.body.value(QLatin1String("minimum_reward")).toInteger(), minimum);
        // An invalid spec is refused with the validator's field paths.
        QJsonObject bad = smallSpec();
        bad.insert(QStringLiteral("typo"), 1);
        auto refused = call(submitter, msg::kSubmit, QJsonObject{{QStringLiteral("spec"), specText(bad)}, {QStringLiteral("reward"), 1000}});
        QCOMPARE(refused.body.value(QLatin1String("code")).toString(), QStringLiteral("task.invalid_spec"));
    }

    void leaseNeedsRegistrationAndFit()
    {
        QCOMPARE(call(alice, msg::kLeaseRequest, {}).body.value(QLatin1String("code")).toString(),
                 QStringLiteral("devnet.not_registered"));
        submit(100'000);
        // Alice offers only the fast backend, Bob too little memory: neither fits a repro task.
        call(alice, msg::kRegister, registerBody(alice, qint64(4) << 30, {QStringLiteral("fast")}));
        call(bob, msg::kRegister, registerBody(bob, 1024));
        QCOMPARE(call(alice, msg::kLeaseRequest, {}).type, msg::kNoTask);
        QCOMPARE(call(bob, msg::kLeaseRequest, {}).type, msg::kNoTask);
        call(bob, msg::kRegister, registerBody(bob));
        auto lease = call(bob, msg::kLeaseRequest, {});
        QCOMPARE(lease.type, msg::kLease);
        QCOMPARE(lease.body.value(QLatin1String("task")).toString(), QStringLiteral("t1"));
        QCOMPARE(lease.body.value(QLatin1String("lease")).toString(), QStringLiteral("l1"));
        QCOMPARE(lease.body.value(QLatin1String("expires_ts")).toInteger(), clock.msecsSinceEpoch() + 10'000);
        QCOMPARE(QJsonDocument::fromJson(lease.body.value(QLatin1String("spec")).toString().toUtf8()).object(), smallSpec());
        // A new provider's audit would draw 44 samples (99 % against 10 % faked steps): its hint
        // for sizing extra checkpoints.
        QCOMPARE(lease.body.value(QLatin1String("audit_samples")).toInteger(), 44);
        // Asking again hands back the same lease, not a second task.
        submit(100'000);
        auto again = call(bob, msg::kLeaseRequest, {});
        QCOMPARE(again.body.value(QLatin1String("lease")).toString(), QStringLiteral("l1"));
    }

    // A provider with 20 clean audits behind it is sampled at a quarter: its lease says 11.
    void leaseSaysWhatAnAuditWouldDraw()
    {
        submit(100'000);
        call(alice, msg::kRegister, registerBody(alice));
        QVERIFY(store->addReputation(keyToBase58(alice), 20).ok());
        const auto lease = call(alice, msg::kLeaseRequest, {});
        QCOMPARE(lease.type, msg::kLease);
        QCOMPARE(lease.body.value(QLatin1String("audit_samples")).toInteger(), 11);
    }

    void bestRewardFirst()
    {
        submit(1'000);
        submit(50'000);
        call(alice, msg::kRegister, registerBody(alice));
        QCOMPARE(call(alice, msg::kLeaseRequest, {}).body.value(QLatin1String("task")).toString(), QStringLiteral("t2"));
    }

    void heartbeatExtendsAndExpiryReturnsTask()
    {
        submit(100'000);
        call(alice, msg::kRegister, registerBody(alice));
        call(bob, msg::kRegister, registerBody(bob));
        QCOMPARE(call(alice, msg::kLeaseRequest, {}).type, msg::kLease);
        QCOMPARE(call(bob, msg::kLeaseRequest, {}).type, msg::kNoTask);

        clock.advance(8'000);
        const QJsonObject hb{{QStringLiteral("lease"), QStringLiteral("l1")}, {QStringLiteral("step"), 5},
                             {QStringLiteral("checkpoint"), QJsonObject{{QStringLiteral("step"), 5}, {QStringLiteral("hash"), QString(64, QLatin1Char('a'))}}}};
        auto ack = call(alice, msg::kHeartbeat, hb);
        QCOMPARE(ack.type, msg::kHeartbeatAck);
        QCOMPARE(ack.body.value(QLatin1String("expires_ts")).toInteger(), clock.msecsSinceEpoch() + 10'000);
        // Someone else's lease is not Bob's to keep alive.
        QCOMPARE(call(bob, msg::kHeartbeat, hb).body.value(QLatin1String("code")).toString(), QStringLiteral("devnet.no_lease"));

        clock.advance(9'999);
        QCOMPARE(coord->sweep()->size(), 0);
        clock.advance(1);
        // Expired by time even before the sweep ran.
        QCOMPARE(call(alice, msg::kHeartbeat, hb).body.value(QLatin1String("code")).toString(), QStringLiteral("devnet.lease_gone"));
        auto expired = coord->sweep();
        QVERIFY(expired.ok());
        QCOMPARE(expired->size(), 1);
        QCOMPARE(store->provider(keyToBase58(alice))->value().reputation, -1);

        // Back in the pool: Bob gets it, told where to resume.
        auto lease = call(bob, msg::kLeaseRequest, {});
        QCOMPARE(lease.type, msg::kLease);
        QCOMPARE(lease.body.value(QLatin1String("task")).toString(), QStringLiteral("t1"));
        QCOMPARE(lease.body.value(QLatin1String("attempt")).toInteger(), 2);
        QCOMPARE(lease.body.value(QLatin1String("resume")).toObject().value(QLatin1String("step")).toInteger(), 5);
    }

    void releaseReturnsTask()
    {
        submit(100'000);
        call(alice, msg::kRegister, registerBody(alice));
        call(alice, msg::kLeaseRequest, {});
        QCOMPARE(call(alice, msg::kLeaseRelease, QJsonObject{{QStringLiteral("lease"), QStringLiteral("l1")}}).type, msg::kAck);
        QCOMPARE(store->task(1)->value().state, QStringLiteral("pooled"));
        QCOMPARE(call(alice, msg::kLeaseRelease, QJsonObject{{QStringLiteral("lease"), QStringLiteral("l1")}}).body.value(QLatin1String("code")).toString(),
                 QStringLiteral("devnet.lease_gone"));
    }

    void stateSurvivesReopen()
    {
        submit(100'000);
        call(alice, msg::kRegister, registerBody(alice));
        call(alice, msg::kLeaseRequest, {});
        reopen();
        auto status = call(alice, msg::kStatus, {});
        QCOMPARE(status.type, msg::kStatusReply);
        QCOMPARE(status.body.value(QLatin1String("providers")).toInteger(), 1);
        QCOMPARE(status.body.value(QLatin1String("leases_active")).toInteger(), 1);
        QCOMPARE(status.body.value(QLatin1String("tasks")).toObject().value(QLatin1String("leased")).toInteger(), 1);
        QCOMPARE(call(alice, msg::kLeaseRequest, {}).body.value(QLatin1String("lease")).toString(), QStringLiteral("l1"));
    }

    void unknownTypeAndBadBodies()
    {
        QCOMPARE(call(alice, QStringLiteral("teleport"), {}).body.value(QLatin1String("code")).toString(), QStringLiteral("protocol.unknown_type"));
        call(alice, msg::kRegister, registerBody(alice));
        QCOMPARE(call(alice, msg::kHeartbeat, QJsonObject{{QStringLiteral("lease"), QStringLiteral("l01")}, {QStringLiteral("step"), 1}})
                     .body.value(QLatin1String("code")).toString(),
                 QStringLiteral("devnet.bad_request"));
        QCOMPARE(call(submitter, msg::kSubmit, QJsonObject{{QStringLiteral("reward"), -1}}).body.value(QLatin1String("code")).toString(),
                 QStringLiteral("devnet.bad_request"));
    }

private:
    static QString keyToBase58(const crypto::Ed25519KeyPair &k) { return protocol::keyToBase58(k.publicKey()); }
};

QTEST_GUILESS_MAIN(TestCoordinator)
#include "TestCoordinator.moc"
