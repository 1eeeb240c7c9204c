// A damaged outbox file is refused or its damaged rows are held back, never sent as if the node
// had written them: a truncated copy and a flipped bit in a b-tree page are refused at open with
// outbox.corrupt and the file is left byte for byte (SQLite's quick_check); a bit flipped on
// disk inside a message that is still valid JSON (which SQLite cannot see) fails the row's
// checksum, so that message is left out of pending() with a warning until it is put again.
// recover() keeps a damaged file aside and carries over what can still be read intact.
#include "db/Sqlite.h"
#include "node/Outbox.h"
#include "SqliteDamage.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::node;

namespace {
constexpr int kItems = 60; // a few dozen pages

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
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
}

QJsonObject bodyOf(int i)
{
    return {{QStringLiteral("credits"), 1000 + i}, {QStringLiteral("payload"), QString(1500, QLatin1Char('p'))}};
}
} // namespace

class TestOutboxDamage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto o = Outbox::open(file());
        QVERIFY(o.ok());
        for (int i = 0; i < kItems; ++i)
            QVERIFY((*o)->put(QStringLiteral("k%1").arg(i), QStringLiteral("commit"), bodyOf(i), i).ok());
        o->reset(); // closed: the WAL is checkpointed into the file
        QVERIFY(!QFile::exists(file() + QStringLiteral("-wal")));
        m_good = readAll(file());
        QVERIFY(m_good.size() > 16 * 4096);
    }

    void damagedPagesAreRefused_data() { sqlitetest::addDamageRows(); }
    void damagedPagesAreRefused()
    {
        QFETCH(QString, damage);
        const QByteArray bad = sqlitetest::damaged(m_good, damage);
        writeAll(file(), bad);
        const QByteArray before = QCryptographicHash::hash(readAll(file()), QCryptographicHash::Sha256);
        auto o = Outbox::open(file());
        QVERIFY(!o.ok());
        QCOMPARE(o.error().code, QStringLiteral("outbox.corrupt"));
        QVERIFY2(o.error().message.contains(file()), qPrintable(o.error().message));
        QCOMPARE(QCryptographicHash::hash(readAll(file()), QCryptographicHash::Sha256), before);
    }

    // recover(): the damaged file is kept aside byte for byte, a new outbox takes what can still
    // be read intact, in order, and nothing it takes differs from what was put.
    void damagedFileIsRecovered_data() { damagedPagesAreRefused_data(); }
    void damagedFileIsRecovered()
    {
        QFETCH(QString, damage);
        const QByteArray bad = sqlitetest::damaged(m_good, damage);
        writeAll(file(), bad);
        const QByteArray before = QCryptographicHash::hash(bad, QCryptographicHash::Sha256);
        QVERIFY(!Outbox::open(file()).ok());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^outbox: .* was damaged; kept as ")));
        auto r = Outbox::recover(file(), 1234);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r->keptAs, file() + QStringLiteral(".damaged-1234"));
        QCOMPARE(QCryptographicHash::hash(readAll(r->keptAs), QCryptographicHash::Sha256), before);
        QVERIFY(!QFile::exists(r->keptAs + QStringLiteral(".reading")));
        auto o = Outbox::open(file());
        QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
        auto pending = (*o)->pending();
        QVERIFY(pending.ok());
        QCOMPARE(int(pending->size()), r->recovered);
        qInfo("%s: %d of %d recovered, %d unreadable, read to the end: %d", qPrintable(damage), r->recovered, kItems, r->unreadable,
              r->readToEnd);
        int last = -1;
        for (const OutboxItem &item : *pending) {
            const int i = item.key.mid(1).toInt();
            QVERIFY(i > last); // in put order, each once
            last = i;
            QCOMPARE(item.type, QStringLiteral("commit"));
            QCOMPARE(item.body, bodyOf(i));
            QCOMPARE(item.createdMs, qint64(i));
        }
        if (damage != QLatin1String("flip:2")) // page 2 is the table's root: nothing can be reached
            QVERIFY2(r->recovered > 0, "the rows before the damage are read back");
        // A second recovery of the same moment refuses to overwrite the kept file.
        QVERIFY(!Outbox::recover(file(), 1234).ok());
    }

    void bitFlippedInAMessageIsHeldBack()
    {
        QByteArray bad = m_good;
        const QByteArray needle("\"credits\":1030,");
        const qsizetype at = bad.indexOf(needle);
        QVERIFY(at > 0);
        QCOMPARE(bad.indexOf(needle, at + 1), qsizetype(-1)); // one place only
        bad[at + 12] = char(bad[at + 12] ^ 0x04);             // 1030 -> 1070: still valid JSON
        writeAll(file(), bad);

        auto o = Outbox::open(file());
        QVERIFY2(o.ok(), qPrintable(o.ok() ? QString() : o.error().toString()));
        QTest::ignoreMessage(QtWarningMsg, "outbox: the stored body of k30 (commit) is damaged; it is not sent until it is put again");
        auto pending = (*o)->pending();
        QVERIFY(pending.ok());
        QCOMPARE(pending->size(), kItems - 1);
        for (const OutboxItem &item : *pending) {
            QVERIFY(item.key != QLatin1String("k30"));
            QCOMPARE(item.body, bodyOf(item.key.mid(1).toInt())); // the others are intact
        }
        // The node hands the message over again (e.g. a re-run commit): stored whole once more.
        QTest::ignoreMessage(QtWarningMsg, "outbox: repaired the damaged body of k30");
        QVERIFY((*o)->put(QStringLiteral("k30"), QStringLiteral("commit"), bodyOf(30), 30).ok());
        QCOMPARE((*o)->pending()->size(), kItems);
    }

    // A row stored before the checksum existed (schema v1) is read as before.
    void rowsWithoutAChecksumAreRead()
    {
        {
            auto db = db::Database::open(file());
            QVERIFY(db->exec("UPDATE outbox SET checksum = NULL WHERE key = 'k5'").ok());
        }
        auto o = Outbox::open(file());
        QVERIFY(o.ok());
        QCOMPARE((*o)->pending()->size(), kItems);
        QCOMPARE((*o)->pending()->at(5).body, bodyOf(5));
    }

    // An outbox written before the checksum (schema v1) is upgraded in place and its items sent.
    void aVersion1OutboxIsUpgraded()
    {
        const QString v1 = m_dir->filePath(QStringLiteral("v1.sqlite"));
        {
            auto db = db::Database::open(v1);
            QVERIFY(db->exec("PRAGMA application_id = 1229344578;"
                             "CREATE TABLE outbox(id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, type TEXT NOT NULL,"
                             " body TEXT NOT NULL, created_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
                             " acked_ms INTEGER);"
                             "CREATE INDEX outbox_pending ON outbox(id) WHERE acked_ms IS NULL;"
                             "CREATE INDEX outbox_acked ON outbox(acked_ms, id) WHERE acked_ms IS NOT NULL;"
                             "INSERT INTO outbox(key, type, body, created_ms) VALUES('old', 'commit', '{\"n\":1}', 5);"
                             "PRAGMA user_version = 1;")
                        .ok());
        }
        auto o = Outbox::open(v1);
        QVERIFY2(o.ok(), qPrintable(o.ok() ? QString() : o.error().toString()));
        QCOMPARE((*o)->pending()->size(), 1);
        QCOMPARE((*o)->pending()->at(0).body, (QJsonObject{{QStringLiteral("n"), 1}}));
        QVERIFY((*o)->put(QStringLiteral("new"), QStringLiteral("commit"), bodyOf(1), 6).ok());
        QCOMPARE(*db::Database::open(v1)->queryInt("PRAGMA user_version"), 2);
        QCOMPARE(*db::Database::open(v1)->queryInt("SELECT count(*) FROM outbox WHERE checksum IS NOT NULL"), 1);
    }

private:
    QString file() const { return m_dir->filePath(QStringLiteral("outbox.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_good;
};

QTEST_GUILESS_MAIN(TestOutboxDamage)
#include "TestOutboxDamage.moc"
