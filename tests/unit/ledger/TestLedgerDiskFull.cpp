// The ledger on a disk that fills up (SQLite's write calls fail with ENOSPC, see
// tests/unit/db/SqliteDiskFull.h): a receipt that cannot be stored is a clear error to the caller
// (blocking and async alike, never swallowed), the balance and the receipts stored before stay
// as they were, the file passes integrity_check, and the same Ledger stores the receipt once
// space is back. A sweep over where the space runs out shows that a reopened ledger holds exactly
// the receipts whose addReceipt succeeded: none lost, none half-written.
#include "ledger/Ledger.h"

#include "LedgerTestUtil.h"
#include "SqliteDiskFull.h"
#include "db/Sqlite.h"

#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>

using namespace idleforge;
using namespace idleforge::ledger;

namespace {
QString integrity(const QString &path)
{
    auto db = db::Database::open(path, db::Database::Mode::ReadOnly);
    if (!db)
        return db.error().toString();
    auto st = db->prepare("PRAGMA integrity_check");
    if (!st || !*st->step())
        return QStringLiteral("no answer");
    return st->text(0);
}

bool isDiskFull(const Error &e)
{
    // SQLite's own words for a full disk, or an I/O error with the system's reason (a full disk
    // met while growing its shared-memory file).
    return e.code == QLatin1String("ledger.sqlite")
        && (e.message.contains(QLatin1String("disk is full")) || e.message.contains(QString::fromLocal8Bit(std::strerror(ENOSPC))));
}

QStringList idsOf(const Result<QList<ReceiptRow>> &rows)
{
    QStringList ids;
    if (rows)
        for (const ReceiptRow &r : *rows)
            ids << r.id;
    ids.sort();
    return ids;
}
} // namespace

class TestLedgerDiskFull : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void fullDiskRefusesAndSpaceBackResumes()
    {
        auto opened = Ledger::open(file(), m_key.publicKey());
        QVERIFY(opened.ok());
        Ledger &l = **opened;
        QVERIFY(l.addReceipt(receipt(QStringLiteral("r1"), 100)).ok());
        QVERIFY(l.logActivity(QStringLiteral("info"), QStringLiteral("test"), QStringLiteral("before")).ok());

        testutil::SqliteDiskFull disk(0);
        auto r2 = l.addReceipt(receipt(QStringLiteral("r2"), 40));
        QVERIFY(!r2.ok());
        QVERIFY2(isDiskFull(r2.error()), qPrintable(r2.error().toString()));
        std::optional<Result<AddOutcome>> async;
        l.addReceiptAsync(receipt(QStringLiteral("r3"), 2), [&](Result<AddOutcome> r) { async.emplace(std::move(r)); });
        QTRY_VERIFY(async.has_value());
        QVERIFY(!async->ok());
        QVERIFY2(isDiskFull(async->error()), qPrintable(async->error().toString()));
        auto logged = l.logActivity(QStringLiteral("info"), QStringLiteral("test"), QStringLiteral("while full"));
        QVERIFY(!logged.ok() && isDiskFull(logged.error()));
        QVERIFY(disk.refusedWrites() > 0);
        // What was stored before is untouched, for this ledger's reads and a fresh connection's.
        QCOMPARE(*l.balance(), qint64(100));
        QCOMPARE(idsOf(l.queries().receipts()), QStringList{QStringLiteral("r1")});
        QCOMPARE(l.queries().activity()->first().message, QStringLiteral("before"));
        QCOMPARE(integrity(file()), QStringLiteral("ok"));

        disk.makeSpace(); // the same Ledger goes on without a reopen
        QCOMPARE(l.addReceipt(receipt(QStringLiteral("r2"), 40)).value(), AddOutcome::Inserted);
        QCOMPARE(*l.balance(), qint64(140));
        opened->reset();
        auto reopened = Ledger::open(file(), m_key.publicKey());
        QVERIFY(reopened.ok());
        QCOMPARE(*(*reopened)->balance(), qint64(140));
        QCOMPARE(idsOf((*reopened)->queries().receipts()), (QStringList{QStringLiteral("r1"), QStringLiteral("r2")}));
        QCOMPARE(integrity(file()), QStringLiteral("ok"));
    }

    void spaceRunsOutAnywhere_data()
    {
        QTest::addColumn<qint64>("space");
        // No room at all, room inside the first WAL frame (24 + 4096 bytes), and room for a few
        // receipts before the checkpoint at close runs short.
        for (qint64 space : {0, 24, 4100, 4120, 6000, 8240, 12360, 16000, 24720, 40000, 80000})
            QTest::newRow(qPrintable(QString::number(space))) << space;
    }
    void spaceRunsOutAnywhere()
    {
        QFETCH(qint64, space);
        QStringList stored;
        qint64 balance = 0;
        {
            auto opened = Ledger::open(file(), m_key.publicKey());
            QVERIFY(opened.ok());
            testutil::SqliteDiskFull disk(space);
            for (int i = 0; i < 12; ++i) {
                const QString id = QStringLiteral("r%1").arg(i, 2, 10, QLatin1Char('0'));
                auto added = (*opened)->addReceipt(receipt(id, 10 + i));
                if (!added) {
                    QVERIFY2(isDiskFull(added.error()), qPrintable(added.error().toString()));
                    continue;
                }
                stored << id;
                balance += 10 + i;
            }
            // A read may need room too (SQLite grows its shared-memory file on the first one): it
            // then fails with the same clear error, and never answers a wrong balance.
            if (auto b = (*opened)->balance(); b.ok())
                QCOMPARE(*b, balance);
            else
                QVERIFY2(isDiskFull(b.error()), qPrintable(b.error().toString()));
            opened->reset(); // closed while the disk is still full: the WAL may stay behind
        }
        auto reopened = Ledger::open(file(), m_key.publicKey());
        QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error().toString()));
        QCOMPARE(idsOf((*reopened)->queries().receipts()), stored);
        QCOMPARE(*(*reopened)->balance(), balance);
        QCOMPARE(integrity(file()), QStringLiteral("ok"));
        // A receipt refused for want of space is stored when the coordinator sends it again.
        QVERIFY((*reopened)->addReceipt(receipt(QStringLiteral("r11"), 21)).ok());
    }

private:
    QJsonObject receipt(const QString &id, qint64 amount) const
    {
        return ledgertest::signedReceipt(m_key, ledgertest::receiptFields(id, QStringLiteral("reward"), amount, 1'700'000'000'000));
    }
    QString file() const { return m_dir->filePath(QStringLiteral("ledger.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
    crypto::Ed25519KeyPair m_key = ledgertest::coordinator();
};

QTEST_GUILESS_MAIN(TestLedgerDiskFull)
#include "TestLedgerDiskFull.moc"
