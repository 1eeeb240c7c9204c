// RewardNotifier: the network's news for this node as tray messages, from the bodies and signed
// receipts ProviderNode's signals carry: paid (a verified reward only), an audit of our run
// failed (dispute_open as a), a dispute won or lost (by our role), stake slashed; each kind at
// most once per interval, what comes meanwhile gathered into one message.
#include "DevnetTestUtil.h"
#include "LedgerTestUtil.h"
#include "RewardNotifier.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"

#include <QSignalSpy>
#include <QTest>

using namespace idleforge;

namespace {
QJsonObject receipt(const QString &id, const QString &kind, qint64 amount, const QString &state = QStringLiteral("settled"))
{
    return ledgertest::signedReceipt(ledgertest::coordinator(),
                                     ledgertest::receiptFields(id, kind, amount, 1'700'000'000'000, QStringLiteral("t7"), state));
}

QJsonObject disputeOpen(const QString &dispute, const QString &role)
{
    protocol::DisputeOpenBody b;
    b.dispute = dispute;
    b.task = QStringLiteral("t7");
    b.specText = devnettest::specText(devnettest::smallSpec(10));
    b.specHash = QString(64, QLatin1Char('a'));
    b.role = role;
    b.audit = QStringLiteral("g1");
    b.blobs = QStringLiteral("http://127.0.0.1:1/blobs");
    return b.toJson();
}

QJsonObject decided(const QString &dispute, const QString &winner)
{
    protocol::DisputeVerdict v;
    v.winner = winner;
    v.reason = QStringLiteral("replayed");
    v.ruling = protocol::DisputeVerdict::Ruling{5, 3, QStringLiteral("matmul"), QStringLiteral("fc"), 1, 1, 1};
    return protocol::SettledBody{QStringLiteral("t7"), dispute, QStringLiteral("decided"), v.toJson(), {}}.toJson();
}
} // namespace

class TestRewardNotifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paidOnlyWhenVerifiedAndGathered()
    {
        ui::RewardNotifier n;
        n.setIntervalMs(300);
        QSignalSpy spy(&n, &ui::RewardNotifier::notify);
        n.receiptStored(receipt(QStringLiteral("r0"), QStringLiteral("reward"), 500'000, QStringLiteral("pending")));
        QCOMPARE(spy.count(), 0);
        n.receiptStored(receipt(QStringLiteral("r1"), QStringLiteral("reward"), 1'500'000));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("Task verified and paid"));
        QVERIFY2(spy.at(0).at(1).toString().contains(QLatin1String("t7 earned 1.50 credits")), qPrintable(spy.at(0).at(1).toString()));
        // Two more within the interval: one message once it is over, with their sum.
        n.receiptStored(receipt(QStringLiteral("r2"), QStringLiteral("reward"), 250'000));
        n.receiptStored(receipt(QStringLiteral("r3"), QStringLiteral("reward"), 250'000));
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.wait(2000));
        QCOMPARE(spy.count(), 2);
        // "%n task(s)": the plural form comes from the English translation once it is built.
        const QString gathered = spy.at(1).at(1).toString();
        QVERIFY2(gathered.startsWith(QLatin1String("2 task")) && gathered.contains(QLatin1String("verified and paid: 0.50 credits")), qPrintable(gathered));
        QTest::qWait(500);
        QCOMPARE(spy.count(), 2); // nothing left to say
    }

    void disputesAndSlashes()
    {
        ui::RewardNotifier n;
        QSignalSpy spy(&n, &ui::RewardNotifier::notify);
        n.gameJoined(protocol::msg::kDisputeOpen, disputeOpen(QStringLiteral("g2"), QStringLiteral("a")));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("An audit of your work failed"));
        n.settled(decided(QStringLiteral("g2"), QStringLiteral("b")));
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("Dispute lost"));
        // As the auditor (b): no "audit failed" for us, and b's win is ours.
        n.gameJoined(protocol::msg::kDisputeOpen, disputeOpen(QStringLiteral("g3"), QStringLiteral("b")));
        QCOMPARE(spy.count(), 2);
        n.settled(decided(QStringLiteral("g3"), QStringLiteral("b")));
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).toString(), QStringLiteral("Dispute won"));
        // A settlement of a dispute this node did not join says nothing.
        n.settled(decided(QStringLiteral("g4"), QStringLiteral("a")));
        QCOMPARE(spy.count(), 3);
        n.receiptStored(receipt(QStringLiteral("s1"), QStringLiteral("slash"), 2'000'000));
        QCOMPARE(spy.count(), 4);
        QCOMPARE(spy.at(3).at(0).toString(), QStringLiteral("Stake slashed"));
        QVERIFY(spy.at(3).at(1).toString().contains(QLatin1String("2.00")));
    }
};

QTEST_GUILESS_MAIN(TestRewardNotifier)
#include "TestRewardNotifier.moc"
