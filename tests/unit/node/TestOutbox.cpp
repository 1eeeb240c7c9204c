// The node's durable outbox: order, idempotent put, acknowledgement and pruning, reopening, a
// writer killed with SIGKILL right after it reported each key, refusal of foreign and newer
// files (left byte-identical) and damaged bodies.
//
// The kill test re-executes this binary as the writer: `TestOutbox --outbox-child <path>`.
#include "db/Sqlite.h"
#include "node/Outbox.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <memory>

using namespace idleforge;
using namespace idleforge::node;

namespace {
constexpr int kPayloadChars = 3000; // a few pages per item, so a kill can tear a write

QByteArray digest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

QJsonObject childBody(int i)
{
    return QJsonObject{{QStringLiteral("i"), i}, {QStringLiteral("payload"), QString(kPayloadChars, QLatin1Char(char('a' + i % 26)))}};
}

QString text(const Error &e) { return e.toString(); }

// The writer: puts k-0, k-1, ... and prints each key only after put() returned.
int runChild(const QString &path)
{
    auto outbox = Outbox::open(path);
    if (!outbox) {
        std::fprintf(stderr, "%s\n", qPrintable(outbox.error().toString()));
        return 2;
    }
    for (int i = 0; i < 5000; ++i) {
        const QString key = QStringLiteral("k-%1").arg(i);
        auto item = (*outbox)->put(key, QStringLiteral("commitment"), childBody(i), 1'700'000'000'000 + i);
        if (!item) {
            std::fprintf(stderr, "%s\n", qPrintable(item.error().toString()));
            return 3;
        }
        std::printf("%s\n", qPrintable(key));
        std::fflush(stdout);
    }
    return 0;
}

QStringList keysOf(const QList<OutboxItem> &items)
{
    QStringList keys;
    for (const OutboxItem &item : items)
        keys << item.key;
    return keys;
}
} // namespace

class TestOutbox : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void putPendingAckOrder()
    {
        auto outbox = Outbox::open(file());
        QVERIFY2(outbox.ok(), qPrintable(outbox.ok() ? QString() : text(outbox.error())));
        Outbox &o = **outbox;
        QCOMPARE(o.path(), file());

        // Oldest first means in put order, even where the caller's clock went backwards.
        const QJsonObject body{{QStringLiteral("task"), QStringLiteral("t7")}, {QStringLiteral("n"), 3}};
        auto a = o.put(QStringLiteral("a"), QStringLiteral("commit"), body, 300);
        auto b = o.put(QStringLiteral("b"), QStringLiteral("audit_result"), {}, 100);
        auto c = o.put(QStringLiteral("c"), QStringLiteral("verify"), {{QStringLiteral("x"), true}}, 200);
        QVERIFY(a.ok() && b.ok() && c.ok());
        QVERIFY(a->id < b->id && b->id < c->id);
        QCOMPARE(a->body, body);
        QCOMPARE(a->createdMs, 300);
        QCOMPARE(a->attempts, 0);

        auto pending = o.pending();
        QVERIFY(pending.ok());
        QCOMPARE(keysOf(*pending), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(pending->at(0).type, QStringLiteral("commit"));
        QCOMPARE(pending->at(0).body, body);
        QCOMPARE(pending->at(0).createdMs, 300);
        QCOMPARE(pending->at(1).body, QJsonObject());

        QVERIFY(o.markSent(b->id).ok());
        QVERIFY(o.markSent(b->id).ok());
        QCOMPARE(o.pending()->at(1).attempts, 2);
        QCOMPARE(o.markSent(9999).error().code, QStringLiteral("outbox.unknown_id"));

        QVERIFY(o.acknowledge(QStringLiteral("b")).ok());
        QCOMPARE(keysOf(*o.pending()), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(*o.contains(QStringLiteral("b")), true); // remembered: a re-put is not sent again
        QCOMPARE(*o.contains(QStringLiteral("zzz")), false);
        QVERIFY(o.acknowledge(QStringLiteral("b")).ok());   // repeated ack
        QVERIFY(o.acknowledge(QStringLiteral("zzz")).ok()); // unknown key
        QVERIFY(o.acknowledge(QStringLiteral("a")).ok());
        QVERIFY(o.acknowledge(QStringLiteral("c")).ok());
        QVERIFY(o.pending()->isEmpty());

        QCOMPARE(o.put(QString(), QStringLiteral("t"), {}, 1).error().code, QStringLiteral("outbox.invalid"));
        QCOMPARE(o.put(QStringLiteral("k"), QString(), {}, 1).error().code, QStringLiteral("outbox.invalid"));

        // Stored as compact JSON text; the ack time kept on the row.
        auto db = db::Database::open(file());
        auto st = db->prepare("SELECT body, typeof(body), acked_ms IS NOT NULL FROM outbox WHERE key = 'a'");
        QVERIFY(*st->step());
        QCOMPARE(st->text(0), QStringLiteral(R"({"n":3,"task":"t7"})"));
        QCOMPARE(st->text(1), QStringLiteral("text"));
        QCOMPARE(st->int64(2), 1);
    }

    void idempotentPut()
    {
        auto outbox = Outbox::open(file());
        QVERIFY(outbox.ok());
        Outbox &o = **outbox;
        const QJsonObject first{{QStringLiteral("v"), 1}};
        auto one = o.put(QStringLiteral("k"), QStringLiteral("commit"), first, 10);
        QVERIFY(one.ok());
        QVERIFY(o.markSent(one->id).ok());
        auto two = o.put(QStringLiteral("k"), QStringLiteral("other"), {{QStringLiteral("v"), 2}}, 20);
        QVERIFY(two.ok());
        QCOMPARE(two->id, one->id);
        QCOMPARE(two->type, QStringLiteral("commit"));
        QCOMPARE(two->body, first);
        QCOMPARE(two->createdMs, 10);
        QCOMPARE(two->attempts, 1);
        QCOMPARE(o.pending()->size(), 1);
        QCOMPARE(o.pending()->at(0).body, first);

        // After the acknowledgement a late re-put does not queue the message again.
        QVERIFY(o.acknowledge(QStringLiteral("k")).ok());
        auto three = o.put(QStringLiteral("k"), QStringLiteral("commit"), first, 30);
        QVERIFY(three.ok());
        QCOMPARE(three->id, one->id);
        QVERIFY(o.pending()->isEmpty());
    }

    void survivesReopen()
    {
        qint64 lastId = 0;
        {
            auto o = Outbox::open(file());
            QVERIFY(o.ok());
            for (int i = 0; i < 5; ++i)
                lastId = (*o)->put(QStringLiteral("m%1").arg(i), QStringLiteral("commit"), {{QStringLiteral("i"), i}}, i)->id;
            QVERIFY((*o)->markSent((*o)->pending()->at(1).id).ok());
            QVERIFY((*o)->acknowledge(QStringLiteral("m0")).ok());
            QVERIFY((*o)->acknowledge(QStringLiteral("m4")).ok()); // the newest row
        }
        auto o = Outbox::open(file());
        QVERIFY2(o.ok(), qPrintable(o.ok() ? QString() : text(o.error())));
        auto pending = (*o)->pending();
        QCOMPARE(keysOf(*pending), (QStringList{QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3")}));
        QCOMPARE(pending->at(0).attempts, 1);
        QCOMPARE(pending->at(0).body, (QJsonObject{{QStringLiteral("i"), 1}}));
        QCOMPARE(pending->at(2).createdMs, 3);
        QVERIFY(*(*o)->contains(QStringLiteral("m4")));
        // Ids only grow: a new item never takes the id of an older one.
        QVERIFY((*o)->put(QStringLiteral("m5"), QStringLiteral("commit"), {}, 5)->id > lastId);

        auto db = db::Database::open(file());
        QCOMPARE(*db->queryInt("PRAGMA user_version"), 2);
        auto mode = db->prepare("PRAGMA journal_mode");
        QVERIFY(*mode->step());
        QCOMPARE(mode->text(0), QStringLiteral("wal"));
    }

    void prunesOldAcknowledged()
    {
        auto o = Outbox::open(file());
        QVERIFY(o.ok());
        QVERIFY((*o)->put(QStringLiteral("keep-pending"), QStringLiteral("commit"), {}, 1).ok());
        {
            auto db = db::Database::open(file());
            auto tx = db::Transaction::begin(*db);
            auto st = db->prepare("INSERT INTO outbox(key, type, body, created_ms, acked_ms) VALUES(?1, 'old', '{}', ?2, ?2)");
            for (qint64 i = 1; i <= 1005; ++i) {
                st->bind(1, QStringLiteral("old-%1").arg(i)).bind(2, i);
                QVERIFY(st->run().ok());
                st->reset();
            }
            QVERIFY(tx->commit().ok());
        }
        QVERIFY((*o)->put(QStringLiteral("new"), QStringLiteral("commit"), {}, 2).ok());
        QVERIFY((*o)->acknowledge(QStringLiteral("new")).ok());

        auto db = db::Database::open(file());
        QCOMPARE(*db->queryInt("SELECT count(*) FROM outbox WHERE acked_ms IS NOT NULL"), 1000);
        QCOMPARE(*db->queryInt("SELECT min(acked_ms) FROM outbox"), 7); // old-1..old-6 pruned
        QVERIFY(*(*o)->contains(QStringLiteral("new")));
        QVERIFY(!*(*o)->contains(QStringLiteral("old-6")));
        QCOMPARE(keysOf(*(*o)->pending()), QStringList{QStringLiteral("keep-pending")});
    }

    void killedWriterLosesNothing_data()
    {
        QTest::addColumn<int>("killAfter");
        QTest::newRow("first") << 1;
        QTest::newRow("few") << 7;
        QTest::newRow("many") << 60;
    }
    void killedWriterLosesNothing()
    {
        QFETCH(int, killAfter);
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--outbox-child"), file()});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

        QStringList printed;
        QByteArray buffer;
        while (printed.size() < killAfter) {
            if (!child.waitForReadyRead(30000))
                QFAIL(qPrintable(QStringLiteral("the writer stopped: %1").arg(QString::fromUtf8(child.readAllStandardError()))));
            buffer += child.readAllStandardOutput();
            for (qsizetype nl; (nl = buffer.indexOf('\n')) >= 0; buffer.remove(0, nl + 1))
                printed << QString::fromUtf8(buffer.left(nl));
        }
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        buffer += child.readAllStandardOutput(); // keys printed between the last read and the kill
        for (qsizetype nl; (nl = buffer.indexOf('\n')) >= 0; buffer.remove(0, nl + 1))
            printed << QString::fromUtf8(buffer.left(nl));

        {
            auto db = db::Database::open(file());
            QVERIFY(db.ok());
            auto check = db->prepare("PRAGMA integrity_check");
            QVERIFY(check.ok() && *check->step());
            QCOMPARE(check->text(0), QStringLiteral("ok"));
        }
        auto o = Outbox::open(file());
        QVERIFY2(o.ok(), qPrintable(o.ok() ? QString() : text(o.error())));
        auto pending = (*o)->pending();
        QVERIFY(pending.ok());
        QVERIFY2(pending->size() >= printed.size(),
                 qPrintable(QStringLiteral("%1 pending < %2 printed").arg(pending->size()).arg(printed.size())));
        const QStringList pendingKeys = keysOf(*pending);
        const QSet<QString> stored(pendingKeys.begin(), pendingKeys.end());
        for (const QString &key : printed)
            QVERIFY2(stored.contains(key), qPrintable(key + QStringLiteral(" was printed but is not pending")));
        // Whole items only, committed one after another: k-0..k-(n-1), each body intact.
        for (int i = 0; i < pending->size(); ++i) {
            QCOMPARE(pending->at(i).key, QStringLiteral("k-%1").arg(i));
            QCOMPARE(pending->at(i).body, childBody(i));
        }
        // And it keeps working.
        QVERIFY((*o)->put(QStringLiteral("after"), QStringLiteral("commitment"), {}, 1).ok());
        QVERIFY((*o)->acknowledge(QStringLiteral("k-0")).ok());
    }

    void foreignFileIsRefused_data()
    {
        QTest::addColumn<QByteArray>("setup"); // SQL run on a fresh file, or "text:" + raw bytes
        QTest::newRow("other app") << QByteArray("CREATE TABLE photos(id INTEGER);");
        QTest::newRow("other app, versioned") << QByteArray("CREATE TABLE photos(id INTEGER); PRAGMA user_version = 7;");
        QTest::newRow("other app, version 1") << QByteArray("CREATE TABLE outbox(x); PRAGMA user_version = 1;");
        QTest::newRow("other application id") << QByteArray("PRAGMA application_id = 42;");
        QTest::newRow("WAL file of another app") << QByteArray("PRAGMA journal_mode = WAL; CREATE TABLE t(x);");
        QTest::newRow("not SQLite") << QByteArray("text:{\"this\": \"is a settings file\"}\n");
        QTest::newRow("short garbage") << QByteArray("text:SQLite");
    }
    void foreignFileIsRefused()
    {
        QFETCH(QByteArray, setup);
        if (setup.startsWith("text:")) {
            QFile f(file());
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(setup.mid(5));
        } else {
            auto db = db::Database::open(file());
            QVERIFY(db->exec(setup.constData()).ok());
        }
        const QByteArray before = digest(file());
        QVERIFY(!before.isEmpty());
        auto o = Outbox::open(file());
        QVERIFY(!o.ok());
        QCOMPARE(o.error().code, QStringLiteral("outbox.foreign"));
        QVERIFY(o.error().message.contains(file()));
        QCOMPARE(digest(file()), before);
        QVERIFY(!QFile::exists(file() + QStringLiteral("-journal")));
        QVERIFY(!QFile::exists(file() + QStringLiteral("-wal")));
    }

    void tooNewIsRefused()
    {
        {
            auto o = Outbox::open(file());
            QVERIFY(o.ok());
            QVERIFY((*o)->put(QStringLiteral("k"), QStringLiteral("commit"), {}, 1).ok());
        }
        {
            auto db = db::Database::open(file());
            QVERIFY(db->exec("PRAGMA user_version = 3;").ok());
        }
        const QByteArray before = digest(file());
        auto o = Outbox::open(file());
        QVERIFY(!o.ok());
        QCOMPARE(o.error().code, QStringLiteral("outbox.too_new"));
        QCOMPARE(digest(file()), before);
    }

    void corruptBodyNeverCrashes()
    {
        auto outbox = Outbox::open(file());
        QVERIFY(outbox.ok());
        Outbox &o = **outbox;
        const QStringList keys{QStringLiteral("fine"), QStringLiteral("garbage"), QStringLiteral("array"),
                               QStringLiteral("binary"), QStringLiteral("empty"), QStringLiteral("deep"),
                               QStringLiteral("last")};
        for (const QString &key : keys)
            QVERIFY(o.put(key, QStringLiteral("commit"), {{QStringLiteral("key"), key}}, 1).ok());
        {
            auto db = db::Database::open(file());
            QVERIFY(db->exec("UPDATE outbox SET body = '{\"a\": 1' WHERE key = 'garbage';"
                             "UPDATE outbox SET body = '[1, 2]' WHERE key = 'array';"
                             "UPDATE outbox SET body = X'FFFE00617B7D' WHERE key = 'binary';"
                             "UPDATE outbox SET body = '' WHERE key = 'empty';")
                        .ok());
            auto st = db->prepare("UPDATE outbox SET body = ?1 WHERE key = 'deep'");
            st->bind(1, QString(200000, QLatin1Char('[')));
            QVERIFY(st->run().ok());
        }
        for (const char *key : {"garbage", "array", "binary", "empty", "deep"}) // once each, not per pending()
            QTest::ignoreMessage(QtWarningMsg, qPrintable(QStringLiteral("outbox: the stored body of %1 (commit) is damaged; it "
                                                                         "is not sent until it is put again")
                                                              .arg(QLatin1String(key))));
        for (int round = 0; round < 2; ++round) { // warned once, still skipped the second time
            auto pending = o.pending();
            QVERIFY(pending.ok());
            QCOMPARE(keysOf(*pending), (QStringList{QStringLiteral("fine"), QStringLiteral("last")}));
        }
        QVERIFY(*o.contains(QStringLiteral("garbage")));

        // Putting the message again repairs the row in place: same id, same place in the queue.
        const qint64 garbageId = *db::Database::open(file())->queryInt("SELECT id FROM outbox WHERE key = 'garbage'");
        const QJsonObject fresh{{QStringLiteral("again"), true}};
        QTest::ignoreMessage(QtWarningMsg, "outbox: repaired the damaged body of garbage");
        auto repaired = o.put(QStringLiteral("garbage"), QStringLiteral("commit"), fresh, 99);
        QVERIFY(repaired.ok());
        QCOMPARE(repaired->id, garbageId);
        QCOMPARE(repaired->body, fresh);
        QCOMPARE(repaired->createdMs, 1);
        auto pending = o.pending();
        QCOMPARE(keysOf(*pending), (QStringList{QStringLiteral("fine"), QStringLiteral("garbage"), QStringLiteral("last")}));
        QCOMPARE(pending->at(1).body, fresh);

        // The damaged rows can still be marked and acknowledged.
        const qint64 deepId = *db::Database::open(file())->queryInt("SELECT id FROM outbox WHERE key = 'deep'");
        QVERIFY(o.markSent(deepId).ok());
        QVERIFY(o.acknowledge(QStringLiteral("deep")).ok());
        QVERIFY(o.acknowledge(QStringLiteral("binary")).ok());
        QCOMPARE(o.pending()->size(), 3);
    }

private:
    QString file() const { return m_dir->filePath(QStringLiteral("outbox.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--outbox-child") == 0)
        return runChild(QString::fromLocal8Bit(argv[2]));
    QCoreApplication app(argc, argv);
    TestOutbox test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestOutbox.moc"
