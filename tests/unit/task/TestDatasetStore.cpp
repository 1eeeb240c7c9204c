// The content-addressed store: put, verified load, and refusal of missing or altered shards.
#include "task/DatasetStore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;

class TestDatasetStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void putAndLoad()
    {
        QTemporaryDir dir;
        task::DatasetStore store(dir.path());
        const auto e = store.putFile(QStringLiteral(IDLEFORGE_TEST_DATA_DIR "/task/corpus.txt"));
        QVERIFY(e.ok());
        QFile f(QStringLiteral(IDLEFORGE_TEST_DATA_DIR "/task/corpus.txt"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QCOMPARE(e->size, bytes.size());
        // The address is the BLAKE2b-256 of the bytes (and so the file name).
        QCOMPARE(e->hash, crypto::blake2b256(std::string_view(bytes.constData(), size_t(bytes.size()))));
        QVERIFY(store.contains(e->hash));
        QCOMPARE(store.load(e->hash).value(), bytes);
        const auto resolved = store.resolve({task::DatasetRef::Kind::Bytes, e->hash, e->size});
        QCOMPARE(resolved.value(), bytes);
        QCOMPARE(store.resolve({task::DatasetRef::Kind::Bytes, e->hash, e->size + 1}).error().code, QStringLiteral("task.data_size"));
    }

    void alteredShardIsRefused()
    {
        QTemporaryDir dir;
        task::DatasetStore store(dir.path());
        const auto e = store.putBytes(QByteArrayLiteral("hello, forge"));
        QFile f(store.pathOf(e->hash));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello, forgE");
        f.close();
        QCOMPARE(store.load(e->hash).error().code, QStringLiteral("task.data_corrupt"));
        crypto::Hash256 missing{};
        QCOMPARE(store.load(missing).error().code, QStringLiteral("task.data_missing"));
    }

    void syntheticDataIsDeterministic()
    {
        QTemporaryDir dir;
        task::DatasetStore store(dir.path());
        const task::DatasetRef ref{task::DatasetRef::Kind::Synthetic, {}, 4096};
        const QByteArray a = store.resolve(ref).value();
        QCOMPARE(a.size(), 4096);
        QCOMPARE(store.resolve(ref).value(), a);
        QVERIFY(a.contains("forge"));
    }
};

QTEST_GUILESS_MAIN(TestDatasetStore)
#include "TestDatasetStore.moc"
