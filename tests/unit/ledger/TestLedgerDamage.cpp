// A damaged ledger file is refused at open with ledger.corrupt and left byte for byte as it was,
// never read as if it were whole: a truncated copy and a flipped bit in a b-tree page (SQLite's
// quick_check finds those), and a flipped bit in a receipt's amount or state, on disk or in a
// column, that SQLite keeps no checksum for (the row no longer matches its signed text). An
// intact ledger still opens, and a new ledger in place of the damaged one gets the receipts back
// when the coordinator sends them again; Ledger::recover() keeps a damaged file aside and carries
// over every receipt still readable whose signature verifies.
#include "ledger/Ledger.h"

#include "LedgerTestUtil.h"
#include "SqliteDamage.h"
#include "db/Sqlite.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::ledger;

namespace {
constexpr int kReceipts = 200; // a few dozen pages

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QString receiptId(int i) { return QStringLiteral("r%1").arg(i, 4, 10, QLatin1Char('0')); }
} // namespace

class TestLedgerDamage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QTemporaryDir made;
        const QString path = made.filePath(QStringLiteral("ledger.sqlite"));
        auto l = Ledger::open(path, m_key.publicKey());
        QVERIFY(l.ok());
        for (int i = 0; i < kReceipts; ++i)
            QVERIFY((*l)->addReceipt(receipt(i)).ok());
        l->reset(); // closed: the WAL is checkpointed into the file, which is all there is now
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        m_good = readAll(path);
        QVERIFY(m_good.size() > 16 * 4096);
        auto db = db::Database::open(path, db::Database::Mode::ReadOnly);
        QVERIFY(db.ok());
        m_receiptsRoot = db->queryInt("SELECT rootpage FROM sqlite_schema WHERE name = 'receipts'").value();
        // Debian's SQLite has the dbstat table: which pages are the receipts' leaves and the schema's.
        auto leaves = db->prepare("SELECT pageno FROM dbstat WHERE name = 'receipts' AND pagetype = 'leaf' ORDER BY pageno");
        QVERIFY(leaves.ok());
        QList<qint64> pages;
        QVERIFY(leaves->forEachRow([&](const db::Statement &row) { pages << row.int64(0); }).ok());
        QVERIFY(pages.size() > 4);
        m_receiptLeaf = pages[pages.size() / 2];
        m_schemaPage = db->queryInt("SELECT max(pageno) FROM dbstat WHERE name = 'sqlite_schema'").value();
        QVERIFY(m_schemaPage > 1);
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        writeAll(file(), m_good);
    }

    void intactLedgerOpens()
    {
        auto l = Ledger::open(file(), m_key.publicKey());
        QVERIFY2(l.ok(), qPrintable(l.ok() ? QString() : l.error().toString()));
        QCOMPARE(*(*l)->balance(), expectedBalance());
    }

    void damagedPagesAreRefused_data() { sqlitetest::addDamageRows(); }
    void damagedPagesAreRefused()
    {
        QFETCH(QString, damage);
        const QByteArray bad = sqlitetest::damaged(m_good, damage);
        expectRefused(bad, QString());
    }

    // SQLite keeps no checksum of a row's content: these pass quick_check and are caught by the
    // ledger's own check of each receipt against its signed text.
    void receiptBitFlipsAreRefused_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("id");
        QTest::newRow("amount column") << QStringLiteral("UPDATE receipts SET amount = (amount | 1024) - (amount & 1024) WHERE id = 'r0042'")
                                       << receiptId(42);
        QTest::newRow("status column") << QStringLiteral("UPDATE receipts SET status = 'pending' WHERE id = 'r0007'")
                                       << receiptId(7);
        QTest::newRow("payee column") << QStringLiteral("UPDATE receipts SET payee = 'x' || substr(payee, 2) WHERE id = 'r0100'")
                                      << receiptId(100);
        QTest::newRow("signed text") << QStringLiteral("UPDATE receipts SET canonical = replace(canonical, '\"amount\":1150', "
                                                       "'\"amount\":1151') WHERE id = 'r0150'")
                                     << receiptId(150);
    }
    void receiptBitFlipsAreRefused()
    {
        QFETCH(QString, sql);
        QFETCH(QString, id);
        {
            auto db = db::Database::open(file());
            QVERIFY(db->exec(sql.toUtf8().constData()).ok());
            QCOMPARE(db->changes(), 1);
            QVERIFY(db->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
        }
        expectRefused(readAll(file()), id);
    }

    // A bit flipped on disk inside a receipt's signed text: the digit 3 of "amount":1030 becomes 7.
    void bitFlippedOnDiskIsRefused()
    {
        QByteArray bad = m_good;
        const QByteArray needle("\"amount\":1030,");
        const qsizetype at = bad.indexOf(needle);
        QVERIFY(at > 0);
        QCOMPARE(bad.indexOf(needle, at + 1), qsizetype(-1)); // one place only
        bad[at + 11] = char(bad[at + 11] ^ 0x04);
        expectRefused(bad, receiptId(30));
    }

    void aNewLedgerGetsTheReceiptsBack()
    {
        writeAll(file(), m_good.left(m_good.size() / 2));
        QVERIFY(!Ledger::open(file(), m_key.publicKey()).ok());
        QVERIFY(QFile::rename(file(), file() + QStringLiteral(".damaged"))); // what the message advises
        auto l = Ledger::open(file(), m_key.publicKey());
        QVERIFY(l.ok());
        for (int i = 0; i < kReceipts; ++i) // the coordinator's re-send after the next registration
            QCOMPARE((*l)->addReceipt(receipt(i)).value(), AddOutcome::Inserted);
        QCOMPARE(*(*l)->balance(), expectedBalance());
    }

    // recover(): the damaged file is kept aside byte for byte, a new ledger takes every receipt
    // still readable whose signature verifies, and its activity log says so.
    void damagedLedgerIsRecovered_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<int>("page"); // the page whose type byte is flipped, 0 for none
        QTest::newRow("truncated to half") << QStringLiteral("half") << 0;
        QTest::newRow("truncated by one page") << QStringLiteral("page") << 0;
        QTest::newRow("a middle leaf of the receipts broken") << QStringLiteral("flip") << int(m_receiptLeaf);
        QTest::newRow("the receipts' root page broken") << QStringLiteral("root") << int(m_receiptsRoot);
        QTest::newRow("the schema's second page broken") << QStringLiteral("schema") << int(m_schemaPage);
        QTest::newRow("a bit flipped in a receipt's signed text") << QStringLiteral("text") << 0;
    }
    void damagedLedgerIsRecovered()
    {
        QFETCH(QString, damage);
        QFETCH(int, page);
        QByteArray bad = m_good;
        if (damage == QLatin1String("half"))
            bad.truncate(m_good.size() / 2);
        else if (damage == QLatin1String("page"))
            bad.truncate(m_good.size() - 4096);
        else if (damage == QLatin1String("text"))
            bad[bad.indexOf("\"amount\":1030,") + 11] ^= 0x04;
        if (page > 0)
            bad[(page - 1) * 4096] = char(bad[(page - 1) * 4096] ^ 0x20); // the b-tree page's type byte
        writeAll(file(), bad);
        QCOMPARE(Ledger::open(file(), m_key.publicKey()).error().code, QStringLiteral("ledger.corrupt"));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^The ledger was damaged and a new one was started")));
        auto r = Ledger::recover(file(), m_key.publicKey(), 99);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().toString()));
        QCOMPARE(r->keptAs, file() + QStringLiteral(".damaged-99"));
        QCOMPARE(readAll(r->keptAs), bad);
        qInfo("%s (page %d): %d of %d receipts carried over, %d refused, read to the end: %d", qPrintable(damage), page, r->receipts,
              kReceipts, r->refused, r->readToEnd);
        if (damage == QLatin1String("text"))
            QVERIFY(r->receipts == kReceipts - 1 && r->refused == 1 && r->readToEnd);
        else if (damage == QLatin1String("root") || damage == QLatin1String("schema"))
            QCOMPARE(r->receipts, 0); // no row is reachable without them: the coordinator's re-send is what is left
        else
            QVERIFY2(r->receipts > 0 && r->receipts < kReceipts && !r->readToEnd, "the receipts off the damage are read back");
        auto l = Ledger::open(file(), m_key.publicKey());
        QVERIFY2(l.ok(), l.ok() ? "" : qPrintable(l.error().toString()));
        qint64 sum = 0;
        int count = 0, notes = 0;
        {
            auto db = db::Database::open(file(), db::Database::Mode::ReadOnly);
            QVERIFY(db.ok());
            auto st = db->prepare("SELECT id, amount FROM receipts");
            QVERIFY(st->forEachRow([&](const db::Statement &row) {
                             ++count;
                             sum += row.int64(1);
                             QCOMPARE(row.int64(1), 1000 + row.text(0).mid(1).toInt()); // what was signed
                         }).ok());
            notes = int(db->queryInt("SELECT count(*) FROM activity WHERE category = 'ledger' AND level = 'warning'").value());
        }
        QCOMPARE(count, r->receipts);
        QCOMPARE(*(*l)->balance(), sum);
        QCOMPARE(notes, 1);
    }

private:
    void expectRefused(const QByteArray &bad, const QString &receipt)
    {
        writeAll(file(), bad);
        QFile::remove(file() + QStringLiteral("-wal"));
        QFile::remove(file() + QStringLiteral("-shm"));
        const QByteArray before = QCryptographicHash::hash(readAll(file()), QCryptographicHash::Sha256);
        auto l = Ledger::open(file(), m_key.publicKey());
        QVERIFY(!l.ok());
        QCOMPARE(l.error().code, QStringLiteral("ledger.corrupt"));
        QVERIFY2(l.error().message.contains(file()), qPrintable(l.error().message));
        if (!receipt.isEmpty())
            QVERIFY2(l.error().message.contains(QLatin1Char('"') + receipt + QLatin1Char('"')), qPrintable(l.error().message));
        QCOMPARE(QCryptographicHash::hash(readAll(file()), QCryptographicHash::Sha256), before);
    }
    qint64 expectedBalance() const
    {
        qint64 sum = 0;
        for (int i = 0; i < kReceipts; ++i)
            sum += 1000 + i;
        return sum;
    }
    QJsonObject receipt(int i) const
    {
        return ledgertest::signedReceipt(m_key, ledgertest::receiptFields(receiptId(i), QStringLiteral("reward"), 1000 + i,
                                                                          1'700'000'000'000 + i, QStringLiteral("job-%1").arg(i)));
    }
    QString file() const { return m_dir->filePath(QStringLiteral("ledger.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
    crypto::Ed25519KeyPair m_key = ledgertest::coordinator();
    QByteArray m_good;
    qint64 m_receiptsRoot = 0, m_receiptLeaf = 0, m_schemaPage = 0;
};

QTEST_GUILESS_MAIN(TestLedgerDamage)
#include "TestLedgerDamage.moc"
