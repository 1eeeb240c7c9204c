// Checkpoint files: exact round trip, and refusal of truncated, altered or foreign files.
#include "compute/graph/Checkpoint.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

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

    void damagedOrForeignFilesAreRefused()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const Checkpoint c = sample(3);
        QCOMPARE(writeCheckpoint(d, c), std::string());
        const QString path = QString::fromStdString(checkpointPath(d, 3));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray good = f.readAll();
        f.close();
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

    void parsesBytesWithTheFileChecks()
    {
        QTemporaryDir dir;
        const Checkpoint c = sample(2);
        QCOMPARE(writeCheckpoint(dir.path().toStdString(), c), std::string());
        QFile f(QString::fromStdString(checkpointPath(dir.path().toStdString(), 2)));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray file = f.readAll();
        const std::vector<std::uint8_t> bytes(file.begin(), file.end());
        std::string error;
        const auto parsed = parseCheckpoint(bytes, c.taskId, &error);
        QVERIFY2(parsed.has_value(), error.c_str());
        QVERIFY(parsed->hashes == c.hashes && parsed->losses == c.losses);
        QVERIFY(!parseCheckpoint(std::span(bytes).first(20), c.taskId, &error));
        QCOMPARE(error, std::string("truncated")); // readCheckpoint adds the path
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "TestCheckpoint.moc"
