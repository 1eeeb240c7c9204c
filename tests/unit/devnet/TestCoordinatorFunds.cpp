// Submitters' money (issue 13.5) with a ManualClock and a real SQLite file: a submit escrows
// its reward from the submitter's funds, a reward out of range or beyond the funds is refused
// and loses nothing, grants apply once, and a task nobody leases expires with a refund.
#include "DevnetTestUtil.h"
#include "devnet/Coordinator.h"
#include "protocol/Messages.h"

#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;
using namespace idleforge::devnettest;
namespace msg = idleforge::protocol::msg;

class TestCoordinatorFunds : public QObject {
    Q_OBJECT
    ManualClock clock;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair alice = crypto::Ed25519KeyPair::generate();
    crypto::Ed25519KeyPair submitter = crypto::Ed25519KeyPair::generate();
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<DevnetStore> store;
    std::unique_ptr<Coordinator> coord;

    Coordinator::Reply call(const crypto::Ed25519KeyPair &from, const QString &type, const QJsonObject &body)
    {
        auto e = protocol::signEnvelope(type, body, protocol::Signer::of(from), clock.msecsSinceEpoch());
        if (!e)
            return Coordinator::Reply{QStringLiteral("(unsignable)"), {}};
        return coord->handle(*e);
    }
    Coordinator::Reply submit(qint64 reward, qint64 steps = 20)
    {
        return call(submitter, msg::kSubmit, QJsonObject{{QStringLiteral("spec"), specText(smallSpec(steps))}, {QStringLiteral("reward"), reward}});
    }
    static QString code(const Coordinator::Reply &r) { return r.body.value(QLatin1String("code")).toString(); }
    QString submitterId() const { return protocol::keyToBase58(submitter.publicKey()); }
    qint64 tasksInState(const QString &state) const
    {
        return store->summary()->tasks[state];
    }

private Q_SLOTS:
    void init()
    {
        dir = std::make_unique<QTemporaryDir>();
        submitter = crypto::Ed25519KeyPair::generate();
        store = DevnetStore::open(dir->filePath(QStringLiteral("devnet.sqlite"))).value();
        Coordinator::Options o{.leaseMs = 10'000, .heartbeatMs = 2'000};
        o.submitterGrant = 1'000'000;
        o.taskExpiryMs = 60'000;
        coord = std::make_unique<Coordinator>(*store, coordKey.publicKey(), o, clock);
    }
    void cleanup()
    {
        coord.reset();
        store.reset();
        dir.reset();
    }

    void hugeRewardFromFreshKeyIsRefused()
    {
        // The submit: 2^53-1 from a key nobody funded.
        auto r = submit(9'007'199'254'740'991);
        QCOMPARE(r.type, msg::kError);
        QCOMPARE(code(r), QStringLiteral("devnet.reward_out_of_range"));
        // Within the range but beyond the grant: refused, nothing pooled, the grant intact.
        r = submit(1'000'001);
        QCOMPARE(code(r), QStringLiteral("devnet.insufficient_funds"));
        QVERIFY(!store->task(1)->has_value());
        QCOMPARE(*store->fundsOf(submitterId()), qint64(1'000'000));
    }

    void submitDebitsTheSubmitter()
    {
        auto r = submit(600'000);
        QCOMPARE(r.type, msg::kSubmitted);
        QCOMPARE(r.body.value(QLatin1String("funds")).toInteger(), 400'000);
        QCOMPARE(code(submit(600'000)), QStringLiteral("devnet.insufficient_funds"));
        QCOMPARE(tasksInState(QStringLiteral("pooled")), 1);
        // A faucet grant is applied once per note, so a restart with the same --fund does not pay twice.
        QVERIFY(coord->fund(submitterId(), 500'000, QStringLiteral("fund-500000")).ok());
        QVERIFY(coord->fund(submitterId(), 500'000, QStringLiteral("fund-500000")).ok());
        QCOMPARE(*store->fundsOf(submitterId()), qint64(900'000));
        r = submit(600'000);
        QCOMPARE(r.type, msg::kSubmitted);
        QCOMPARE(r.body.value(QLatin1String("funds")).toInteger(), 300'000);
        // The escrow survives a reopen (it is rows, not a counter).
        coord.reset();
        store = DevnetStore::open(dir->filePath(QStringLiteral("devnet.sqlite"))).value();
        QCOMPARE(*store->fundsOf(submitterId()), qint64(300'000));
    }

    void unleasedTaskExpiresWithRefund()
    {
        QCOMPARE(submit(300'000).type, msg::kSubmitted);
        clock.advance(30'000);
        QCOMPARE(submit(200'000).type, msg::kSubmitted);
        QCOMPARE(*store->fundsOf(submitterId()), qint64(500'000));
        QCOMPARE(call(alice, msg::kRegister, registerBody(alice)).type, msg::kRegistered);
        // Alice takes the better-paying t1; t2 stays pooled.
        auto lease = call(alice, msg::kLeaseRequest, {});
        QCOMPARE(lease.body.value(QLatin1String("task")).toString(), QStringLiteral("t1"));
        const QJsonValue leaseId = lease.body.value(QLatin1String("lease"));
        // Alice heartbeats every 9 s (leases live 10 s), sweeping as the server does.
        const auto keepAlive = [&](qint64 ms) {
            for (qint64 t = 0; t < ms; t += 9'000) {
                clock.advance(std::min<qint64>(9'000, ms - t));
                const auto hb = call(alice, msg::kHeartbeat, QJsonObject{{QStringLiteral("lease"), leaseId}, {QStringLiteral("step"), 1}});
                QCOMPARE(hb.type, msg::kHeartbeatAck);
                QVERIFY(coord->sweep().ok());
            }
        };
        keepAlive(30'000); // t1 is 60 s old but leased; t2 is 30 s old
        QCOMPARE(tasksInState(QStringLiteral("cancelled")), 0);
        QCOMPARE(*store->fundsOf(submitterId()), qint64(500'000));
        keepAlive(30'000); // t2 is 60 s old and was never leased
        QCOMPARE((*store->task(2))->state, QStringLiteral("cancelled"));
        QCOMPARE((*store->task(1))->state, QStringLiteral("leased"));
        QCOMPARE(*store->fundsOf(submitterId()), qint64(700'000));
        // A second sweep refunds nothing more.
        QVERIFY(coord->sweep().ok());
        QCOMPARE(*store->fundsOf(submitterId()), qint64(700'000));
    }
};

QTEST_GUILESS_MAIN(TestCoordinatorFunds)
#include "TestCoordinatorFunds.moc"
