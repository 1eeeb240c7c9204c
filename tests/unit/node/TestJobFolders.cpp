// JobFolders: folder names, removal, and the disk measure the node's disk guard reads.
#include "node/JobFolders.h"

#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/statvfs.h>

#include <chrono>
#include <filesystem>

using idleforge::node::JobFolders;

class TestJobFolders : public QObject {
    Q_OBJECT

    static qint64 statvfsFree(const QString &path)
    {
        struct statvfs st {};
        if (::statvfs(QFile::encodeName(path).constData(), &st) != 0)
            return -1;
        return qint64(st.f_bavail) * qint64(st.f_frsize);
    }

private Q_SLOTS:
    // A fresh install: the jobs folder does not exist until the first task. Its free space is
    // that of the nearest existing parent, not 0 (0 read as "disk full" and kept the first task
    // from ever being taken: found by installer/test-package.sh on a fresh Debian root).
    void missingFolderMeasuresItsParent()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString jobs = tmp.filePath(QStringLiteral("not/yet/made/jobs"));
        QVERIFY(!QFileInfo::exists(jobs));
        const JobFolders folders(jobs);
        const JobFolders::Usage u = folders.measure();
        QCOMPARE(u.usedBytes, 0);
        const qint64 expected = statvfsFree(tmp.path());
        QVERIFY(expected > 0);
        // Other processes write to the same file system meanwhile: allow 64 MiB of drift.
        QVERIFY2(qAbs(u.freeBytes - expected) < (qint64(64) << 20),
                 qPrintable(QStringLiteral("%1 vs %2").arg(u.freeBytes).arg(expected)));
        QVERIFY(!QFileInfo::exists(jobs)); // measuring creates nothing
    }

    void usedBytesCountsFilesAndRemoveTaskFreesThem()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const JobFolders folders(tmp.path());
        const QJsonObject spec{{QStringLiteral("name"), QStringLiteral("t")}};
        const QString run = folders.workdirFor(QStringLiteral("task-1"), spec);
        const QString replica = folders.workdirFor(QStringLiteral("task-1"), spec, true);
        QVERIFY(run != replica);
        for (const QString &dir : {run, replica}) {
            QVERIFY(QDir().mkpath(dir));
            QFile f(QDir(dir).filePath(QStringLiteral("ckpt.bin")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(QByteArray(4096, 'x')), 4096);
        }
        QCOMPARE(folders.findWorkdir(QStringLiteral("task-1")), run);
        QCOMPARE(folders.measure().usedBytes, 8192);
        QCOMPARE(folders.removeTask(QStringLiteral("task-1")), 8192);
        QCOMPARE(folders.measure().usedBytes, 0);
        QVERIFY(folders.findWorkdir(QStringLiteral("task-1")).isEmpty());
    }

    // The in-memory twins of job folders (extra checkpoints): named as their job folder, deleted
    // with it, and an orphan (its job folder gone while the node was down) at the next sweep;
    // a twin of a task in play stays.
    void memoryTwinsGoWithTheirJobFolders()
    {
        QTemporaryDir jobs, shm;
        QVERIFY(jobs.isValid() && shm.isValid());
        const QDir memory(shm.filePath(QStringLiteral("0123456789abcdef")));
        const JobFolders folders(jobs.path(), memory.path());
        const QJsonObject spec{{QStringLiteral("name"), QStringLiteral("t")}};
        const auto put = [](const QString &dir) {
            QVERIFY(QDir().mkpath(dir));
            QFile f(QDir(dir).filePath(QStringLiteral("step-0000000002.ckpt")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(QByteArray(1000, 'x')), 1000);
        };
        QStringList twins;
        for (const QString &task : {QStringLiteral("task-1"), QStringLiteral("task-2"), QStringLiteral("task-3")}) {
            const QString run = folders.workdirFor(task, spec);
            const QString twin = folders.ramWorkdirOf(run);
            QCOMPARE(QFileInfo(twin).fileName(), QFileInfo(run).fileName());
            QCOMPARE(QFileInfo(twin).path(), memory.path());
            put(run);
            put(twin);
            twins << twin;
        }
        QCOMPARE(JobFolders::bytesBelow(twins[0]), 1000);
        // One cap for all twins: what the other two hold is taken off it; the free space bounds it too.
        QCOMPARE(folders.memoryAllowance(twins[0], 10'000, 0), 10'000 - 2000);
        QVERIFY(folders.memoryAllowance(twins[0], qint64(1) << 60, 0) <= JobFolders::freeBytesAt(memory.path()) + 1000);
        QVERIFY(folders.memoryAllowance(twins[0], 10'000, qint64(1) << 60) < 0);
        // The machine's headroom (MemoryKeeper) bounds what it may add to what it holds.
        QCOMPARE(folders.memoryAllowance(twins[0], 10'000, 0, 500), 1000 + 500);
        QCOMPARE(folders.memoryAllowance(twins[0], 10'000, 0, 0), 1000);
        QCOMPARE(folders.measure().usedBytes, 3000); // the disk only
        QCOMPARE(folders.removeTask(QStringLiteral("task-1")), 1000);
        QVERIFY(!QFileInfo::exists(twins[0]));
        // task-2's and task-3's job folders go (settled while we were down); task-3 is in play.
        QVERIFY(QDir(folders.workdirFor(QStringLiteral("task-2"), spec)).removeRecursively());
        QVERIFY(QDir(folders.workdirFor(QStringLiteral("task-3"), spec)).removeRecursively());
        folders.removeStale(qint64(24) * 3600 * 1000, {QStringLiteral("task-3")});
        QVERIFY(!QFileInfo::exists(twins[1]));
        QVERIFY(QFileInfo::exists(twins[2]));
        QVERIFY(JobFolders(jobs.path()).ramWorkdirOf(twins[2]).isEmpty()); // no memory folder: no twins
        QFile owner(memory.filePath(QStringLiteral("owner")));
        QVERIFY(owner.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(owner.readAll()), QFileInfo(jobs.path()).absoluteFilePath());
        folders.removeMemory();
        QVERIFY(!memory.exists());
    }

    // Memory folders beside ours: one whose owner's data directory is gone is swept, and one with no
    // owner file untouched for an hour; one whose data directory exists, one with no owner file but
    // fresh (its node is starting) and one not named like ours stay.
    void memoryFoldersOfGoneDataDirectoriesAreSwept()
    {
        QTemporaryDir data, shm;
        QVERIFY(data.isValid() && shm.isValid());
        const auto sibling = [&](const QString &name, const QString &owner) {
            const QString dir = shm.filePath(name);
            QVERIFY(QDir().mkpath(dir + QStringLiteral("/t1-0123456789abcdef/checkpoints-repro")));
            if (owner.isEmpty())
                return;
            QFile f(dir + QStringLiteral("/owner"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(owner.toUtf8());
        };
        sibling(QStringLiteral("aaaaaaaaaaaaaaaa"), QStringLiteral("/nonexistent-idleforge-data/jobs"));
        sibling(QStringLiteral("bbbbbbbbbbbbbbbb"), data.filePath(QStringLiteral("jobs"))); // jobs not made yet: its data dir counts
        sibling(QStringLiteral("cccccccccccccccc"), {});
        sibling(QStringLiteral("dddddddddddddddd"), {}); // no owner and untouched for two hours: stale
        const auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
        for (const char *path : {"dddddddddddddddd/t1-0123456789abcdef/checkpoints-repro", "dddddddddddddddd/t1-0123456789abcdef", "dddddddddddddddd"}) {
            std::error_code ec;
            std::filesystem::last_write_time(shm.filePath(QLatin1String(path)).toStdString(), old, ec);
            QVERIFY(!ec);
        }
        sibling(QStringLiteral("test-aaaaaaaaaa"), QStringLiteral("/nonexistent-idleforge-data/jobs"));
        const JobFolders folders(data.filePath(QStringLiteral("mine/jobs")), shm.filePath(QStringLiteral("0123456789abcdef")));
        folders.removeStale(qint64(24) * 3600 * 1000, {});
        QVERIFY(!QFileInfo::exists(shm.filePath(QStringLiteral("aaaaaaaaaaaaaaaa"))));
        QVERIFY(!QFileInfo::exists(shm.filePath(QStringLiteral("dddddddddddddddd"))));
        for (const char *kept : {"bbbbbbbbbbbbbbbb", "cccccccccccccccc", "test-aaaaaaaaaa"})
            QVERIFY2(QFileInfo::exists(shm.filePath(QLatin1String(kept))), kept);
        QVERIFY(QFileInfo::exists(shm.filePath(QStringLiteral("0123456789abcdef/owner"))));
    }

    void rootHasFreeSpace() { QVERIFY(JobFolders::freeBytesAt(QStringLiteral("/")) > 0); }
};

QTEST_GUILESS_MAIN(TestJobFolders)
#include "TestJobFolders.moc"
