// Migrations: from an empty file, from v1 (a v1 file gains the history tables), too new, too old, foreign file, a failing
// migration that must roll back and leave the file as it was, and a migration step in C++.
#include "ledger/Ledger.h"
#include "ledger/Schema.h"

#include "LedgerTestUtil.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::ledger;

namespace {
QByteArray digest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

qint64 userVersion(const QString &path)
{
    auto db = db::Database::open(path);
    return *db->queryInt("PRAGMA user_version");
}
} // namespace

class TestSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fromEmptyFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("empty.sqlite"));
        auto ledger = Ledger::open(path, ledgertest::coordinator().publicKey());
        QVERIFY2(ledger.ok(), qPrintable(ledger.ok() ? QString() : ledger.error().toString()));
        ledger->reset();
        QCOMPARE(userVersion(path), qint64(2));
        auto db = db::Database::open(path);
        for (const char *table : {"benchmarks", "jobs", "checkpoints", "verification_events", "receipts", "activity",
                                  "history", "history_events"}) {
            const QByteArray q = QByteArray("SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='") + table + "'";
            QCOMPARE(*db->queryInt(q.constData()), qint64(1));
        }
        QCOMPARE(*db->queryInt("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), qint64(1));
    }

    void fromV1KeepsData()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1.sqlite"));
        const auto key = ledgertest::coordinator();
        {
            auto ledger = Ledger::open(path, key.publicKey());
            QVERIFY((*ledger)->addReceipt(ledgertest::signedReceipt(key, ledgertest::receiptFields(QStringLiteral("r1"), QStringLiteral("reward"), 5, 1)))
                        .ok());
        }
        auto again = Ledger::open(path, key.publicKey());
        QVERIFY(again.ok());
        QCOMPARE(*(*again)->balance(), qint64(5));
        QCOMPARE(userVersion(path), qint64(2));
    }

    // A file written by a v1 build (the v1 migration alone, with data) gains the history
    // tables and keeps its receipts and activity; the new tables take rows.
    void fromAV1FileToV2()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1-file.sqlite"));
        const auto key = ledgertest::coordinator();
        {
            auto db = db::Database::open(path);
            QCOMPARE(*migrate(*db, path, migrations().first(1)), 1);
            QVERIFY(db->exec("INSERT INTO activity(ts, level, category, message) VALUES (1, 'info', 't', 'from v1')").ok());
        }
        QCOMPARE(userVersion(path), qint64(1));
        {
            auto ledger = Ledger::open(path, key.publicKey());
            QVERIFY2(ledger.ok(), qPrintable(ledger.ok() ? QString() : ledger.error().toString()));
            QVERIFY((*ledger)->addReceipt(ledgertest::signedReceipt(key, ledgertest::receiptFields(QStringLiteral("r1"), QStringLiteral("reward"), 7, 1)))
                        .ok());
            HistoryUpdate u;
            u.kind = QStringLiteral("task");
            u.taskId = QStringLiteral("t1");
            u.role = QStringLiteral("solver");
            u.state = QStringLiteral("committed");
            u.runRoot = QStringLiteral("ab12");
            u.steps = 10;
            const auto id = (*ledger)->recordHistory(u);
            QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().toString()));
            const auto rows = (*ledger)->queries().history();
            QVERIFY(rows.ok());
            QCOMPARE(rows->size(), 1);
            QCOMPARE(rows->first().state, QStringLiteral("committed"));
            QCOMPARE(rows->first().runRoot, QStringLiteral("ab12"));
        }
        QCOMPARE(userVersion(path), qint64(2));
        auto db = db::Database::open(path);
        QCOMPARE(*db->queryInt("SELECT count(*) FROM activity WHERE message = 'from v1'"), qint64(1));
        QCOMPARE(*db->queryInt("SELECT count(*) FROM history"), qint64(1));
        QCOMPARE(*db->queryInt("SELECT count(*) FROM history_events WHERE kind = 'state'"), qint64(1));
    }

    void tooNewIsRefusedAndUntouched()
    {
        const QString path = m_dir.filePath(QStringLiteral("new.sqlite"));
        {
            auto db = db::Database::open(path);
            QVERIFY(db->exec("CREATE TABLE future(x); PRAGMA user_version = 7;").ok());
        }
        const QByteArray before = digest(path);
        auto ledger = Ledger::open(path, ledgertest::coordinator().publicKey());
        QVERIFY(!ledger.ok());
        QCOMPARE(ledger.error().code, QStringLiteral("ledger.too_new"));
        QVERIFY(ledger.error().message.contains(QLatin1String("newer IdleForge")));
        QVERIFY(ledger.error().message.contains(QLatin1String("version 7")));
        QCOMPARE(digest(path), before);
    }

    void tooOldIsRefused()
    {
        // A build whose oldest upgradable schema is v2 meets a v1 file.
        const QString path = m_dir.filePath(QStringLiteral("old.sqlite"));
        {
            auto db = db::Database::open(path);
            QVERIFY(migrate(*db, path, migrations().first(1)).ok());
        }
        const Migration list[] = {{1, ""}, {2, "CREATE TABLE t2(x);"}, {3, "CREATE TABLE t3(x);"}};
        auto db = db::Database::open(path);
        const auto r = migrate(*db, path, list, 2);
        QCOMPARE(r.error().code, QStringLiteral("ledger.too_old"));
        QCOMPARE(userVersion(path), qint64(1));
    }

    void foreignFileIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("foreign.sqlite"));
        {
            auto db = db::Database::open(path);
            QVERIFY(db->exec("CREATE TABLE photos(id INTEGER);").ok());
        }
        const QByteArray before = digest(path);
        auto ledger = Ledger::open(path, ledgertest::coordinator().publicKey());
        QCOMPARE(ledger.error().code, QStringLiteral("ledger.foreign"));
        QCOMPARE(digest(path), before);
    }

    void failingMigrationRollsBack()
    {
        const QString path = m_dir.filePath(QStringLiteral("fail.sqlite"));
        {
            auto db = db::Database::open(path);
            QVERIFY(migrate(*db, path, migrations().first(1)).ok());
            QVERIFY(db->exec("INSERT INTO activity(ts, level, category, message) VALUES (1, 'info', 't', 'kept')").ok());
        }
        const Migration list[] = {migrations()[0],
                                  {2, "CREATE TABLE added_in_v2(x); ALTER TABLE receipts ADD COLUMN memo TEXT; "
                                      "THIS IS NOT SQL;"}};
        auto db = db::Database::open(path);
        const auto r = migrate(*db, path, list);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ledger.migration"));
        QVERIFY(r.error().message.contains(QLatin1String("rolled back")));
        QCOMPARE(*db->queryInt("PRAGMA user_version"), qint64(1));
        QCOMPARE(*db->queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'added_in_v2'"), qint64(0));
        QCOMPARE(*db->queryInt("SELECT count(*) FROM pragma_table_info('receipts') WHERE name = 'memo'"), qint64(0));
        QCOMPARE(*db->queryInt("SELECT count(*) FROM activity WHERE message = 'kept'"), qint64(1));
    }

    void callbackMigrationRunsInItsTransaction()
    {
        const QString path = m_dir.filePath(QStringLiteral("callback.sqlite"));
        auto db = db::Database::open(path);
        QVERIFY(migrate(*db, path, migrations().first(1)).ok());
        // The callback runs after the step's SQL; when it fails, both roll back.
        const Migration failing[] = {migrations()[0], {2, "CREATE TABLE t2(x);", [](db::Database &d) -> Result<void> {
                                                           if (auto r = d.exec("INSERT INTO t2 VALUES (1)"); !r)
                                                               return r;
                                                           return makeError("test.refused", QStringLiteral("refused"));
                                                       }}};
        const auto r = migrate(*db, path, failing);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ledger.migration"));
        QVERIFY(r.error().message.contains(QLatin1String("refused")));
        QCOMPARE(*db->queryInt("PRAGMA user_version"), qint64(1));
        QCOMPARE(*db->queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 't2'"), qint64(0));

        const Migration working[] = {migrations()[0], {2, "CREATE TABLE t2(x);", [](db::Database &d) {
                                                           return d.exec("INSERT INTO t2 VALUES (1)");
                                                       }}};
        const auto ok = migrate(*db, path, working);
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().toString()));
        QCOMPARE(*ok, 2);
        QCOMPARE(*db->queryInt("SELECT count(*) FROM t2"), qint64(1));
        QCOMPARE(*db->queryInt("PRAGMA user_version"), qint64(2));
    }

    void unopenablePathIsAClearError()
    {
        auto ledger = Ledger::open(QStringLiteral("/proc/no-such-dir/ledger.sqlite"), ledgertest::coordinator().publicKey());
        QVERIFY(!ledger.ok());
        QCOMPARE(ledger.error().code, QStringLiteral("ledger.open"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestSchema)
#include "TestSchema.moc"
