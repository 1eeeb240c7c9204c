// A child writing receipts is killed with SIGKILL mid-stream; the database must then open
// cleanly (integrity ok), hold every receipt the child reported committed, and hold only whole
// receipts: each row complete, its signature valid, and its activity row committed with it.
#include "ledger/Ledger.h"
#include "protocol/Receipt.h"

#include "LedgerTestUtil.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace idleforge;
using namespace idleforge::ledger;

class TestLedgerKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killDuringWrites_data()
    {
        QTest::addColumn<int>("killAfter");
        QTest::newRow("early") << 5;
        QTest::newRow("later") << 150;
    }
    void killDuringWrites()
    {
        QFETCH(int, killAfter);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ledger.sqlite"));
        QProcess child;
        child.start(QStringLiteral(IDLEFORGE_BINARY_DIR "/tests/ledger_kill_child"), {path});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

        qint64 reported = 0;
        QByteArray pendingOut;
        while (reported < killAfter) {
            QVERIFY2(child.waitForReadyRead(30000), "child stopped writing");
            pendingOut += child.readAllStandardOutput();
            while (pendingOut.contains('\n')) {
                const qsizetype nl = pendingOut.indexOf('\n');
                reported = pendingOut.left(nl).toLongLong();
                pendingOut.remove(0, nl + 1);
            }
        }
        ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        const auto key = ledgertest::coordinator();
        {
            auto db = db::Database::open(path);
            QVERIFY(db.ok());
            auto check = db->prepare("PRAGMA integrity_check");
            QVERIFY(*check->step());
            QCOMPARE(check->text(0), QStringLiteral("ok"));

            const qint64 receipts = *db->queryInt("SELECT count(*) FROM receipts");
            QVERIFY2(receipts >= reported, qPrintable(QStringLiteral("%1 stored < %2 reported").arg(receipts).arg(reported)));
            // Committed one by one: ids k-1..k-N with no gap.
            QCOMPARE(*db->queryInt("SELECT max(CAST(substr(id, 3) AS INTEGER)) FROM receipts"), receipts);
            // Each receipt's activity row committed in the same transaction.
            QCOMPARE(*db->queryInt("SELECT count(*) FROM activity WHERE category = 'receipt'"), receipts);

            auto rows = db->prepare("SELECT id, canonical, signature, amount, kind, status FROM receipts");
            qint64 checked = 0;
            while (*rows->step()) {
                const QByteArray canonical = rows->text(1).toUtf8();
                const QByteArray sig = rows->blob(2);
                QCOMPARE(sig.size(), 64);
                crypto::Signature s{};
                std::copy(sig.begin(), sig.end(), reinterpret_cast<char *>(s.data()));
                QVERIFY(crypto::ed25519Verify(key.publicKey(),
                                              std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(canonical.constData()),
                                                                            std::size_t(canonical.size())),
                                              s));
                QCOMPARE(rows->text(0), QStringLiteral("k-%1").arg(rows->int64(3)));
                QCOMPARE(rows->text(5), QStringLiteral("verified"));
                ++checked;
            }
            QCOMPARE(checked, receipts);
        }
        // And the ledger itself opens and keeps accepting receipts.
        auto ledger = Ledger::open(path, key.publicKey());
        QVERIFY2(ledger.ok(), qPrintable(ledger.ok() ? QString() : ledger.error().toString()));
        QVERIFY((*ledger)->addReceipt(ledgertest::signedReceipt(key, ledgertest::receiptFields(QStringLiteral("after"), QStringLiteral("reward"), 1, 1)))
                    .ok());
    }
};

QTEST_GUILESS_MAIN(TestLedgerKill)
#include "TestLedgerKill.moc"
