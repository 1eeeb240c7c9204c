// Checkpoint files: exact round trip, and refusal of truncated, altered or foreign files.
#include "compute/graph/Checkpoint.h"
#include "compute/graph/CheckpointWriter.h"
#include "crypto/Blake2b.h"
#include "crypto/Blake3.h"

#include <cstring>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef __linux__
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#endif

using namespace idleforge;
using namespace idleforge::graph;

namespace {

Checkpoint sample(std::int64_t step)
{
    Checkpoint c;
    c.taskId.fill(0x5a);
    c.state.step = step;
    c.state.tensors.push_back({"adam_m/w", {2, 3}, {1, 2, 3, 4, 5, 6}});
    c.state.tensors.push_back({"param/w", {2, 3}, {-0.0f, 1e-30f, 3.5f, -7, 0.25f, 1e30f}});
    for (std::int64_t i = 0; i <= step; ++i) {
        Hash256 h{};
        h[0] = std::uint8_t(i);
        c.hashes.push_back(h);
    }
    for (std::int64_t i = 0; i < step; ++i)
        c.losses.push_back(5.0f - float(i));
    return c;
}

// Writes c into dir and returns the file's bytes; empty (with the reason logged) if either fails.
QByteArray writtenFile(const std::string &dir, const Checkpoint &c)
{
    if (const std::string error = writeCheckpoint(dir, c); !error.empty()) {
        qWarning("writeCheckpoint: %s", error.c_str());
        return {};
    }
    QFile f(QString::fromStdString(checkpointPath(dir, c.state.step)));
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(f.fileName()));
        return {};
    }
    return f.readAll();
}

std::vector<std::uint8_t> bytesOf(const QByteArray &b) { return {b.begin(), b.end()}; }

// A format 03 file rewritten as format 02 wrote it: magic 02, no state hash, and a BLAKE3 trailer
// over every byte before it.
QByteArray formatTwo(QByteArray three)
{
    if (!three.startsWith("IFCKPT03"))
        return {};
    three[7] = '2';
    three.chop(64);
    const Hash256 trailer = crypto::blake3_256(std::string_view(three.constData(), size_t(three.size())));
    three.append(reinterpret_cast<const char *>(trailer.data()), 32);
    return three;
}

// A checkpoint whose state is about `bytes` of f32, so its pages can be counted.
Checkpoint large(std::int64_t step, std::size_t bytes)
{
    Checkpoint c = sample(step);
    const auto n = std::int64_t(bytes / sizeof(float));
    c.state.tensors.push_back({"param/x", {n}, std::vector<float>(std::size_t(n), float(step))});
    return c;
}

#ifdef __linux__
// The pages of `path` in the page cache, and all of its pages: {-1, -1} when it cannot be mapped.
std::pair<long, long> residentPages(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {-1, -1};
    const off_t size = ::lseek(fd, 0, SEEK_END);
    void *map = size > 0 ? ::mmap(nullptr, std::size_t(size), PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
    ::close(fd);
    if (map == MAP_FAILED)
        return {-1, -1};
    const long page = ::sysconf(_SC_PAGESIZE);
    std::vector<unsigned char> in(std::size_t((size + page - 1) / page));
    long resident = -1;
    if (::mincore(map, std::size_t(size), in.data()) == 0)
        resident = long(std::count_if(in.begin(), in.end(), [](unsigned char v) { return v & 1; }));
    ::munmap(map, std::size_t(size));
    return {resident, long(in.size())};
}
#endif

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const Checkpoint c = sample(4);
        QCOMPARE(writeCheckpoint(dir.path().toStdString(), c), std::string());
        std::string error;
        const auto back = readCheckpoint(checkpointPath(dir.path().toStdString(), 4), c.taskId, &error);
        QVERIFY2(back.has_value(), error.c_str());
        QCOMPARE(back->state.step, 4);
        QCOMPARE(stateHash(back->state), stateHash(c.state));
        QVERIFY(back->hashes == c.hashes);
        QVERIFY(back->losses == c.losses);
        QVERIFY(!QFile::exists(QString::fromStdString(checkpointPath(dir.path().toStdString(), 4) + ".tmp")));
    }

    // The background writer of the periodic checkpoints: the same file, written while the caller
    // goes on; a torn one (as a crash may leave it, unsynced) is skipped for the one before; a
    // failed write surfaces as an error at the next submit or drain.
    void backgroundWriterWritesSkipsTornAndReportsErrors()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        {
            CheckpointWriter writer(d);
            writer.submit(sample(2).taskId, sample(2).state, sample(2).hashes, sample(2).losses);
            writer.submit(sample(4).taskId, sample(4).state, sample(4).hashes, sample(4).losses);
            writer.drain();
        }
        const auto four = readCheckpoint(checkpointPath(d, 4), sample(4).taskId);
        QVERIFY(four && four->hashes == sample(4).hashes && stateHash(four->state) == stateHash(sample(4).state));
        QFile torn(QString::fromStdString(checkpointPath(d, 4)));
        QVERIFY(torn.resize(torn.size() / 2));
        const auto latest = latestCheckpoint(d, sample(4).taskId);
        QVERIFY(latest.has_value());
        QCOMPARE(latest->state.step, 2);

        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        CheckpointWriter failing(dir.filePath(QStringLiteral("file/under-a-file")).toStdString());
        failing.submit(sample(1).taskId, sample(1).state, sample(1).hashes, sample(1).losses);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, failing.drain());
        failing.drain(); // reported once
    }

    // CheckpointPages::Dropped: every file but the newest leaves the page cache once the next one
    // is written, and still reads back whole from disk; Kept leaves them all cached (the check
    // that the counting sees pages at all).
    void droppedPagesLeaveAboutOneCheckpointCached()
    {
#ifdef __linux__
        // In the build tree, not the temporary folder: that is often tmpfs, whose pages are the
        // files and cannot be dropped.
        QTemporaryDir dir(QStringLiteral(IDLEFORGE_BINARY_DIR "/page-cache-XXXXXX"));
        QVERIFY(dir.isValid());
        const std::string d = dir.path().toStdString();
        struct statfs fs {};
        if (::statfs(d.c_str(), &fs) == 0 && fs.f_type == TMPFS_MAGIC) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("the build tree is on tmpfs: CI must run this test on a disk");
            QSKIP("the build tree is on tmpfs: its pages are the files, and cannot be dropped");
        }
        const std::string kept = d + "/kept", dropped = d + "/dropped";
        for (const auto &[sub, pages] : {std::pair{kept, CheckpointPages::Kept}, std::pair{dropped, CheckpointPages::Dropped}}) {
            CheckpointWriter writer(sub, pages);
            for (std::int64_t step = 1; step <= 4; ++step) {
                const Checkpoint c = large(step, 1 << 20);
                writer.submit(c.taskId, c.state, c.hashes, c.losses);
            }
            writer.drain();
        }
        for (std::int64_t step = 1; step <= 4; ++step) {
            const auto [keptIn, keptAll] = residentPages(checkpointPath(kept, step));
            QVERIFY(keptAll > 256);
            QCOMPARE(keptIn, keptAll);
            const auto [droppedIn, droppedAll] = residentPages(checkpointPath(dropped, step));
            QCOMPARE(droppedAll, keptAll);
            if (step < 4)
                QVERIFY2(droppedIn <= droppedAll / 16, qPrintable(QStringLiteral("step %1: %2 of %3 pages cached").arg(step).arg(droppedIn).arg(droppedAll)));
            const Checkpoint c = large(step, 1 << 20);
            std::string error;
            const auto back = readCheckpoint(checkpointPath(dropped, step), c.taskId, &error);
            QVERIFY2(back.has_value(), error.c_str());
            QVERIFY(stateHash(back->state) == stateHash(c.state) && back->hashes == c.hashes);
        }
#else
        QSKIP("page-cache advice is Linux only");
#endif
    }

    // A FIFO or a symlink named as a checkpoint is refused at once (a FIFO opened for reading
    // would wait for a writer), and the newest real checkpoint before it is used.
    void fifoOrSymlinkNamedAsCheckpointIsRefusedWithoutBlocking()
    {
#ifdef __linux__
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        QVERIFY(!writtenFile(d, sample(2)).isEmpty());
        QCOMPARE(::mkfifo(checkpointPath(d, 4).c_str(), 0600), 0);
        QCOMPARE(::symlink(checkpointPath(d, 2).c_str(), checkpointPath(d, 6).c_str()), 0);
        std::string error;
        QVERIFY(!readCheckpoint(checkpointPath(d, 4), sample(4).taskId, &error));
        QVERIFY2(error.find("not a regular file") != std::string::npos, error.c_str());
        QVERIFY(!readCheckpoint(checkpointPath(d, 6), sample(2).taskId, &error));
        QVERIFY2(error.find("cannot open") != std::string::npos, error.c_str());
        for (const PageAdvice advice : {PageAdvice::Prefetch, PageAdvice::StartWriteback, PageAdvice::Drop})
            adviseCheckpointPages(d, 4, advice); // returns: the advice never waits on a FIFO either
        const auto latest = latestCheckpoint(d, sample(2).taskId);
        QVERIFY(latest.has_value());
        QCOMPARE(latest->state.step, 2);
#else
        QSKIP("POSIX FIFOs");
#endif
    }

    void damagedOrForeignFilesAreRefused()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const Checkpoint c = sample(3);
        const QByteArray good = writtenFile(d, c);
        QVERIFY(!good.isEmpty());
        const QString path = QString::fromStdString(checkpointPath(d, 3));
        std::string error;
        Hash256 other = c.taskId;
        other[5] ^= 1;
        QVERIFY(!readCheckpoint(path.toStdString(), other, &error));
        QVERIFY(error.find("another task") != std::string::npos);

        auto rewrite = [&](const QByteArray &bytes) {
            QFile w(path);
            QVERIFY(w.open(QIODevice::WriteOnly | QIODevice::Truncate));
            w.write(bytes);
        };
        for (qsizetype cut : {qsizetype(0), qsizetype(10), good.size() / 2, good.size() - 1}) {
            rewrite(good.left(cut));
            QVERIFY(!readCheckpoint(path.toStdString(), c.taskId));
        }
        for (qsizetype at : {qsizetype(0), qsizetype(60), good.size() / 2, good.size() - 1}) {
            QByteArray bad = good;
            bad[at] = char(bad[at] ^ 0x10);
            rewrite(bad);
            QVERIFY(!readCheckpoint(path.toStdString(), c.taskId, &error));
        }
        // The newest intact checkpoint wins; a corrupt newer one is skipped.
        QCOMPARE(writeCheckpoint(d, sample(2)), std::string());
        const auto latest = latestCheckpoint(d, c.taskId);
        QVERIFY(latest.has_value());
        QCOMPARE(latest->state.step, 2);
        QCOMPARE(listCheckpoints(d), (std::vector<std::int64_t>{2, 3}));
    }

    // A format 01 checkpoint (an earlier build: BLAKE2b state hashes and trailer) is refused by
    // name, not as a corrupt file, and not read: its h_0..h_t would not match this build's.
    void earlierFormatIsRefusedByName()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const Checkpoint c = sample(2);
        QByteArray bytes = formatTwo(writtenFile(d, c));
        const QString path = QString::fromStdString(checkpointPath(d, 2));
        // What format 01 wrote: format 02's layout, magic 01, a BLAKE2b trailer.
        bytes[7] = '1';
        bytes.chop(32);
        const Hash256 old = crypto::blake2b256(std::string_view(bytes.constData(), size_t(bytes.size())));
        bytes.append(reinterpret_cast<const char *>(old.data()), 32);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(bytes), bytes.size());
        f.close();
        std::string error;
        QVERIFY(!readCheckpoint(path.toStdString(), c.taskId, &error));
        QVERIFY2(error.find("earlier IdleForge (checkpoint format 01") != std::string::npos, error.c_str());
        QVERIFY(!latestCheckpoint(d, c.taskId).has_value());
    }

    // Format 03's integrity: the trailer covers the metadata and the stored state hash covers the
    // tensors, which the reader hashes again. Format 02 (a trailer over every byte, no state hash),
    // as builds before format 03 wrote it, still reads back the same checkpoint.
    void stateHashGuardsTheTensorsAndFormat02StillReads()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const Checkpoint c = sample(3);
        const QByteArray good = writtenFile(d, c);
        QVERIFY(good.startsWith("IFCKPT03"));
        const Hash256 h = stateHash(c.state);
        // The stored state hash sits just before the trailer.
        QCOMPARE(good.mid(good.size() - 64, 32), QByteArray(reinterpret_cast<const char *>(h.data()), 32));
        std::string error;
        const auto back = parseCheckpoint(bytesOf(good), c.taskId, &error);
        QVERIFY2(back && back->hashOfState == h, error.c_str());

        // A flipped bit in a tensor's data: the trailer still matches, the state hash does not.
        const qsizetype firstFloat = good.indexOf("adam_m/w") + 8 + 4 + 2 * 8;
        QByteArray bad = good;
        bad[firstFloat + 1] = char(bad[firstFloat + 1] ^ 0x04);
        QVERIFY(!parseCheckpoint(bytesOf(bad), c.taskId, &error));
        QCOMPARE(error, std::string("state hash mismatch (corrupt tensor data)"));
        // A flipped bit in a stored h_t: the trailer catches it.
        bad = good;
        const qsizetype firstHash = good.size() - 32 - 32 - 3 * 4 - 8 - 4 * 32; // before: the losses, their count
        bad[firstHash] = char(bad[firstHash] ^ 0x01);
        QVERIFY(!parseCheckpoint(bytesOf(bad), c.taskId, &error));
        QCOMPARE(error, std::string("checksum mismatch (corrupt or truncated)"));

        const QByteArray two = formatTwo(good);
        const auto old = parseCheckpoint(bytesOf(two), c.taskId, &error);
        QVERIFY2(old.has_value(), error.c_str());
        QVERIFY(old->hashes == c.hashes && old->losses == c.losses && stateHash(old->state) == h);
        QVERIFY(!old->hashOfState.has_value());
        QByteArray twoBad = two;
        twoBad[firstFloat] = char(twoBad[firstFloat] ^ 0x01);
        QVERIFY(!parseCheckpoint(bytesOf(twoBad), c.taskId, &error));
        QCOMPARE(error, std::string("checksum mismatch (corrupt or truncated)"));
    }

    void parsesBytesWithTheFileChecks()
    {
        QTemporaryDir dir;
        const Checkpoint c = sample(2);
        const QByteArray file = writtenFile(dir.path().toStdString(), c);
        QVERIFY(!file.isEmpty());
        const std::vector<std::uint8_t> bytes(file.begin(), file.end());
        std::string error;
        const auto parsed = parseCheckpoint(bytes, c.taskId, &error);
        QVERIFY2(parsed.has_value(), error.c_str());
        QVERIFY(parsed->hashes == c.hashes && parsed->losses == c.losses);
        QVERIFY(!parseCheckpoint(std::span(bytes).first(20), c.taskId, &error));
        QCOMPARE(error, std::string("truncated")); // readCheckpoint adds the path
    }

    // A CheckpointReader reads into the buffers of the last read: the same checkpoint as a fresh
    // readCheckpoint gives, with (nearly) no page touched for the first time where the shapes
    // repeat; one of another shape, a corrupt one in between, and a file that says it is empty
    // (procfs) are read as they are. The state is 40 MB, above glibc's largest mmap threshold,
    // so a fresh buffer would be fresh pages: ~10,000 faults each for the file and the tensor.
    void aReaderWritesOverTheLastRead()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        for (std::int64_t step : {3, 5})
            QCOMPARE(writeCheckpoint(d, large(step, std::size_t(40) << 20)), std::string());
        QCOMPARE(writeCheckpoint(d, sample(4)), std::string());
        CheckpointReader reader;
        Checkpoint into;
        std::string error;
        const auto sameAsFresh = [&](std::int64_t step) {
            const auto fresh = readCheckpoint(checkpointPath(d, step), into.taskId);
            return fresh && fresh->state.step == into.state.step && stateHash(fresh->state) == stateHash(into.state)
                && fresh->hashes == into.hashes && fresh->losses == into.losses && into.hashOfState == fresh->hashOfState;
        };
        // The later file is the larger (h_0..h_t grow with t), so it is read first here.
        QVERIFY2(reader.read(checkpointPath(d, 5), sample(0).taskId, into, &error), error.c_str());
        QVERIFY(sameAsFresh(5));
#ifdef __linux__
        const auto faults = [] {
            struct rusage u {};
            ::getrusage(RUSAGE_THREAD, &u);
            return long(u.ru_minflt);
        };
        const long before = faults();
#endif
        QVERIFY(reader.read(checkpointPath(d, 3), sample(0).taskId, into));
#ifdef __linux__
        const long touched = faults() - before;
        QVERIFY2(touched < 1000, qPrintable(QStringLiteral("%1 page faults reading a 40 MB checkpoint again").arg(touched)));
#endif
        QVERIFY(sameAsFresh(3));

        QVERIFY(reader.read(checkpointPath(d, 4), sample(0).taskId, into)); // two tensors, not three
        QCOMPARE(into.state.tensors.size(), std::size_t(2));
        QVERIFY(sameAsFresh(4));
        QFile torn(QString::fromStdString(checkpointPath(d, 5)));
        QVERIFY(torn.open(QIODevice::ReadWrite));
        QVERIFY(torn.resize(torn.size() / 2));
        torn.close();
        QVERIFY(!reader.read(checkpointPath(d, 5), sample(0).taskId, into, &error));
        QVERIFY(error.find("step-0000000005.ckpt") != std::string::npos);
        QVERIFY(reader.read(checkpointPath(d, 3), sample(0).taskId, into));
        QVERIFY(sameAsFresh(3));
#ifdef __linux__
        struct stat st {};
        QVERIFY(::stat("/proc/self/status", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0);
        QVERIFY(!reader.read("/proc/self/status", sample(0).taskId, into, &error));
        QVERIFY2(error.find("not a checkpoint file") != std::string::npos, error.c_str()); // read past "0 bytes"
#endif
    }

    // A tensor count the file cannot hold is refused before anything is sized by it.
    void anImpossibleTensorCountIsRefused()
    {
        std::vector<std::uint8_t> bytes(8 + 32 + 8 + 4 + 128, 0);
        std::memcpy(bytes.data(), kCheckpointMagic, 8);
        const std::uint32_t count = 0xffffffffu;
        std::memcpy(bytes.data() + 48, &count, 4);
        std::string error;
        QVERIFY(!parseCheckpoint(bytes, Hash256{}, &error));
        QCOMPARE(error, std::string("bad tensor count"));
    }

    // Found by fuzz_checkpoint (tests/data/fuzz/crashes/checkpoint/): a checkpoint with an empty
    // list (step 0: no losses; or a tensor with no elements) passed the null data() of that
    // empty vector to memcpy, which is undefined behaviour even for 0 bytes.
    void emptyListsReadBack()
    {
        QFile f(QStringLiteral(IDLEFORGE_TEST_DATA_DIR "/fuzz/crashes/checkpoint/step0-no-losses-memcpy-null"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray body = f.readAll(); // the fuzzer's input: the file without its trailer
        std::vector<std::uint8_t> bytes(body.begin(), body.end());
        const Hash256 trailer = crypto::blake3_256(std::span<const std::uint8_t>(bytes));
        bytes.insert(bytes.end(), trailer.begin(), trailer.end());
        Hash256 taskId{};
        std::copy(bytes.begin() + 8, bytes.begin() + 40, taskId.begin());
        std::string error;
        const auto parsed = parseCheckpoint(bytes, taskId, &error);
        QVERIFY2(parsed.has_value(), error.c_str());
        QCOMPARE(parsed->state.step, 0);
        QVERIFY(parsed->state.tensors.empty() && parsed->losses.empty());
        QCOMPARE(parsed->hashes.size(), std::size_t(1));

        QTemporaryDir dir;
        Checkpoint c = sample(0);
        c.state.tensors.push_back({"zero/w", {0, 4}, {}});
        QCOMPARE(writeCheckpoint(dir.path().toStdString(), c), std::string());
        const auto back = readCheckpoint(checkpointPath(dir.path().toStdString(), 0), c.taskId, &error);
        QVERIFY2(back.has_value(), error.c_str());
        QCOMPARE(back->state.tensors.back().shape, (std::vector<std::int64_t>{0, 4}));
        QVERIFY(back->state.tensors.back().data.empty());
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "TestCheckpoint.moc"
