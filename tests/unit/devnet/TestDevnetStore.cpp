// The devnet state file: numbered migrations, refusals of foreign and newer files untouched.
#include "devnet/DevnetSchema.h"
#include "devnet/DevnetStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;

class TestDevnetStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freshFileGetsNewestSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("d.sqlite"));
        auto s = DevnetStore::open(path);
        QVERIFY(s.ok());
        auto db = db::Database::open(path, db::Database::Mode::ReadOnly);
        QCOMPARE(*db->queryInt("PRAGMA user_version"), qint64(devnetSchemaVersion()));
    }

    void refusesForeignAndNewer()
    {
        QTemporaryDir dir;
        const QString foreign = dir.filePath(QStringLiteral("f.sqlite"));
        {
            auto db = db::Database::open(foreign);
            QVERIFY(db->exec("CREATE TABLE other(x)").ok());
        }
        auto r = DevnetStore::open(foreign);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("devnet.foreign"));

        const QString newer = dir.filePath(QStringLiteral("n.sqlite"));
        {
            auto db = db::Database::open(newer);
            QVERIFY(db->exec("PRAGMA user_version = 999").ok());
        }
        r = DevnetStore::open(newer);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("devnet.too_new"));
    }

    void v5AddsSubmitterFunds()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v4.sqlite"));
        QVERIFY(DevnetStore::open(path).ok());
        {
            auto db = db::Database::open(path);
            for (const char *sql : {"DROP TABLE funds", "DROP INDEX tasks_created", "PRAGMA user_version = 4"})
                QVERIFY2(db->exec(sql).ok(), sql);
        }
        auto s = DevnetStore::open(path);
        QVERIFY(s.ok());
        QCOMPARE(*(*s)->grantFunds(QStringLiteral("k"), 700, QStringLiteral("g"), 1), true);
        QCOMPARE(*(*s)->grantFunds(QStringLiteral("k"), 700, QStringLiteral("g"), 2), false);
        QCOMPARE(*(*s)->fundsOf(QStringLiteral("k")), qint64(700));
        // An escrow is refused when the funds fall short, and nothing is written.
        NewTask t;
        t.spec = QJsonObject{{QStringLiteral("x"), 1}};
        t.specHash = QStringLiteral("h");
        t.name = QStringLiteral("n");
        t.backend = QStringLiteral("repro");
        t.reward = 701;
        t.submitter = QStringLiteral("k");
        auto refused = (*s)->addFundedTask(t, 3);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("devnet.insufficient_funds"));
        QVERIFY(!(*s)->task(1)->has_value());
        t.reward = 700;
        QVERIFY((*s)->addFundedTask(t, 4).ok());
        QCOMPARE(*(*s)->fundsOf(QStringLiteral("k")), qint64(0));
        auto expired = (*s)->expirePooledTasks(4, 5);
        QCOMPARE(expired->size(), 1);
        QCOMPARE(*(*s)->fundsOf(QStringLiteral("k")), qint64(700));
        QCOMPARE((*s)->expirePooledTasks(4, 6)->size(), 0);
    }

    void v4ResignsSlashesStoredUnderTheOldRule()
    {
        // A v3 file (the v4 columns dropped again) whose slash was stored as -amount, as the
        // spendable balance counted slashes before stakes.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v3.sqlite"));
        QVERIFY(DevnetStore::open(path).ok());
        {
            auto db = db::Database::open(path);
            for (const char *sql : {"DROP TABLE funds", "DROP INDEX tasks_created", "ALTER TABLE tasks DROP COLUMN checkpoint_node", "ALTER TABLE leases DROP COLUMN resume_step",
                                    "ALTER TABLE leases DROP COLUMN resume_hash", "ALTER TABLE leases DROP COLUMN resume_node",
                                    "INSERT INTO receipts(id, node_id, kind, amount, signed_amount, json, ts) "
                                    "VALUES('r-1', 'n', 'reward', 700, 700, '{}', 1), ('r-2', 'n', 'slash', 500, -500, '{}', 2)",
                                    "PRAGMA user_version = 3"})
                QVERIFY2(db->exec(sql).ok(), sql);
        }
        auto s = DevnetStore::open(path);
        QVERIFY(s.ok());
        QCOMPARE(*(*s)->receipts().balanceOf(QStringLiteral("n")), qint64(700));
        QCOMPARE(*(*s)->receipts().stakeOf(QStringLiteral("n")), qint64(-500));
    }

    void wireIds()
    {
        QCOMPARE(parseWireId(QStringLiteral("t12"), QLatin1Char('t')), std::optional<qint64>(12));
        QVERIFY(!parseWireId(QStringLiteral("t012"), QLatin1Char('t')));
        QVERIFY(!parseWireId(QStringLiteral("l12"), QLatin1Char('t')));
        QVERIFY(!parseWireId(QStringLiteral("t-1"), QLatin1Char('t')));
        QVERIFY(!parseWireId(QStringLiteral("t"), QLatin1Char('t')));
    }

    void eventsAreRecorded()
    {
        QTemporaryDir dir;
        auto s = DevnetStore::open(dir.filePath(QStringLiteral("d.sqlite")));
        QVERIFY((*s)->logEvent(QStringLiteral("refused"), QString(), QStringLiteral("protocol.replay ..."), 5).ok());
        QCOMPARE(*(*s)->eventCount(QStringLiteral("refused")), 1);
        QCOMPARE((*s)->summary()->refusedMessages, 1);
    }
};

QTEST_GUILESS_MAIN(TestDevnetStore)
#include "TestDevnetStore.moc"
