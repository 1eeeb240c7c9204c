// The node's outbox on a disk that fills up (SQLite's write calls fail with ENOSPC, see
// tests/unit/db/SqliteDiskFull.h): a put that cannot be stored fails with a clear error, the file
// keeps everything stored before (another connection reads it, a reopen finds it, integrity_check
// passes) and the same Outbox works again once space is back. A sweep over where the space runs
// out (inside a WAL frame, between put and acknowledge, during the checkpoint at close) shows
// that exactly what put() reported as stored is there after a reopen, never more and never less.
#include "SqliteDiskFull.h"
#include "db/Sqlite.h"
#include "node/Outbox.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>

using namespace idleforge;
using namespace idleforge::node;

namespace {
QJsonObject bodyOf(int i)
{
    // About half a page: a put is one or two WAL frames, so the space runs out inside one.
    return {{QStringLiteral("i"), i}, {QStringLiteral("payload"), QString(2000, QLatin1Char(char('a' + i % 26)))}};
}

QStringList keysOf(const Result<QList<OutboxItem>> &items)
{
    QStringList keys;
    if (items)
        for (const OutboxItem &item : *items)
            keys << item.key;
    return keys;
}

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
    return e.code == QLatin1String("outbox.sqlite")
        && (e.message.contains(QLatin1String("disk is full")) || e.message.contains(QString::fromLocal8Bit(std::strerror(ENOSPC))));
}
} // namespace

class TestOutboxDiskFull : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void fullDiskRefusesAndSpaceBackResumes()
    {
        auto opened = Outbox::open(file());
        QVERIFY(opened.ok());
        Outbox &o = **opened;
        QVERIFY(o.put(QStringLiteral("a"), QStringLiteral("commit"), bodyOf(0), 1).ok());
        QVERIFY(o.put(QStringLiteral("b"), QStringLiteral("commit"), bodyOf(1), 2).ok());
        const qint64 aId = o.pending()->at(0).id;

        testutil::SqliteDiskFull disk(0);
        auto c = o.put(QStringLiteral("c"), QStringLiteral("audit_result"), bodyOf(2), 3);
        QVERIFY(!c.ok());
        QVERIFY2(isDiskFull(c.error()), qPrintable(c.error().toString()));
        QVERIFY(c.error().message.contains(file())); // says which file
        QVERIFY(!o.markSent(aId).ok());
        QVERIFY(!o.acknowledge(QStringLiteral("a")).ok());
        QVERIFY(disk.refusedWrites() > 0);
        // Nothing stored before is lost or changed, for this connection and for a fresh one.
        QCOMPARE(keysOf(o.pending()), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(o.pending()->at(0).attempts, 0);
        QCOMPARE(o.pending()->at(1).body, bodyOf(1));
        QCOMPARE(*o.contains(QStringLiteral("c")), false);
        QCOMPARE(integrity(file()), QStringLiteral("ok"));

        disk.makeSpace(); // the same Outbox goes on without a reopen
        auto again = o.put(QStringLiteral("c"), QStringLiteral("audit_result"), bodyOf(2), 3);
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().toString()));
        QVERIFY(o.markSent(aId).ok());
        QVERIFY(o.acknowledge(QStringLiteral("a")).ok());
        opened->reset();
        auto reopened = Outbox::open(file());
        QVERIFY(reopened.ok());
        auto pending = (*reopened)->pending();
        QCOMPARE(keysOf(pending), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(pending->at(1).body, bodyOf(2));
        QCOMPARE(integrity(file()), QStringLiteral("ok"));
    }

    void spaceRunsOutAnywhere_data()
    {
        QTest::addColumn<qint64>("space");
        // From no room at all, through one and a half WAL frames (24 + 4096 bytes each), to room
        // for a few puts before the checkpoint at close runs short.
        for (qint64 space : {0, 1, 24, 4095, 4120, 4121, 6000, 8240, 12000, 16480, 20000, 33000, 41200, 60000})
            QTest::newRow(qPrintable(QString::number(space))) << space;
    }
    void spaceRunsOutAnywhere()
    {
        QFETCH(qint64, space);
        QStringList stored; // what put() said is stored and no acknowledge() took away
        {
            auto opened = Outbox::open(file());
            QVERIFY(opened.ok());
            Outbox &o = **opened;
            testutil::SqliteDiskFull disk(space);
            for (int i = 0; i < 12; ++i) {
                const QString key = QStringLiteral("k%1").arg(i);
                auto item = o.put(key, QStringLiteral("commit"), bodyOf(i), i);
                if (!item) {
                    QVERIFY2(isDiskFull(item.error()), qPrintable(item.error().toString()));
                    continue;
                }
                stored << key;
                if (i % 3 == 0 && o.acknowledge(key).ok())
                    stored.removeOne(key);
            }
            QCOMPARE(keysOf(o.pending()), stored);
            opened->reset(); // closed while the disk is still full: the WAL may stay behind
        }
        auto reopened = Outbox::open(file());
        QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error().toString()));
        auto pending = (*reopened)->pending();
        QCOMPARE(keysOf(pending), stored);
        for (const OutboxItem &item : *pending)
            QCOMPARE(item.body, bodyOf(item.key.mid(1).toInt()));
        QCOMPARE(integrity(file()), QStringLiteral("ok"));
        // Work goes on: the puts that failed succeed now.
        QVERIFY((*reopened)->put(QStringLiteral("k11"), QStringLiteral("commit"), bodyOf(11), 11).ok());
        QVERIFY(*(*reopened)->contains(QStringLiteral("k11")));
    }

private:
    QString file() const { return m_dir->filePath(QStringLiteral("outbox.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestOutboxDiskFull)
#include "TestOutboxDiskFull.moc"
