// core/db/Query.h on a real SQLite file: binding in order, NULLs both ways, reading columns by
// the members' types, and a transaction that keeps nothing of a failed step.
#include "db/Query.h"

#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;

namespace {
struct Row {
    qint64 id = 0;
    QString name;
    std::optional<qint64> parent;
    double weight = 0;
    QJsonObject detail;
    int small = 0;
};
} // namespace

class TestQuery : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    db::Database m_db;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        auto opened = db::Database::open(m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + QStringLiteral(".sqlite")));
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().toString()));
        m_db = std::move(opened).value();
        QVERIFY(m_db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, parent INTEGER, weight REAL, "
                          "detail TEXT, small INTEGER)"));
    }

    void cleanup() { m_db = db::Database(); }

    void bindsInOrderAndReadsMembers()
    {
        QVERIFY(db::execute(m_db, "INSERT INTO t VALUES(?1, ?2, ?3, ?4, ?5, ?6)", qint64(1), QStringLiteral("a"),
                            db::orNull(std::optional<qint64>(7)), 0.5, QStringLiteral("{\"k\":2}"), qint64(3)));
        QVERIFY(db::execute(m_db, "INSERT INTO t VALUES(?1, ?2, ?3, ?4, ?5, ?6)", qint64(2), db::orNull(QString()),
                            db::orNull(std::nullopt), 1.5, QStringLiteral("not json"), qint64(4)));
        const auto read = db::into(&Row::id, &Row::name, &Row::parent, &Row::weight, &Row::detail, &Row::small);
        auto rows = db::allRows(m_db, "SELECT id, name, parent, weight, detail, small FROM t ORDER BY id", read);
        QVERIFY(rows);
        QCOMPARE(rows->size(), qsizetype(2));
        const Row &a = rows->at(0);
        QCOMPARE(a.id, qint64(1));
        QCOMPARE(a.name, QStringLiteral("a"));
        QVERIFY(a.parent == std::optional<qint64>(7));
        QCOMPARE(a.weight, 0.5);
        QCOMPARE(a.detail.value(QStringLiteral("k")).toInt(), 2);
        QCOMPARE(a.small, 3);
        const Row &b = rows->at(1);
        QVERIFY(b.name.isEmpty()); // bound as NULL
        QVERIFY(!b.parent.has_value());
        QVERIFY(b.detail.isEmpty()); // a text that is not JSON reads as {}
        QCOMPARE(*db::integer(m_db, "SELECT count(*) FROM t WHERE name IS NULL AND parent IS NULL"), qint64(1));
    }

    void firstRowAndInteger()
    {
        auto none = db::firstRow(m_db, "SELECT id FROM t WHERE id = ?1", [](const db::Statement &s) { return s.int64(0); },
                                 qint64(9));
        QVERIFY(none);
        QVERIFY(!none->has_value());
        QCOMPARE(*db::integer(m_db, "SELECT id FROM t WHERE id = ?1", qint64(9)), qint64(0)); // no row: 0
        auto bad = db::integer(m_db, "SELECT nope FROM t");
        QVERIFY(!bad);
        QVERIFY(!bad.error().message.isEmpty());
    }

    void failedTransactionKeepsNothing()
    {
        auto failed = db::inTransaction(m_db, [&]() -> Result<void> {
            if (auto r = db::execute(m_db, "INSERT INTO t(id, name) VALUES(?1, ?2)", qint64(5), QStringLiteral("x")); !r)
                return r;
            return db::execute(m_db, "INSERT INTO t(id, name) VALUES(?1, ?2)", qint64(5), QStringLiteral("dup"));
        });
        QVERIFY(!failed); // the second insert breaks the primary key
        QCOMPARE(*db::integer(m_db, "SELECT count(*) FROM t"), qint64(0));

        auto kept = db::inTransaction(m_db, [&]() -> Result<qint64> {
            if (auto r = db::execute(m_db, "INSERT INTO t(id, name) VALUES(?1, ?2)", qint64(6), QStringLiteral("y")); !r)
                return r.error();
            return db::integer(m_db, "SELECT count(*) FROM t");
        });
        QVERIFY(kept);
        QCOMPARE(*kept, qint64(1));
        QCOMPARE(*db::integer(m_db, "SELECT count(*) FROM t"), qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestQuery)
#include "TestQuery.moc"
