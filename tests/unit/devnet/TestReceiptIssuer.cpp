// Receipts issued by the devnet are accepted by a node's real ledger (signature checked
// against the pinned coordinator key), counted once however often they are re-issued, and
// refused by a ledger pinned to another key.
#include "devnet/ReceiptIssuer.h"
#include "ledger/Ledger.h"
#include "protocol/Envelope.h"

#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;

class TestReceiptIssuer : public QObject {
    Q_OBJECT
    const crypto::Ed25519KeyPair coord = crypto::Ed25519KeyPair::generate();
    const crypto::Ed25519KeyPair node = crypto::Ed25519KeyPair::generate();

    ReceiptFields reward(qint64 amount = 2500)
    {
        return ReceiptFields{QStringLiteral("reward"), amount, QStringLiteral("settled"), QStringLiteral("t7"),
                             protocol::keyToBase58(node.publicKey()), QStringLiteral("payee-address"), 1700000000000};
    }

private Q_SLOTS:
    void ledgerAcceptsAndCountsOnce()
    {
        QTemporaryDir dir;
        auto ledger = ledger::Ledger::open(dir.filePath(QStringLiteral("ledger.sqlite")), coord.publicKey());
        QVERIFY(ledger.ok());
        auto r = issueReceipt(reward(), coord);
        QVERIFY(r.ok());
        QVERIFY(r->verify(coord.publicKey()));
        QVERIFY((*ledger)->addReceipt(r->toJson()).ok());
        // Re-issued (e.g. after a coordinator restart): same id, no double payment.
        auto again = issueReceipt(reward(), coord);
        QCOMPARE(again->id, r->id);
        QVERIFY((*ledger)->addReceipt(again->toJson()).ok());
        QCOMPARE(*(*ledger)->balance(), 2500);
    }

    void otherKeyRefused()
    {
        QTemporaryDir dir;
        const auto other = crypto::Ed25519KeyPair::generate();
        auto ledger = ledger::Ledger::open(dir.filePath(QStringLiteral("ledger.sqlite")), other.publicKey());
        QVERIFY(!(*ledger)->addReceipt(issueReceipt(reward(), coord)->toJson()).ok());
        QCOMPARE(*(*ledger)->balance(), 0);
    }

    void idsDifferPerKindNodeTask()
    {
        ReceiptFields a = reward(), b = reward();
        b.kind = QStringLiteral("fee");
        QVERIFY(receiptId(a) != receiptId(b));
        QVERIFY(!issueReceipt(ReceiptFields{QStringLiteral("gift"), 1}, coord).ok());
    }
};

QTEST_GUILESS_MAIN(TestReceiptIssuer)
#include "TestReceiptIssuer.moc"
