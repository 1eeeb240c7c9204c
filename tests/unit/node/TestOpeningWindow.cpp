// OpeningWindow: a producer thread (the solver's serving) waits while what it handed over and
// was not yet released holds more than the cap; one item always goes, however large; close()
// lets a waiting producer go at once with false. Real threads.
#include "node/OpeningWindow.h"

#include <QTest>

#include <atomic>
#include <thread>

using idleforge::node::OpeningWindow;

class TestOpeningWindow : public QObject {
    Q_OBJECT

    // Waits (at most 5 s) until `flag` is set.
    static bool settles(const std::atomic<bool> &flag)
    {
        return QTest::qWaitFor([&] { return flag.load(); }, 5000);
    }

private Q_SLOTS:
    void theProducerWaitsForRoom()
    {
        OpeningWindow w(100);
        QVERIFY(w.acquire(40));
        QVERIFY(w.acquire(60)); // exactly full
        std::atomic<bool> third{false}, result{false};
        std::thread producer([&] {
            result = w.acquire(30);
            third = true;
        });
        QTest::qWait(200);
        QVERIFY(!third); // 130 > 100: waits
        w.release(40);   // 60 + 30 fits
        QVERIFY(settles(third));
        producer.join();
        QVERIFY(result);
        QCOMPARE(w.takePeak(), 100);
        QCOMPARE(w.takePeak(), 90); // the peak starts again from what is in flight
    }

    void oneAlwaysGoesHoweverLarge()
    {
        OpeningWindow w(10);
        QVERIFY(w.acquire(1000)); // nothing in flight: a state bigger than the window moves
        std::atomic<bool> second{false}, result{false};
        std::thread producer([&] {
            result = w.acquire(1000);
            second = true;
        });
        QTest::qWait(200);
        QVERIFY(!second); // but not two of them
        w.release(1000);
        QVERIFY(settles(second));
        producer.join();
        QVERIFY(result);
    }

    void closeLetsAWaitingProducerGo()
    {
        OpeningWindow w(10);
        QVERIFY(w.acquire(10));
        std::atomic<bool> done{false}, result{true};
        std::thread producer([&] {
            result = w.acquire(5);
            done = true;
        });
        QTest::qWait(100);
        QVERIFY(!done);
        w.close();
        QVERIFY(settles(done));
        producer.join();
        QVERIFY(!result);
        QVERIFY(!w.acquire(0)); // closed for good
    }
};

QTEST_GUILESS_MAIN(TestOpeningWindow)
#include "TestOpeningWindow.moc"
