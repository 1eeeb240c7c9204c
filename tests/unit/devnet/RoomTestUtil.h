#pragma once
// A coordinator's rooms without the Coordinator (TestAuditDesk, TestSettlement): a real SQLite
// store in a temporary folder, the context the rooms share, a Settlement, registered providers
// and a pooled task.
#include "DevnetTestUtil.h"
#include "devnet/CoordinatorContext.h"
#include "devnet/Settlement.h"

#include <QTemporaryDir>
#include <QTest>

namespace idleforge::devnettest {

struct RoomFixture {
    ManualClock clock;
    const crypto::Ed25519KeyPair coordKey = crypto::Ed25519KeyPair::generate();
    devnet::CoordinatorOptions options;
    QTemporaryDir dir;
    std::unique_ptr<devnet::DevnetStore> store;
    std::unique_ptr<devnet::CoordinatorContext> ctx;
    std::unique_ptr<devnet::Settlement> settlement;

    static QString id(const crypto::Ed25519KeyPair &k) { return protocol::keyToBase58(k.publicKey()); }

    void open()
    {
        store = devnet::DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
        ctx = std::make_unique<devnet::CoordinatorContext>(
            devnet::CoordinatorContext{*store, options, clock, coordKey.publicKey(), nullptr, &coordKey, {}, {}});
        settlement = std::make_unique<devnet::Settlement>(*ctx);
    }
    void close()
    {
        settlement.reset();
        ctx.reset();
        store.reset();
        for (const char *f : {"devnet.sqlite", "devnet.sqlite-wal", "devnet.sqlite-shm"})
            QFile::remove(dir.filePath(QLatin1String(f)));
    }
    void addProviders(std::initializer_list<const crypto::Ed25519KeyPair *> nodes)
    {
        for (const auto *k : nodes)
            [&] { QVERIFY(store->upsertProvider(*protocol::CapabilityRecord::fromJson(capability(*k)), 1).ok()); }();
    }
    devnet::TaskRow addTask(qint64 reward = 10'000, qint64 steps = 20)
    {
        devnet::NewTask t;
        t.spec = smallSpec(steps);
        t.backend = QStringLiteral("repro");
        t.reward = reward;
        t.submitter = QStringLiteral("test");
        return store->addTask(t, 1).value();
    }
};

} // namespace idleforge::devnettest
