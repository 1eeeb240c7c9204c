// The replay cache stays bounded without ever admitting a replay inside the window.
#include "protocol/ReplayCache.h"

#include <QTest>

using namespace idleforge::protocol;

class TestReplayCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejectsSeenNonce()
    {
        ReplayCache c;
        QVERIFY(c.admit(QStringLiteral("a"), QStringLiteral("n1"), 100, 0));
        QVERIFY(!c.admit(QStringLiteral("a"), QStringLiteral("n1"), 100, 0));
        QVERIFY(c.admit(QStringLiteral("b"), QStringLiteral("n1"), 100, 0));
    }

    void dropsEntriesOlderThanWindow()
    {
        ReplayCache c;
        QVERIFY(c.admit(QStringLiteral("a"), QStringLiteral("n1"), 100, 0));
        QVERIFY(c.admit(QStringLiteral("a"), QStringLiteral("n2"), 200, 150)); // n1 pruned
        QCOMPARE(c.nonceCount(QStringLiteral("a")), 1);
    }

    void perSenderBoundRaisesFloor()
    {
        ReplayCache c(ReplayCache::Limits{.perSender = 3, .senders = 10});
        for (int i = 1; i <= 3; ++i)
            QVERIFY(c.admit(QStringLiteral("a"), QStringLiteral("n%1").arg(i), i * 10, 0));
        // A fourth forces n1 (ts 10) out: the floor becomes 10.
        QVERIFY(c.admit(QStringLiteral("a"), QStringLiteral("n4"), 40, 0));
        QCOMPARE(c.nonceCount(QStringLiteral("a")), 3);
        // Replaying the forgotten n1 fails on the floor, not on memory.
        QVERIFY(!c.admit(QStringLiteral("a"), QStringLiteral("n1"), 10, 0));
        QVERIFY(!c.admit(QStringLiteral("a"), QStringLiteral("fresh"), 5, 0));
        QVERIFY(c.admit(QStringLiteral("a"), QStringLiteral("n5"), 50, 0));
    }

    void senderBoundRaisesGlobalFloor()
    {
        ReplayCache c(ReplayCache::Limits{.perSender = 8, .senders = 2});
        QVERIFY(c.admit(QStringLiteral("a"), QStringLiteral("n"), 10, 0));
        QVERIFY(c.admit(QStringLiteral("b"), QStringLiteral("n"), 20, 0));
        QVERIFY(c.admit(QStringLiteral("c"), QStringLiteral("n"), 30, 0)); // forgets a (LRU)
        QCOMPARE(c.senderCount(), 2);
        QVERIFY(!c.admit(QStringLiteral("a"), QStringLiteral("n"), 10, 0)); // replay of a: floor 10
        QVERIFY(c.admit(QStringLiteral("a"), QStringLiteral("m"), 31, 0));
    }
};

QTEST_GUILESS_MAIN(TestReplayCache)
#include "TestReplayCache.moc"
