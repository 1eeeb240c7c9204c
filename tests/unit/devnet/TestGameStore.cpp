// GameStore on a real SQLite file: a game row comes back as written (empty verifier and no
// parent as NULL), "load a game of a kind or fail", the relay log's exactly-once key and its
// order, and a commitment written with its lease and task in one transaction (a re-send is
// idempotent, another root is refused, a foreign lease is refused and writes nothing).
#include "DevnetTestUtil.h"
#include "devnet/DevnetStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;
using namespace idleforge::devnettest;

class TestGameStore : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<DevnetStore> store;
    const crypto::Ed25519KeyPair node = crypto::Ed25519KeyPair::generate();
    TaskRow task;

    static QString id(const crypto::Ed25519KeyPair &k) { return protocol::keyToBase58(k.publicKey()); }
    GameRow newGame(const char *kind, const char *state) const
    {
        GameRow g;
        g.kind = QLatin1String(kind);
        g.taskId = task.id;
        g.solver = QStringLiteral("s");
        g.state = QLatin1String(state);
        return g;
    }

private Q_SLOTS:
    void init()
    {
        store = DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        QVERIFY(store->upsertProvider(*protocol::CapabilityRecord::fromJson(capability(node)), 1).ok());
        NewTask t;
        t.spec = smallSpec();
        t.backend = QStringLiteral("repro");
        t.reward = 100;
        task = store->addTask(t, 1).value();
    }
    void cleanup()
    {
        store.reset();
        for (const char *f : {"devnet.sqlite", "devnet.sqlite-wal", "devnet.sqlite-shm"})
            QFile::remove(dir.filePath(QLatin1String(f)));
    }

    void gameRowsRoundTrip()
    {
        GameRow g = newGame("audit", "waiting");
        g.seed = QString(64, QLatin1Char('5'));
        g.samples = 7;
        const GameRow added = store->games().addGame(g, 10).value();
        GameRow back = store->games().game(added.id).value().value();
        QCOMPARE(back.parent.has_value(), false);
        QCOMPARE(back.verifier, QString());
        QCOMPARE(back.seed, g.seed);
        QCOMPARE(back.createdMs, 10);
        back.verifier = QStringLiteral("v");
        back.state = QStringLiteral("open");
        back.outcome = QJsonObject{{QStringLiteral("ok"), true}};
        back.messages = 3;
        QVERIFY(store->games().updateGame(back, 20).ok());
        GameRow d = g;
        d.kind = QStringLiteral("dispute");
        d.parent = added.id;
        const GameRow dispute = store->games().addGame(d, 30).value();
        const GameRow again = store->games().gameOfKind(added.id, "audit").value();
        QCOMPARE(again.verifier, QStringLiteral("v"));
        QCOMPARE(again.outcome.value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(again.messages, 3);
        QCOMPARE(again.updatedMs, 20);
        QCOMPARE(store->games().gameOfKind(dispute.id, nullptr).value().parent.value_or(-1), added.id);
        QCOMPARE(store->games().gameOfKind(dispute.id, "audit").error().code, QStringLiteral("devnet.no_game"));
        QCOMPARE(store->games().gameOfKind(42, nullptr).error().code, QStringLiteral("devnet.no_game"));
        QCOMPARE(store->games().gamesInState(QStringLiteral("waiting"))->size(), 1); // the dispute
        QCOMPARE(store->games().gamesInState(QStringLiteral("open"))->at(0).id, added.id);
    }

    void relayLogIsExactlyOnceAndInOrder()
    {
        const qint64 game = store->games().addGame(newGame("dispute", "open"), 1).value().id;
        const QString blob(64, QLatin1Char('c'));
        QVERIFY(*store->games().logRelay(RelayRow{game, QStringLiteral("a"), QStringLiteral("referee"), 2, {{QStringLiteral("n"), 1}}, blob}, 2));
        QVERIFY(*store->games().logRelay(RelayRow{game, QStringLiteral("referee"), QStringLiteral("b"), 1, {{QStringLiteral("n"), 2}}, {}}, 3));
        // The same (game, from, to, seq) again: a re-send, nothing written.
        QVERIFY(!*store->games().logRelay(RelayRow{game, QStringLiteral("a"), QStringLiteral("referee"), 2, {{QStringLiteral("n"), 9}}, {}}, 4));
        const auto all = store->games().relayLog(game).value();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].message.value(QLatin1String("n")).toInt(), 1);
        QCOMPARE(all[0].blob, blob);
        QCOMPARE(all[1].from, QStringLiteral("referee"));
        const auto toReferee = store->games().relayLog(game, QStringLiteral("referee")).value();
        QCOMPARE(toReferee.size(), 1);
        QCOMPARE(toReferee[0].seq, 2);
    }

    void commitmentCompletesLeaseAndTask()
    {
        auto granted = store->leaseFor(*store->provider(id(node)).value(), 5, 10'000).value();
        QVERIFY(granted);
        CommitmentRow c;
        c.runRoot = QString(64, QLatin1Char('a'));
        c.finalHash = QString(64, QLatin1Char('b'));
        c.steps = 20;
        c.checkpointEvery = 5;
        c.losses = QJsonArray{QStringLiteral("1.5")};
        QCOMPARE(store->games().commit(granted->lease.id, QStringLiteral("someone else"), c, 6).error().code, QStringLiteral("devnet.no_lease"));
        QVERIFY(!store->games().commitment(task.id)->has_value());
        auto first = store->games().commit(granted->lease.id, id(node), c, 7);
        QVERIFY(first);
        QVERIFY(!first->resent);
        QCOMPARE(store->lease(granted->lease.id).value()->state, QStringLiteral("completed"));
        QCOMPARE(store->task(task.id).value()->state, QStringLiteral("committed"));
        const CommitmentRow back = store->games().commitment(task.id).value().value();
        QCOMPARE(back.leaseId, granted->lease.id);
        QCOMPARE(back.losses, c.losses);
        QCOMPARE(back.ms, 7);
        QVERIFY(store->games().commit(granted->lease.id, id(node), c, 8)->resent);
        c.runRoot = QString(64, QLatin1Char('d'));
        QCOMPARE(store->games().commit(granted->lease.id, id(node), c, 9).error().code, QStringLiteral("devnet.recommit"));
    }
};

QTEST_GUILESS_MAIN(TestGameStore)
#include "TestGameStore.moc"
