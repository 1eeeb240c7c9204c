// Batcher, the view models' one update per interval:
// - a burst of requests (or of a followed signal) runs the update once, not before the interval;
//   a request after that run starts the next one;
// - following the same signal twice counts once, unfollow stops it, a destroyed sender is fine;
// - poll() runs the update every interval without any request.
#include "Batcher.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace idleforge;

class TestBatcher : public QObject {
    Q_OBJECT

Q_SIGNALS:
    void poked();

private Q_SLOTS:
    void aBurstRunsTheUpdateOnce()
    {
        int runs = 0;
        ui::Batcher b(100, [&runs] { ++runs; });
        QSignalSpy updated(&b, &ui::Batcher::updated);
        QVERIFY(!b.pending());
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 1000; ++i)
            b.request();
        QVERIFY(b.pending());
        QCOMPARE(runs, 0); // never at once
        QVERIFY(updated.wait(2000));
        QVERIFY2(t.elapsed() >= 90, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(runs, 1);
        QVERIFY(!b.pending());
        QTest::qWait(250);
        QCOMPARE(runs, 1); // nothing asked since: nothing runs
        b.request();
        QVERIFY(updated.wait(2000));
        QCOMPARE(runs, 2);
    }

    void aFollowedSignalIsARequest()
    {
        int runs = 0;
        ui::Batcher b(50, [&runs] { ++runs; });
        QSignalSpy updated(&b, &ui::Batcher::updated);
        b.follow(this, &TestBatcher::poked);
        b.follow(this, &TestBatcher::poked); // a second follow of the same signal counts once
        for (int i = 0; i < 100; ++i)
            Q_EMIT poked();
        QVERIFY(updated.wait(2000));
        QTest::qWait(150);
        QCOMPARE(runs, 1);
        b.unfollow(this);
        Q_EMIT poked();
        QVERIFY(!b.pending());
        QTest::qWait(150);
        QCOMPARE(runs, 1);
    }

    void aDestroyedSenderIsForgotten()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        int runs = 0;
        ui::Batcher b(50, [&runs] { ++runs; });
        auto sender = std::make_unique<TestBatcher>();
        b.follow(sender.get(), &TestBatcher::poked);
        Q_EMIT sender->poked();
        sender.reset();
        QTRY_COMPARE(runs, 1);
        b.unfollow(nullptr); // nothing left to disconnect: no warning, no crash
    }

    void pollRunsEveryInterval()
    {
        int runs = 0;
        ui::Batcher b(40, [&runs] { ++runs; });
        b.poll();
        QVERIFY(b.pending());
        QTRY_VERIFY_WITH_TIMEOUT(runs >= 3, 3000);
        QVERIFY(b.pending()); // still polling
    }
};

QTEST_GUILESS_MAIN(TestBatcher)
#include "TestBatcher.moc"
